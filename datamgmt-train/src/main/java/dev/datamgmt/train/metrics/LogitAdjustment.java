package dev.datamgmt.train.metrics;

import ai.djl.ndarray.NDArray;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Post-hoc logit adjustment (Menon et al. 2021, "Long-tail learning via logit adjustment"): predict
 * {@code argmax_c(logit_c - tau * log(prior_c))}, with the prior from the training class counts. A model
 * trained on long-tailed data (or under a partly balancing sampler) keeps part of the training prior in its
 * logits; subtracting {@code tau} times its log moves the decision boundaries towards the rare classes
 * without retraining. {@code tau} is chosen on held-out validation data with {@link #choose}, never on the
 * test set.
 *
 * <pre>{@code
 * LogitAdjustment adj = LogitAdjustment.choose(valLogits, valLabels, trainCounts,
 *     LogitAdjustment.Criterion.BALANCED_ACCURACY);         // tau from -0.5 to 1.0 in steps of 0.05
 * int[] predicted = adj.predict(testLogits);                // row-major (n x classes) logits
 * NDArray adjusted = adj.apply(logitsArray);                // or on the device, (N, C)
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class LogitAdjustment {
  /** What {@link #choose} maximizes on the validation data. */
  public enum Criterion {
    /** Balanced accuracy (mean per-class recall). */
    BALANCED_ACCURACY,
    /** The smallest per-class recall; ties broken by balanced accuracy. */
    SMALLEST_RECALL
  }

  private final double tau;
  private final float[] offsets;

  private LogitAdjustment(double tau, float[] offsets) {
    this.tau = tau;
    this.offsets = offsets;
  }

  /**
   * The adjustment {@code logits - tau * log(count_c / total)}.
   *
   * @throws IllegalArgumentException if a count is not positive (its log prior is undefined) or tau is not
   *     finite
   */
  public static LogitAdjustment of(long[] classCounts, double tau) {
    Objects.requireNonNull(classCounts, "classCounts");
    if (classCounts.length == 0) {
      throw new IllegalArgumentException("classCounts is empty: expected one training count per class");
    }
    if (!Double.isFinite(tau)) {
      throw new IllegalArgumentException("tau must be finite: " + tau);
    }
    double total = 0;
    for (int c = 0; c < classCounts.length; c++) {
      if (classCounts[c] <= 0) {
        throw new IllegalArgumentException("class " + c + " has training count " + classCounts[c]
            + ": expected every class count > 0 (the log prior of an empty class is undefined)");
      }
      total += classCounts[c];
    }
    float[] offsets = new float[classCounts.length];
    for (int c = 0; c < offsets.length; c++) {
      offsets[c] = (float) (tau * Math.log(classCounts[c] / total));
    }
    return new LogitAdjustment(tau, offsets);
  }

  /** The scale of the log prior that is subtracted. */
  public double tau() {
    return tau;
  }

  /** The number of classes. */
  public int numClasses() {
    return offsets.length;
  }

  /** The per-class offsets {@code tau * log(prior_c)} subtracted from the logits (a copy). */
  public float[] offsets() {
    return offsets.clone();
  }

  /**
   * The adjusted predictions of row-major logits {@code (n x numClasses)}: the arg-max of each row after the
   * offsets are subtracted (the lowest class index on ties).
   *
   * @throws IllegalArgumentException if the length is not a multiple of the number of classes
   */
  public int[] predict(float[] logits) {
    int k = offsets.length;
    if (logits.length % k != 0) {
      throw new IllegalArgumentException("logits length " + logits.length + " is not a multiple of the "
          + k + " classes: expected row-major (n x " + k + ") logits");
    }
    int[] out = new int[logits.length / k];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      float bestValue = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        float v = logits[i * k + c] - offsets[c];
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The confusion matrix of the adjusted predictions against {@code labels}.
   *
   * @throws InvalidDataException if a label is outside the class range
   * @throws IllegalArgumentException if there are not {@code labels.length} rows of logits
   */
  public ConfusionMatrix evaluate(float[] logits, int[] labels) throws InvalidDataException {
    if (logits.length != (long) labels.length * offsets.length) {
      throw new IllegalArgumentException("expected " + labels.length + " x " + offsets.length + " = "
          + (long) labels.length * offsets.length + " logits for " + labels.length + " labels, found " + logits.length);
    }
    ConfusionMatrix cm = new ConfusionMatrix(offsets.length);
    cm.add(labels, predict(logits));
    return cm;
  }

  /**
   * The adjusted logits {@code (N, C)} as a new array in the same manager (the caller closes it with its scope).
   *
   * @throws IllegalArgumentException if the array is not (N, numClasses)
   */
  public NDArray apply(NDArray logits) {
    if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != offsets.length) {
      throw new IllegalArgumentException("expected logits of shape (N, " + offsets.length + "), found "
          + logits.getShape());
    }
    try (NDArray o = logits.getManager().create(offsets)) {
      return logits.sub(o.toType(logits.getDataType(), false));
    }
  }

  /** {@link #choose(float[], int[], long[], Criterion, double, double, double)} over tau in [-0.5, 1.0], step 0.05. */
  public static LogitAdjustment choose(float[] logits, int[] labels, long[] classCounts, Criterion criterion)
      throws InvalidDataException {
    return choose(logits, labels, classCounts, criterion, -0.5, 1.0, 0.05);
  }

  /**
   * Tries tau = from, from + step, ... up to {@code to} on validation logits and labels and returns the
   * adjustment that scores best by {@code criterion} (the smallest such tau on ties). Use data the model was
   * not trained on, and not the data you report.
   *
   * @throws IllegalArgumentException if the grid is empty or not finite, or the logits do not match the labels
   * @throws InvalidDataException if a label is outside the class range
   */
  public static LogitAdjustment choose(float[] logits, int[] labels, long[] classCounts, Criterion criterion,
      double from, double to, double step) throws InvalidDataException {
    Objects.requireNonNull(criterion, "criterion");
    if (!(Double.isFinite(from) && Double.isFinite(to) && step > 0 && Double.isFinite(step) && from <= to)) {
      throw new IllegalArgumentException("tau grid must be finite with from <= to and step > 0: from " + from
          + ", to " + to + ", step " + step);
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("no validation labels: expected at least one sample to choose tau on");
    }
    LogitAdjustment best = null;
    double[] bestScore = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    long steps = Math.round(Math.floor((to - from) / step + 1e-9));
    for (long k = 0; k <= steps; k++) {
      LogitAdjustment candidate = of(classCounts, from + k * step);
      ConfusionMatrix cm = candidate.evaluate(logits, labels);
      double balanced = cm.balancedAccuracy();
      double[] score = criterion == Criterion.BALANCED_ACCURACY ? new double[] {balanced, 0}
          : new double[] {cm.recall(cm.worstRecallClass()), balanced};
      if (best == null || score[0] > bestScore[0] + 1e-12
          || (Math.abs(score[0] - bestScore[0]) <= 1e-12 && score[1] > bestScore[1] + 1e-12)) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "LogitAdjustment{tau=" + tau + ", offsets=" + Arrays.toString(offsets) + "}";
  }
}
