package dev.datamgmt.synth.table;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.dist.WeightedChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One {@link CopulaConfig} per category of a column (the configuration of the {@value #NAME} generator): a row
 * draws its category of {@code by} first (one {@code nextDouble()}, with the observed frequencies), then the other
 * columns from that category's copula. A single copula sees a class label as one ordinal score and blurs the
 * class-conditional structure a classifier needs; fitting per class keeps it (TSTR close to TRTR, see the tests).
 *
 * @param by the conditioning (categorical) column
 * @param classes its categories with their observed frequencies
 * @param parts one copula per category, in {@code classes.values} order, over the other columns
 */
public record ConditionalCopulaConfig(String by, WeightedChoice classes, List<CopulaConfig> parts)
    implements GeneratorConfig {
  /** The generator's registered name. */
  public static final String NAME = "conditional-gaussian-copula";

  /** Validates. */
  @JsonCreator
  public ConditionalCopulaConfig(@JsonProperty("by") String by, @JsonProperty("classes") WeightedChoice classes,
      @JsonProperty("parts") List<CopulaConfig> parts) {
    if (by == null || classes == null || parts == null || parts.size() != classes.values().size()) {
      throw new InvalidSettingException("conditionalCopula", "a column, its classes and one copula per class",
          by + ", " + classes + ", " + (parts == null ? null : parts.size() + " parts"));
    }
    this.by = by;
    this.classes = classes;
    this.parts = List.copyOf(parts);
  }

  /**
   * Fits one copula per category of the categorical column {@code by} (rows where it is missing are left out).
   *
   * @throws InvalidSettingException if a category has fewer than 3 rows, or a column is constant or all missing
   *     within a category (the message names the category)
   */
  public static ConditionalCopulaConfig fit(Table table, String by) {
    String[] labels = table.categorical(by);
    java.util.TreeMap<String, List<Integer>> rows = new java.util.TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != null) {
        rows.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
      }
    }
    List<String> others = table.columnNames().stream().filter(c -> !c.equals(by)).toList();
    Table.Builder without = Table.builder();
    for (String c : others) {
      if (table.kind(c) == Table.Kind.NUMERIC) {
        without.addNumeric(c, table.numeric(c));
      } else {
        without.addCategorical(c, table.categorical(c));
      }
    }
    Table rest = without.build();
    List<String> names = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<CopulaConfig> parts = new ArrayList<>();
    for (var e : rows.entrySet()) {
      names.add(e.getKey());
      weights.add((double) e.getValue().size());
      try {
        parts.add(CopulaConfig.fit(rest.rows(e.getValue().stream().mapToInt(Integer::intValue).toArray())));
      } catch (InvalidSettingException ex) {
        throw new InvalidSettingException(ex.setting() + " where " + by + " = " + e.getKey(), ex.expected(),
            ex.found());
      }
    }
    return new ConditionalCopulaConfig(by, new WeightedChoice(names, weights), parts);
  }

  @Override
  public Generator newGenerator() {
    ConditionalCopulaConfig config = this;
    List<Generator> generators = parts.stream().map(CopulaConfig::newGenerator).toList();
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
      public GeneratedSample generate(long index, SplittableRandom random) throws Exception {
        int k = classes.sampleIndex(random);
        GeneratedSample part = generators.get(k).generate(index, random);
        GeneratedSample.Builder b = GeneratedSample.builder().addAttribute(by, classes.values().get(k));
        part.attributes().forEach(b::addAttribute);
        return b.build();
      }
    };
  }
}
