package dev.datamgmt.train.metrics;

import dev.datamgmt.core.error.InvalidDataException;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The precision/recall trade-off of one class's scores: a sample is predicted positive when its score is at
 * least the threshold. Built once from (score, is-positive) pairs, sorted by descending score; ties in score
 * move together, since no threshold can separate them.
 *
 * <pre>{@code
 * ThresholdMetrics t = ThresholdMetrics.of(scores, positives);
 * double p = t.precisionAtRecall(0.9);
 * OptionalDouble th = t.thresholdForPrecision(0.99);   // the lowest threshold that keeps 99% precision
 * }</pre>
 */
public final class ThresholdMetrics {
  private final double[] thresholds; // descending distinct scores
  private final double[] precision;
  private final double[] recall;

  private ThresholdMetrics(double[] thresholds, double[] precision, double[] recall) {
    this.thresholds = thresholds;
    this.precision = precision;
    this.recall = recall;
  }

  /**
   * Builds the curve.
   *
   * @throws InvalidDataException if a score is not finite or there are no positives (naming the index)
   */
  public static ThresholdMetrics of(float[] scores, boolean[] positive) throws InvalidDataException {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException("scores and positives differ in length: " + scores.length + " vs "
          + positive.length);
    }
    int n = scores.length;
    Integer[] order = new Integer[n];
    long totalPos = 0;
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(scores[i])) {
        throw new InvalidDataException("non-finite score", "sample " + i, "a finite score", String.valueOf(scores[i]));
      }
      order[i] = i;
      totalPos += positive[i] ? 1 : 0;
    }
    if (totalPos == 0) {
      throw new InvalidDataException("no positive samples", "threshold metrics", "at least one positive", "0 of " + n);
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    double[] th = new double[n];
    double[] pr = new double[n];
    double[] rc = new double[n];
    int k = 0;
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < n; i++) {
      int s = order[i];
      if (positive[s]) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = i == n - 1 || scores[order[i + 1]] != scores[s];
      if (lastOfTie) {
        th[k] = scores[s];
        pr[k] = (double) tp / (tp + fp);
        rc[k] = (double) tp / totalPos;
        k++;
      }
    }
    return new ThresholdMetrics(Arrays.copyOf(th, k), Arrays.copyOf(pr, k), Arrays.copyOf(rc, k));
  }

  /** The best precision among thresholds whose recall is at least {@code targetRecall}. */
  public double precisionAtRecall(double targetRecall) {
    checkUnit("targetRecall", targetRecall);
    double best = 0;
    for (int i = 0; i < thresholds.length; i++) {
      if (recall[i] >= targetRecall - 1e-12) {
        best = Math.max(best, precision[i]);
      }
    }
    return best;
  }

  /**
   * The lowest threshold (so the highest recall) whose precision is at least {@code targetPrecision}, or
   * empty when no threshold reaches it.
   */
  public OptionalDouble thresholdForPrecision(double targetPrecision) {
    checkUnit("targetPrecision", targetPrecision);
    for (int i = thresholds.length - 1; i >= 0; i--) {
      if (precision[i] >= targetPrecision - 1e-12) {
        return OptionalDouble.of(thresholds[i]);
      }
    }
    return OptionalDouble.empty();
  }

  /** Recall at a threshold (score &gt;= threshold predicts positive). */
  public double recallAt(double threshold) {
    double r = 0;
    for (int i = 0; i < thresholds.length && thresholds[i] >= threshold; i++) {
      r = recall[i];
    }
    return r;
  }

  /** Precision at a threshold; 1 when nothing is predicted positive. */
  public double precisionAt(double threshold) {
    double p = 1;
    for (int i = 0; i < thresholds.length && thresholds[i] >= threshold; i++) {
      p = precision[i];
    }
    return p;
  }

  private static void checkUnit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
    }
  }
}
