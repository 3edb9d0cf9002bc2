package dev.datamgmt.synth.table;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The standard utility check of a synthetic table: train a simple classifier on the synthetic rows and test it on
 * held-out real rows (TSTR), against the same classifier trained on the real training rows (TRTR). The classifier
 * is k-nearest-neighbours on the numeric columns, standardized with the training rows' mean and standard deviation
 * (rows with a missing feature or target are skipped; other categorical columns are not used as features).
 *
 * @param trtr accuracy on the real test rows of the classifier trained on real rows
 * @param tstr accuracy on the real test rows of the classifier trained on synthetic rows
 * @param testRows how many real test rows were scored
 */
public record Utility(double trtr, double tstr, int testRows) {

  /** {@code trtr - tstr}: what training on synthetic data costs (negative if it helps). */
  public double gap() {
    return trtr - tstr;
  }

  /**
   * Runs TSTR and TRTR with {@code k}-nearest neighbours predicting the categorical column {@code target}.
   *
   * @throws IllegalArgumentException if {@code target} is not a categorical column of all three tables or k &lt; 1
   */
  public static Utility tstr(Table realTrain, Table realTest, Table synthetic, String target, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    return new Utility(accuracy(realTrain, realTest, target, k), accuracy(synthetic, realTest, target, k),
        realTest.rowCount());
  }

  /** The accuracy on {@code test} of k-NN trained on {@code train}. */
  public static double accuracy(Table train, Table test, String target, int k) {
    List<String> features = new ArrayList<>();
    for (String c : train.columnNames()) {
      if (!c.equals(target) && train.kind(c) == Table.Kind.NUMERIC) {
        features.add(c);
      }
    }
    double[][] x = matrix(train, features);
    String[] y = train.categorical(target);
    int f = features.size();
    double[] mean = new double[f], sd = new double[f];
    for (int j = 0; j < f; j++) {
      int n = 0;
      for (double[] row : x) {
        if (!Double.isNaN(row[j])) {
          mean[j] += row[j];
          n++;
        }
      }
      mean[j] /= n;
      for (double[] row : x) {
        if (!Double.isNaN(row[j])) {
          sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
      }
      sd[j] = Math.sqrt(sd[j] / Math.max(1, n - 1));
      if (sd[j] == 0) {
        sd[j] = 1;
      }
    }
    List<double[]> tx = new ArrayList<>();
    List<String> ty = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (y[i] != null && !hasNaN(x[i])) {
        tx.add(standardize(x[i], mean, sd));
        ty.add(y[i]);
      }
    }
    double[][] qx = matrix(test, features);
    String[] qy = test.categorical(target);
    int right = 0, scored = 0;
    for (int i = 0; i < qx.length; i++) {
      if (qy[i] == null || hasNaN(qx[i])) {
        continue;
      }
      scored++;
      if (predict(tx, ty, standardize(qx[i], mean, sd), k).equals(qy[i])) {
        right++;
      }
    }
    return scored == 0 ? Double.NaN : right / (double) scored;
  }

  private static String predict(List<double[]> x, List<String> y, double[] q, int k) {
    int kk = Math.min(k, x.size());
    int[] best = new int[kk];
    double[] bestD = new double[kk];
    java.util.Arrays.fill(bestD, Double.POSITIVE_INFINITY);
    for (int i = 0; i < x.size(); i++) {
      double d = 0;
      double[] r = x.get(i);
      for (int j = 0; j < q.length; j++) {
        d += (r[j] - q[j]) * (r[j] - q[j]);
      }
      if (d < bestD[kk - 1]) {
        int p = kk - 1;
        while (p > 0 && bestD[p - 1] > d) {
          bestD[p] = bestD[p - 1];
          best[p] = best[p - 1];
          p--;
        }
        bestD[p] = d;
        best[p] = i;
      }
    }
    TreeMap<String, Integer> votes = new TreeMap<>();
    for (int i : best) {
      votes.merge(y.get(i), 1, Integer::sum);
    }
    int top = votes.values().stream().max(Integer::compare).orElseThrow();
    for (int i : best) { // ties go to the class of the nearer neighbour
      if (votes.get(y.get(i)) == top) {
        return y.get(i);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static double[][] matrix(Table t, List<String> features) {
    double[][] cols = new double[features.size()][];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = t.numeric(features.get(j));
    }
    double[][] rows = new double[t.rowCount()][features.size()];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols.length; j++) {
        rows[i][j] = cols[j][i];
      }
    }
    return rows;
  }

  private static boolean hasNaN(double[] r) {
    for (double v : r) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  private static double[] standardize(double[] r, double[] mean, double[] sd) {
    double[] out = new double[r.length];
    for (int j = 0; j < r.length; j++) {
      out[j] = (r[j] - mean[j]) / sd[j];
    }
    return out;
  }
}
