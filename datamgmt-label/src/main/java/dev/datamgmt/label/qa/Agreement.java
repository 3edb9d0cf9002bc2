package dev.datamgmt.label.qa;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Inter-annotator agreement: Cohen's kappa (two raters; unweighted, linear or quadratic weights), Fleiss' kappa
 * (many raters, the same number per item) and Krippendorff's alpha (any number of raters, missing ratings;
 * nominal, ordinal, interval or ratio data). Each matches its reference: scikit-learn's {@code cohen_kappa_score},
 * statsmodels' {@code fleiss_kappa}, and the worked example in Krippendorff's "Computing Krippendorff's
 * Alpha-Reliability" (2011); the tests check golden values made by those.
 *
 * <p>Values are 1 for perfect agreement, 0 for agreement at chance, negative below chance; NaN where the
 * statistic is undefined (e.g. both raters always chose the same single class).
 */
public final class Agreement {
  private Agreement() {}

  /** The weights of a weighted Cohen's kappa: how much a disagreement between classes i and j costs. */
  public enum KappaWeights {
    /** Every disagreement costs 1 (plain Cohen's kappa). */
    NONE,
    /** {@code |i - j|}: for ordered classes. */
    LINEAR,
    /** {@code (i - j)^2}: for ordered classes, large disagreements cost more. */
    QUADRATIC
  }

  /** The level of measurement for Krippendorff's alpha: how different two values are. */
  public enum Level {
    /** Categories: equal or not. */
    NOMINAL,
    /** Ranks: the distance counts the values between them. */
    ORDINAL,
    /** Numbers on an interval scale: squared difference. */
    INTERVAL,
    /** Numbers with a true zero: squared relative difference. */
    RATIO
  }

