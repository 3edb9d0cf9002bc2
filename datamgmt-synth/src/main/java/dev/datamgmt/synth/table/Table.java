package dev.datamgmt.synth.table;

import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.GenerationException;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small in-memory table of numeric and categorical columns, the input of {@link CopulaConfig#fit} and of the
 * {@link Fidelity} and {@link Utility} checks. A missing numeric value is {@code NaN}, a missing category
 * {@code null}. Immutable.
 */
public final class Table {
  /** A column's kind. */
  public enum Kind {
    /** Real numbers. */
    NUMERIC,
    /** Category names. */
    CATEGORICAL
  }

  private final LinkedHashMap<String, Object> columns; // double[] or String[]
  private final int rows;

  private Table(LinkedHashMap<String, Object> columns, int rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /** Starts a table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Samples {@code [0, n)} of a row generator (one whose samples carry numbers and strings as attributes, as
   * {@link TableConfig} and {@link CopulaConfig} generators do) as a table.
   */
  public static Table generate(Generator generator, long seed, int n) throws GenerationException {
    List<Map<String, Object>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      GeneratedSample s = Synth.sample(generator, seed, i);
      rows.add(s.attributes());
    }
    return fromRows(rows);
  }

  /** A table from rows of attributes: a column is numeric when its first non-null value is a number. */
  public static Table fromRows(List<? extends Map<String, Object>> rows) {
    Builder b = builder();
    if (rows.isEmpty()) {
      return b.build();
    }
    for (String name : rows.get(0).keySet()) {
      boolean numeric = rows.stream().map(r -> r.get(name)).filter(Objects::nonNull).findFirst()
          .map(v -> v instanceof Number).orElse(false);
      if (numeric) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Object o = rows.get(i).get(name);
          v[i] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        b.addNumeric(name, v);
      } else {
        String[] v = new String[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Object o = rows.get(i).get(name);
          v[i] = o == null ? null : o.toString();
        }
        b.addCategorical(name, v);
      }
    }
    return b.build();
  }

  /** The number of rows. */
  public int rowCount() {
    return rows;
  }

  /** Column names in order. */
  public List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }

  /** The kind of a column. @throws IllegalArgumentException if there is no such column */
  public Kind kind(String name) {
    return column(name) instanceof double[] ? Kind.NUMERIC : Kind.CATEGORICAL;
  }

  /** A numeric column's values (a copy). */
  public double[] numeric(String name) {
    if (!(column(name) instanceof double[] v)) {
      throw new IllegalArgumentException("column " + name + " is categorical, not numeric");
    }
    return v.clone();
  }

  /** A categorical column's values (a copy). */
  public String[] categorical(String name) {
    if (!(column(name) instanceof String[] v)) {
      throw new IllegalArgumentException("column " + name + " is numeric, not categorical");
    }
    return v.clone();
  }

  /** The rows at these positions, in this order. */
  public Table rows(int[] positions) {
    Builder b = builder();
    for (Map.Entry<String, Object> e : columns.entrySet()) {
      if (e.getValue() instanceof double[] v) {
        b.addNumeric(e.getKey(), Arrays.stream(positions).mapToDouble(i -> v[i]).toArray());
      } else {
        String[] v = (String[]) e.getValue();
        b.addCategorical(e.getKey(), Arrays.stream(positions).mapToObj(i -> v[i]).toArray(String[]::new));
      }
    }
    return b.build();
  }

  private Object column(String name) {
    Object c = columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no column " + name + "; columns are " + columns.keySet());
    }
    return c;
  }

  /** Builds a {@link Table}; every column must have the same length. */
  public static final class Builder {
    private final LinkedHashMap<String, Object> columns = new LinkedHashMap<>();
    private int rows = -1;

    private Builder() {}

    /** Adds a numeric column (NaN = missing); the values are copied. */
    public Builder addNumeric(String name, double[] values) {
      return add(name, values.clone(), values.length);
    }

    /** Adds a categorical column (null = missing); the values are copied. */
    public Builder addCategorical(String name, String[] values) {
      return add(name, values.clone(), values.length);
    }

    private Builder add(String name, Object values, int length) {
      Objects.requireNonNull(name, "name");
      if (columns.containsKey(name)) {
        throw new IllegalArgumentException("column " + name + " was already added");
      }
      if (rows >= 0 && length != rows) {
        throw new IllegalArgumentException("column " + name + " has " + length + " rows, the table " + rows);
      }
      rows = length;
      columns.put(name, values);
      return this;
    }

    /** Builds the table. */
    public Table build() {
      return new Table(new LinkedHashMap<>(columns), Math.max(rows, 0));
    }
  }
}
