package dev.datamgmt.train.metrics;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.seed.Seeds;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How sure is "model B beats model A" on one test set: a paired, class-stratified bootstrap of the difference of a
 * metric between two models' predictions of the same samples. Each resample draws, within every true class, as
 * many samples as the class has (with replacement), the same samples for both models, so class supports (and so
 * balanced accuracy's weighting) stay those of the test set and the models' correlated errors cancel.
 *
 * <pre>{@code
 * PairedBootstrap.Interval d = PairedBootstrap.difference(testLabels, predictedByV1, predictedByV2, 10,
 *     ConfusionMatrix::balancedAccuracy, 1000, 0.95, 7);
 * // d.estimate() = metric(v2) - metric(v1) on the whole test set; [d.low(), d.high()] its 95% interval
 * }</pre>
 *
 * <p>Resample {@code r} draws from {@link Seeds#random(long, long) Seeds.random(seed, r)}: the interval is a pure
 * function of the inputs and the seed. It measures the test set's sampling noise only, not the training run's
 * (another training seed gives another model).
 */
public final class PairedBootstrap {
  private PairedBootstrap() {}

  /**
   * A bootstrap percentile interval of a difference.
   *
   * @param estimate the metric of B minus the metric of A on all samples
   * @param low the lower percentile bound
   * @param high the upper percentile bound
   * @param level the coverage, e.g. 0.95
   * @param resamples the number of resamples
   * @param fractionPositive the fraction of resamples in which B's metric exceeded A's
   */
  public record Interval(double estimate, double low, double high, double level, int resamples,
      double fractionPositive) {}

  /**
   * The interval of {@code metric(B) - metric(A)}.
   *
   * @param labels the true class of every sample
   * @param predictedA model A's predicted classes
   * @param predictedB model B's predicted classes
   * @throws IllegalArgumentException if the lengths differ or are 0, resamples &lt; 10 or level not in (0, 1)
   * @throws InvalidDataException if a label or prediction is outside [0, numClasses)
   */
  public static Interval difference(int[] labels, int[] predictedA, int[] predictedB, int numClasses,
      ToDoubleFunction<ConfusionMatrix> metric, int resamples, double level, long seed) throws InvalidDataException {
    Objects.requireNonNull(metric, "metric");
    if (labels.length == 0 || labels.length != predictedA.length || labels.length != predictedB.length) {
      throw new IllegalArgumentException("expected as many predictions of A and B as labels (> 0): " + labels.length
          + " labels, " + predictedA.length + " and " + predictedB.length + " predictions");
    }
    if (resamples < 10) {
      throw new IllegalArgumentException("resamples < 10: " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level not in (0, 1): " + level);
    }
    ConfusionMatrix a = new ConfusionMatrix(numClasses);
    ConfusionMatrix b = new ConfusionMatrix(numClasses);
    a.add(labels, predictedA);
    b.add(labels, predictedB);
    double estimate = metric.applyAsDouble(b) - metric.applyAsDouble(a);
    int[][] byClass = new int[numClasses][];
    int[] fill = new int[numClasses];
    for (int l : labels) {
      fill[l]++;
    }
    for (int c = 0; c < numClasses; c++) {
      byClass[c] = new int[fill[c]];
      fill[c] = 0;
    }
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][fill[labels[i]]++] = i;
    }
    double[] diffs = new double[resamples];
    int positive = 0;
    for (int r = 0; r < resamples; r++) {
      SplittableRandom random = Seeds.random(seed, r);
      ConfusionMatrix ra = new ConfusionMatrix(numClasses);
      ConfusionMatrix rb = new ConfusionMatrix(numClasses);
      for (int c = 0; c < numClasses; c++) {
        int[] members = byClass[c];
        for (int k = 0; k < members.length; k++) {
          int i = members[random.nextInt(members.length)];
          ra.add(c, predictedA[i]);
          rb.add(c, predictedB[i]);
        }
      }
      diffs[r] = metric.applyAsDouble(rb) - metric.applyAsDouble(ra);
      positive += diffs[r] > 0 ? 1 : 0;
    }
    Arrays.sort(diffs);
    double tail = (1 - level) / 2;
    return new Interval(estimate, percentile(diffs, tail), percentile(diffs, 1 - tail), level, resamples,
        positive / (double) resamples);
  }

  /** The q-quantile of sorted values, linearly interpolated (numpy's default). */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
