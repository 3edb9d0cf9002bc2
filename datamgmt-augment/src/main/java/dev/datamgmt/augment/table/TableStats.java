package dev.datamgmt.augment.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the scaled-noise and categorical operations need to know about each column, computed once from the dataset
 * (or a representative sample) so that a row's result does not depend on the batch it came in: the standard
 * deviation of numeric columns, whether a numeric column holds only integers ({@code Integer}, {@code Long},
 * {@code Short}, {@code Byte}), and the categories (distinct non-numeric values, in first-seen order) of the others.
 *
 * <pre>{@code
 * TableAugmenter aug = TableAugmenter.of(pipeline).withStats(TableStats.of(trainingRows));
 * }</pre>
 */
public final class TableStats {
  private final double[] std;
  private final boolean[] integer;
  private final List<List<Object>> categories;

  private TableStats(double[] std, boolean[] integer, List<List<Object>> categories) {
    this.std = std;
    this.integer = integer;
    this.categories = categories;
  }

  /**
   * Computes the statistics of {@code rows}; missing cells ({@code null}) are ignored.
   *
   * @throws IllegalArgumentException if there are no rows or rows differ in width
   */
  public static TableStats of(List<Object[]> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("table statistics need at least one row");
    }
    int width = rows.get(0).length;
    double[] sum = new double[width], sq = new double[width], std = new double[width];
    int[] n = new int[width];
    boolean[] integer = new boolean[width], numeric = new boolean[width];
    java.util.Arrays.fill(integer, true);
    List<Set<Object>> cats = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      cats.add(new LinkedHashSet<>());
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      if (row.length != width) {
        throw new IllegalArgumentException("row " + r + " has " + row.length + " columns, row 0 has " + width);
      }
      for (int c = 0; c < width; c++) {
        if (row[c] instanceof Number num) {
          double v = num.doubleValue();
          sum[c] += v;
          sq[c] += v * v;
          n[c]++;
          numeric[c] = true;
          integer[c] &= isInteger(num);
        } else if (row[c] != null) {
          cats.get(c).add(row[c]);
        }
      }
    }
    List<List<Object>> categories = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      if (n[c] > 0) {
        double mean = sum[c] / n[c];
        std[c] = Math.sqrt(Math.max(0, sq[c] / n[c] - mean * mean));
      }
      integer[c] &= numeric[c];
      categories.add(List.copyOf(cats.get(c)));
    }
    return new TableStats(std, integer, List.copyOf(categories));
  }

  static boolean isInteger(Number num) {
    return num instanceof Integer || num instanceof Long || num instanceof Short || num instanceof Byte;
  }

  /** Number of columns. */
  public int width() {
    return std.length;
  }

  /** The (population) standard deviation of numeric column {@code c}; 0 for other columns. */
  public double std(int c) {
    return std[c];
  }

  /** Whether column {@code c} is numeric and holds only integer types. */
  public boolean isIntegerColumn(int c) {
    return integer[c];
  }

  /** The distinct non-numeric values of column {@code c}, in first-seen order. */
  public List<Object> categories(int c) {
    return categories.get(c);
  }
}
