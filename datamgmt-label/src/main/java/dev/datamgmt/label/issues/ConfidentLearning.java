package dev.datamgmt.label.issues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Label issues by confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in
 * Dataset Labels", JAIR 2021; what cleanlab's {@code find_label_issues} does with {@code
 * filter_by="prune_by_noise_rate"}): from out-of-sample predicted probabilities and the given labels, per-class
 * thresholds (the mean predicted probability of class j over records labeled j), the confident joint (records
 * labeled i whose probability of some class j reaches j's threshold, counted at the most probable such j), and a
 * ranked list of likely mislabeled records.
 *
 * <pre>{@code
 * ConfidentLearning.Result r = ConfidentLearning.find(probabilities, givenLabels);
 * for (ConfidentLearning.Issue i : r.issues()) { ... i.index(), i.givenLabel(), i.suggestedLabel() ... }
 * }</pre>
 *
 * <p>The probabilities must be out-of-sample (each record's from a model that did not train on it, e.g. k-fold
 * cross-validation); in-sample probabilities have memorised the noise and find almost nothing.
 */
public final class ConfidentLearning {
  private ConfidentLearning() {}

  /**
   * A likely mislabeled record.
   *
   * @param index the record's position in the input
   * @param givenLabel its label
   * @param suggestedLabel the class the confident joint counted it under
   * @param selfConfidence the predicted probability of its given label (lower = more likely wrong)
   */
  public record Issue(int index, int givenLabel, int suggestedLabel, double selfConfidence) {}

  /**
   * What confident learning found.
   *
   * @param thresholds the per-class thresholds
   * @param confidentJoint {@code [given][suggested]} counts, calibrated so that row i sums to the number of
   *     records labeled i
   * @param issues likely mislabeled records, lowest self-confidence first
   */
  public record Result(double[] thresholds, double[][] confidentJoint, List<Issue> issues) {}

  /**
   * Finds label issues.
   *
   * @param probabilities {@code [record][class]} out-of-sample predicted probabilities
   * @param givenLabels each record's label, in {@code [0, classes)}
   * @throws IllegalArgumentException if the sizes disagree, a label is out of range, a probability is not finite,
   *     or a class has no record labeled with it
   */
  public static Result find(double[][] probabilities, int[] givenLabels) {
    Objects.requireNonNull(probabilities, "probabilities");
    int n = givenLabels.length;
    if (probabilities.length != n || n == 0) {
      throw new IllegalArgumentException("probabilities: " + probabilities.length + " rows, labels: " + n);
    }
    int k = probabilities[0].length;
    double[] sum = new double[k];
    int[] count = new int[k];
    for (int i = 0; i < n; i++) {
      if (probabilities[i].length != k) {
        throw new IllegalArgumentException("row " + i + " has " + probabilities[i].length + " classes, row 0 " + k);
      }
      for (double p : probabilities[i]) {
        if (!Double.isFinite(p)) {
          throw new IllegalArgumentException("probability of record " + i + " is not finite: " + p);
        }
      }
      int y = givenLabels[i];
      if (y < 0 || y >= k) {
        throw new IllegalArgumentException("label of record " + i + " not in [0, " + k + "): " + y);
      }
      sum[y] += probabilities[i][y];
      count[y]++;
    }
    double[] t = new double[k];
    for (int j = 0; j < k; j++) {
      if (count[j] == 0) {
        throw new IllegalArgumentException("no record is labeled " + j + ": its threshold is undefined");
      }
      t[j] = sum[j] / count[j];
    }
    // confident joint: each record counted once, at the most probable class reaching its threshold (cleanlab
    // compares with threshold - 1e-6)
    int[] suggested = new int[n];
    double[][] cj = new double[k][k];
    for (int i = 0; i < n; i++) {
      int best = -1;
      for (int j = 0; j < k; j++) {
        if (probabilities[i][j] >= t[j] - 1e-6 && (best < 0 || probabilities[i][j] > probabilities[i][best])) {
          best = j;
        }
      }
      suggested[i] = best;
      if (best >= 0) {
        cj[givenLabels[i]][best]++;
      }
    }
    // calibrate rows to the label counts
    for (int i = 0; i < k; i++) {
      double row = 0;
      for (double v : cj[i]) {
        row += v;
      }
      for (int j = 0; j < k && row > 0; j++) {
        cj[i][j] = cj[i][j] / row * count[i];
      }
    }
    // the counts to prune: the calibrated joint scaled to n records and rounded, keeping at least one record of
    // each given class on the diagonal (taken from the row's largest off-diagonal count)
    double total = 0;
    for (double[] row : cj) {
      for (double v : row) {
        total += v;
      }
    }
    long[][] prune = new long[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        prune[i][j] = total == 0 ? 0 : Math.round(cj[i][j] / total * n);
      }
    }
    for (int i = 0; i < k; i++) {
      if (prune[i][i] < 1) {
        int largest = -1;
        for (int j = 0; j < k; j++) {
          if (j != i && prune[i][j] > 0 && (largest < 0 || prune[i][j] > prune[i][largest])) {
            largest = j;
          }
        }
        if (largest >= 0) {
          prune[i][largest]--;
          prune[i][i]++;
        }
      }
    }
    // prune by noise rate: for each off-diagonal cell (i, j), the prune[i][j] records labeled i with the largest
    // margin p_j - p_i, each cell on its own (a record may be chosen by several cells; it is flagged once); then,
    // as cleanlab, a record whose given label is its most probable class is not an issue
    List<Issue> issues = new ArrayList<>();
    int[] flaggedBy = new int[n];
    java.util.Arrays.fill(flaggedBy, -1);
    for (int i = 0; i < k; i++) {
      final int gi = i;
      List<Integer> candidates = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        if (givenLabels[r] == gi) {
          candidates.add(r);
        }
      }
      for (int j = 0; j < k; j++) {
        long take = prune[i][j];
        if (i == j || take <= 0) {
          continue;
        }
        final int gj = j;
        candidates.sort(Comparator.comparingDouble((Integer r) -> probabilities[r][gj] - probabilities[r][gi])
            .reversed().thenComparingInt(r -> r));
        for (int c = 0; c < Math.min(take, candidates.size()); c++) {
          int r = candidates.get(c);
          if (flaggedBy[r] < 0) {
            flaggedBy[r] = gj;
          }
        }
      }
    }
    for (int r = 0; r < n; r++) {
      if (flaggedBy[r] >= 0 && argmax(probabilities[r]) != givenLabels[r]) {
        issues.add(new Issue(r, givenLabels[r], suggested[r] >= 0 ? suggested[r] : flaggedBy[r],
            probabilities[r][givenLabels[r]]));
      }
    }
    issues.sort(Comparator.comparingDouble(Issue::selfConfidence).thenComparingInt(Issue::index));
    return new Result(t, cj, List.copyOf(issues));
  }

  private static int argmax(double[] p) {
    int b = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[b]) {
        b = j;
      }
    }
    return b;
  }
}
