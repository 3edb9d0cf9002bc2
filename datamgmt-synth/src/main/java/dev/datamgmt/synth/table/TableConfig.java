package dev.datamgmt.synth.table;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The configuration of the {@value #NAME} generator: rows of independent columns, each from its declared
 * distribution, drawn in column order. A row is a record with no blob whose attributes are the columns.
 *
 * <pre>{@code
 * TableConfig c = new TableConfig(List.of(
 *     ColumnSpec.numeric("age", Distribution.truncatedNormal(40, 12, 18, 90)),
 *     ColumnSpec.categorical("plan", new WeightedChoice(List.of("free", "pro"), List.of(9.0, 1.0)))));
 * }</pre>
 *
 * @param columns the columns, with distinct names, at least one
 */
public record TableConfig(List<ColumnSpec> columns) implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "table";

  /** Validates. */
  @JsonCreator
  public TableConfig(@JsonProperty("columns") List<ColumnSpec> columns) {
    if (columns == null || columns.isEmpty()) {
      throw new InvalidSettingException("table.columns", "at least one column", columns);
    }
    HashSet<String> names = new HashSet<>();
    for (ColumnSpec c : columns) {
      if (!names.add(c.name())) {
        throw new InvalidSettingException("table.columns", "distinct names", c.name() + " (twice)");
      }
    }
    this.columns = List.copyOf(columns);
  }

  @Override
  public Generator newGenerator() {
    TableConfig config = this;
    return new Generator() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public Object configuration() {
        return config;
      }

      @Override
      public GeneratedSample generate(long index, SplittableRandom random) {
        GeneratedSample.Builder b = GeneratedSample.builder();
        for (ColumnSpec c : columns) {
          b.addAttribute(c.name(), c.numeric() != null ? (Object) c.numeric().sample(random)
              : c.categorical().sample(random));
        }
        return b.build();
      }
    };
  }
}
