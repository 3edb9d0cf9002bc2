package dev.datamgmt.label.active;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decision thresholds for "ship high precision, low recall, then ask users about the rest": the lowest score
 * threshold whose precision on validation data reaches a target (so recall is as high as that precision allows).
 *
 * <pre>{@code
 * Thresholds.Choice c = Thresholds.forPrecision(scores, isPositive, 0.95).orElseThrow();
 * // predict positive when score >= c.threshold(); ask a person otherwise
 * }</pre>
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * A chosen threshold with its validation precision and recall.
   *
   * @param threshold predict positive when {@code score >= threshold}
   * @param precision precision at that threshold on the validation data
   * @param recall recall at that threshold on the validation data
   */
  public record Choice(double threshold, double precision, double recall) {}

  /**
   * The lowest threshold with precision {@code >= target} on the validation data, or empty if none reaches it.
   *
   * @param scores the model's score for the positive class, per validation record
   * @param positive whether each validation record is truly positive
   * @throws IllegalArgumentException if the lengths differ, there is no positive, or target is not in (0, 1]
   */
  public static Optional<Choice> forPrecision(double[] scores, boolean[] positive, double target) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException("scores: " + scores.length + ", labels: " + positive.length);
    }
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target precision not in (0, 1]: " + target);
    }
    int positives = 0;
    for (boolean b : positive) {
      positives += b ? 1 : 0;
    }
    if (positives == 0) {
      throw new IllegalArgumentException("no positive validation record: precision is undefined");
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
      }
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    Choice best = null;
    int tp = 0;
    int k = 0;
    while (k < order.length) {
      double s = scores[order[k]];
      // all records with the same score fall on the same side of a threshold
      while (k < order.length && scores[order[k]] == s) {
        tp += positive[order[k]] ? 1 : 0;
        k++;
      }
      double precision = tp / (double) k;
      if (precision >= target) {
        best = new Choice(s, precision, tp / (double) positives);
      }
    }
    return Optional.ofNullable(best);
  }
}
