package dev.datamgmt.train;

import dev.datamgmt.core.error.InvalidDataException;
import java.util.Arrays;

/**
 * Per-class weights computed from class counts, shared by the class-balanced samplers and losses.
 *
 * <p>All schemes are normalized the way Cui et al. (2019, "Class-Balanced Loss Based on Effective Number of
 * Samples") normalize theirs: the weights sum to the number of classes, so a balanced dataset gets weight 1
 * for every class and swapping a plain loss for a weighted one keeps the loss scale.
 *
 * <pre>{@code
 * float[] w = ClassWeights.effectiveNumber(new long[] {6000, 60}, 0.999);
 * }</pre>
 */
public final class ClassWeights {
  private ClassWeights() {}

  /** How a class count becomes a weight. */
  public enum Scheme {
    /** weight proportional to 1 / n_c. */
    INVERSE_FREQUENCY,
    /** weight proportional to 1 / sqrt(n_c): a milder rebalancing. */
    SQRT_INVERSE_FREQUENCY,
    /** weight proportional to (1 - beta) / (1 - beta^n_c), the effective number of samples. */
    EFFECTIVE_NUMBER
  }

  /** Weights proportional to {@code 1 / n_c}, summing to the number of classes. */
  public static float[] inverseFrequency(long[] counts) {
    return of(Scheme.INVERSE_FREQUENCY, counts, 0);
  }

  /** Weights proportional to {@code 1 / sqrt(n_c)}, summing to the number of classes. */
  public static float[] sqrtInverseFrequency(long[] counts) {
    return of(Scheme.SQRT_INVERSE_FREQUENCY, counts, 0);
  }

  /**
   * Weights proportional to {@code (1 - beta) / (1 - beta^n_c)}, summing to the number of classes.
   *
   * @param beta in [0, 1): 0 gives equal weights, values near 1 approach inverse frequency
   */
  public static float[] effectiveNumber(long[] counts, double beta) {
    return of(Scheme.EFFECTIVE_NUMBER, counts, beta);
  }

  /**
   * Weights by {@code scheme}; {@code beta} is used by {@link Scheme#EFFECTIVE_NUMBER} only.
   *
   * @throws IllegalArgumentException if there are no classes, a class is empty (its weight would be
   *     infinite) or negative, or beta is outside [0, 1)
   */
  public static float[] of(Scheme scheme, long[] counts, double beta) {
    if (counts == null || counts.length == 0) {
      throw new IllegalArgumentException("class counts must name at least one class: " + Arrays.toString(counts));
    }
    if (scheme == Scheme.EFFECTIVE_NUMBER && !(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException("beta must be in [0, 1): " + beta);
    }
    double[] raw = new double[counts.length];
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      long n = counts[c];
      if (n <= 0) {
        throw new IllegalArgumentException(
            "class " + c + " has " + n + " samples: every class needs at least one sample to get a finite weight"
                + " (counts " + Arrays.toString(counts) + ")");
      }
      raw[c] = switch (scheme) {
        case INVERSE_FREQUENCY -> 1.0 / n;
        case SQRT_INVERSE_FREQUENCY -> 1.0 / Math.sqrt(n);
        // -expm1(n log beta) = 1 - beta^n without cancellation when beta is close to 1
        case EFFECTIVE_NUMBER -> beta == 0 ? 1.0 : (1 - beta) / -Math.expm1(n * Math.log(beta));
      };
      sum += raw[c];
    }
    float[] w = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      w[c] = (float) (raw[c] / sum * counts.length);
    }
    return w;
  }

  /**
   * Counts labels per class.
   *
   * @throws InvalidDataException if a label is outside {@code [0, numClasses)}, naming its position
   */
  public static long[] countLabels(int[] labels, int numClasses) throws InvalidDataException {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("numClasses must be positive: " + numClasses);
    }
    long[] counts = new long[numClasses];
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      if (y < 0 || y >= numClasses) {
        throw new InvalidDataException(
            "class label out of range", "sample " + i, "a label in 0.." + (numClasses - 1), String.valueOf(y));
      }
      counts[y]++;
    }
    return counts;
  }
}
