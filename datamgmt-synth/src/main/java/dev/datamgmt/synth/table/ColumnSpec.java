package dev.datamgmt.synth.table;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;

/**
 * A declared column: a name and either a numeric {@link Distribution} or a categorical {@link WeightedChoice}.
 *
 * @param name the column name
 * @param numeric the distribution of a numeric column, or null
 * @param categorical the choice of a categorical column, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnSpec(String name, Distribution numeric, WeightedChoice categorical) {
  /** Validates: a non-blank name and exactly one of numeric and categorical. */
  @JsonCreator
  public ColumnSpec(@JsonProperty("name") String name, @JsonProperty("numeric") Distribution numeric,
      @JsonProperty("categorical") WeightedChoice categorical) {
    if (name == null || name.isBlank()) {
      throw new InvalidSettingException("table.column.name", "a non-blank name", name);
    }
    if ((numeric == null) == (categorical == null)) {
      throw new InvalidSettingException("table.column " + name, "exactly one of numeric and categorical",
          numeric == null ? "neither" : "both");
    }
    this.name = name;
    this.numeric = numeric;
    this.categorical = categorical;
  }

  /** A numeric column. */
  public static ColumnSpec numeric(String name, Distribution d) {
    return new ColumnSpec(name, d, null);
  }

  /** A categorical column. */
  public static ColumnSpec categorical(String name, WeightedChoice c) {
    return new ColumnSpec(name, null, c);
  }
}
