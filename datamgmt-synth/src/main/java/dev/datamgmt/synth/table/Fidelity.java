package dev.datamgmt.synth.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How closely a synthetic table matches a real one: per numeric column the two-sample Kolmogorov-Smirnov
 * statistic, per categorical column the total variation distance, and the Frobenius norm of the difference of the
 * numeric columns' Pearson correlation matrices.
 *
 * @param ks KS statistic by numeric column (0 = identical distributions, 1 = disjoint)
 * @param tvd total variation distance by categorical column (0..1)
 * @param correlationDifference Frobenius norm of corr(real) - corr(synthetic) over the numeric columns
 * @param maxCorrelationDifference the largest absolute entry of that difference
 */
public record Fidelity(SortedMap<String, Double> ks, SortedMap<String, Double> tvd, double correlationDifference,
    double maxCorrelationDifference) {

  /** Copies the maps. */
  public Fidelity {
    ks = Collections.unmodifiableSortedMap(new TreeMap<>(ks));
    tvd = Collections.unmodifiableSortedMap(new TreeMap<>(tvd));
  }

  /**
   * Compares {@code synthetic} with {@code real}, column by column by name (missing values are ignored).
   *
   * @throws IllegalArgumentException if the tables do not have the same columns of the same kinds
   */
  public static Fidelity compare(Table real, Table synthetic) {
    if (!new HashSet<>(real.columnNames()).equals(new HashSet<>(synthetic.columnNames()))) {
      throw new IllegalArgumentException("tables have different columns: " + real.columnNames() + " vs "
          + synthetic.columnNames());
    }
    TreeMap<String, Double> ks = new TreeMap<>();
    TreeMap<String, Double> tvd = new TreeMap<>();
    List<String> numeric = new ArrayList<>();
    for (String c : real.columnNames()) {
      if (real.kind(c) != synthetic.kind(c)) {
        throw new IllegalArgumentException("column " + c + " is " + real.kind(c) + " in the real table but "
            + synthetic.kind(c) + " in the synthetic one");
      }
      if (real.kind(c) == Table.Kind.NUMERIC) {
        numeric.add(c);
        ks.put(c, ks(real.numeric(c), synthetic.numeric(c)));
      } else {
        tvd.put(c, tvd(real.categorical(c), synthetic.categorical(c)));
      }
    }
    double[][] a = correlation(real, numeric), b = correlation(synthetic, numeric);
    double frob = 0, max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        double d = a[i][j] - b[i][j];
        frob += d * d;
        max = Math.max(max, Math.abs(d));
      }
    }
    return new Fidelity(ks, tvd, Math.sqrt(frob), max);
  }

  /** The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs. */
  public static double ks(double[] x, double[] y) {
    double[] a = Arrays.stream(x).filter(v -> !Double.isNaN(v)).sorted().toArray();
    double[] b = Arrays.stream(y).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("KS needs values on both sides: " + a.length + " and " + b.length);
    }
    int i = 0, j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] <= v) {
        i++;
      }
      while (j < b.length && b[j] <= v) {
        j++;
      }
      d = Math.max(d, Math.abs(i / (double) a.length - j / (double) b.length));
    }
    return d;
  }

  /** Total variation distance between the category frequencies: half the L1 distance. */
  public static double tvd(String[] x, String[] y) {
    Map<String, Double> px = frequencies(x), py = frequencies(y);
    Set<String> all = new HashSet<>(px.keySet());
    all.addAll(py.keySet());
    double s = 0;
    for (String c : all) {
      s += Math.abs(px.getOrDefault(c, 0.0) - py.getOrDefault(c, 0.0));
    }
    return s / 2;
  }

  private static Map<String, Double> frequencies(String[] v) {
    Map<String, Double> f = new HashMap<>();
    long n = Arrays.stream(v).filter(s -> s != null).count();
    for (String s : v) {
      if (s != null) {
        f.merge(s, 1.0 / n, Double::sum);
      }
    }
    return f;
  }

  private static double[][] correlation(Table t, List<String> cols) {
    int k = cols.size();
    double[][] v = new double[k][];
    for (int i = 0; i < k; i++) {
      v[i] = t.numeric(cols.get(i));
    }
    double[][] r = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        r[a][b] = pearson(v[a], v[b]);
      }
    }
    return r;
  }

  private static double pearson(double[] x, double[] y) {
    double mx = 0, my = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        mx += x[i];
        my += y[i];
        n++;
      }
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
      }
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }
}