  /**
   * Cohen's kappa between two raters who rated the same items.
   *
   * @param a the first rater's class per item, in {@code [0, numClasses)}
   * @param b the second rater's, same length
   * @throws IllegalArgumentException if the lengths differ, are 0 or a class is out of range
   */
  public static double cohenKappa(int[] a, int[] b, int numClasses, KappaWeights weights) {
    Objects.requireNonNull(weights, "weights");
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("need two equally long, non-empty rating lists: " + a.length + " and "
          + b.length);
    }
    double[][] observed = new double[numClasses][numClasses];
    for (int i = 0; i < a.length; i++) {
      checkClass(a[i], numClasses, "a", i);
      checkClass(b[i], numClasses, "b", i);
      observed[a[i]][b[i]]++;
    }
    double[] rowSum = new double[numClasses];
    double[] colSum = new double[numClasses];
    for (int i = 0; i < numClasses; i++) {
      for (int j = 0; j < numClasses; j++) {
        rowSum[i] += observed[i][j];
        colSum[j] += observed[i][j];
      }
    }
    double n = a.length;
    double num = 0;
    double den = 0;
    for (int i = 0; i < numClasses; i++) {
      for (int j = 0; j < numClasses; j++) {
        double w = switch (weights) {
          case NONE -> i == j ? 0 : 1;
          case LINEAR -> Math.abs(i - j);
          case QUADRATIC -> (double) (i - j) * (i - j);
        };
        num += w * observed[i][j];
        den += w * rowSum[i] * colSum[j] / n;
      }
    }
    return 1 - num / den;
  }

  /** Cohen's kappa of two raters (columns) of {@code ratings}, over the items both rated. */
  public static double cohenKappa(Ratings ratings, int raterA, int raterB, KappaWeights weights) {
    int n = 0;
    int[] a = new int[ratings.numItems()];
    int[] b = new int[ratings.numItems()];
    for (int i = 0; i < ratings.numItems(); i++) {
      int x = ratings.get(i, raterA);
      int y = ratings.get(i, raterB);
      if (x != Ratings.MISSING && y != Ratings.MISSING) {
        a[n] = x;
        b[n] = y;
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("raters " + ratings.raterIds().get(raterA) + " and "
          + ratings.raterIds().get(raterB) + " rated no item in common");
    }
    return cohenKappa(Arrays.copyOf(a, n), Arrays.copyOf(b, n), ratings.numClasses(), weights);
  }

  private static void checkClass(int c, int numClasses, String rater, int item) {
    if (c < 0 || c >= numClasses) {
      throw new IllegalArgumentException(rater + "[" + item + "] not in [0, " + numClasses + "): " + c);
    }
  }

  /**
   * Fleiss' kappa from a table of counts: {@code counts[item][class]} raters chose that class for that item,
   * the same number of raters for every item (as statsmodels' {@code fleiss_kappa(table, method="fleiss")}).
   *
   * @throws IllegalArgumentException if the rows sum to different totals or a total is below 2
   */
  public static double fleissKappa(int[][] counts) {
    if (counts.length == 0) {
      throw new IllegalArgumentException("no items");
    }
    int k = counts[0].length;
    int raters = Arrays.stream(counts[0]).sum();
    if (raters < 2) {
      throw new IllegalArgumentException("Fleiss' kappa needs >= 2 ratings per item, item 0 has " + raters);
    }
    double[] p = new double[k];
    double pBar = 0;
    for (int i = 0; i < counts.length; i++) {
      int sum = 0;
      double sq = 0;
      for (int j = 0; j < k; j++) {
        sum += counts[i][j];
        sq += (double) counts[i][j] * counts[i][j];
        p[j] += counts[i][j];
      }
      if (sum != raters) {
        throw new IllegalArgumentException("item " + i + " has " + sum + " ratings, item 0 has " + raters
            + "; Fleiss' kappa needs the same number per item (use Krippendorff's alpha otherwise)");
      }
      pBar += (sq - raters) / ((double) raters * (raters - 1));
    }
    pBar /= counts.length;
    double pe = 0;
    for (int j = 0; j < k; j++) {
      double pj = p[j] / ((double) counts.length * raters);
      pe += pj * pj;
    }
    return (pBar - pe) / (1 - pe);
  }

  /** Fleiss' kappa of {@code ratings}; every item must have the same number of ratings. */
  public static double fleissKappa(Ratings ratings) {
    return fleissKappa(ratings.counts());
  }

  /** Krippendorff's alpha of class ratings ({@link Ratings#MISSING} allowed), classes as nominal values. */
  public static double krippendorffAlpha(Ratings ratings) {
    double[][] values = new double[ratings.numItems()][ratings.numRaters()];
    for (int i = 0; i < values.length; i++) {
      for (int r = 0; r < values[i].length; r++) {
        int v = ratings.get(i, r);
        values[i][r] = v == Ratings.MISSING ? Double.NaN : v;
      }
    }
    return krippendorffAlpha(values, Level.NOMINAL);
  }

  /**
   * Krippendorff's alpha.
   *
   * @param values {@code values[unit][rater]}, {@code NaN} where missing; units with fewer than two values are
   *     not pairable and are left out, as in Krippendorff's definition
   * @param level how values differ
   * @return alpha; NaN if there is no variation at all in the pairable values
   * @throws IllegalArgumentException if no unit has two values
   */
  public static double krippendorffAlpha(double[][] values, Level level) {
    Objects.requireNonNull(level, "level");
    // coincidence matrix over the distinct values
    TreeMap<Double, Integer> index = new TreeMap<>();
    for (double[] unit : values) {
      for (double v : unit) {
        if (!Double.isNaN(v)) {
          index.putIfAbsent(v, 0);
        }
      }
    }
    double[] distinct = index.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    for (int i = 0; i < distinct.length; i++) {
      index.put(distinct[i], i);
    }
    int k = distinct.length;
    double[][] o = new double[k][k];
    boolean pairable = false;
    for (double[] unit : values) {
      int m = 0;
      for (double v : unit) {
        m += Double.isNaN(v) ? 0 : 1;
      }
      if (m < 2) {
        continue;
      }
      pairable = true;
      for (int a = 0; a < unit.length; a++) {
        if (Double.isNaN(unit[a])) {
          continue;
        }
        for (int b = 0; b < unit.length; b++) {
          if (a != b && !Double.isNaN(unit[b])) {
            o[index.get(unit[a])][index.get(unit[b])] += 1.0 / (m - 1);
          }
        }
      }
    }
    if (!pairable) {
      throw new IllegalArgumentException("no unit has two or more values: alpha is undefined");
    }
    double[] nc = new double[k];
    double n = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        nc[c] += o[c][d];
      }
      n += nc[c];
    }
    double observed = 0;
    double expected = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        double delta = delta(level, c, d, distinct, nc);
        observed += o[c][d] * delta;
        expected += nc[c] * nc[d] * delta;
      }
    }
    return expected == 0 ? Double.NaN : 1 - (n - 1) * observed / expected;
  }

  private static double delta(Level level, int c, int d, double[] values, double[] nc) {
    if (c == d) {
      return 0;
    }
    return switch (level) {
      case NOMINAL -> 1;
      case INTERVAL -> (values[c] - values[d]) * (values[c] - values[d]);
      case RATIO -> {
        double r = (values[c] - values[d]) / (values[c] + values[d]);
        yield r * r;
      }
      case ORDINAL -> {
        int lo = Math.min(c, d);
        int hi = Math.max(c, d);
        double s = 0;
        for (int g = lo; g <= hi; g++) {
          s += nc[g];
        }
        s -= (nc[lo] + nc[hi]) / 2;
        yield s * s;
      }
    };
  }
}
