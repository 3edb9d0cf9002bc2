package dev.datamgmt.augment.internal.image;

import java.util.SplittableRandom;

/**
 * Sampling from non-uniform distributions with an explicit stream (the JDK has no Beta or Gamma), for the image and
 * table mixes. Not API.
 */
public final class Distributions {
  private Distributions() {}

  /** Beta(a, b) via two Gamma draws. */
  public static double beta(SplittableRandom rng, double a, double b) {
    double x = gamma(rng, a), y = gamma(rng, b);
    return x + y == 0 ? 0.5 : x / (x + y);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang, boosted for shape < 1. */
  public static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x, v;
      do {
        x = gaussian(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Standard normal by Box-Muller (one value per call; simple and reproducible). */
  public static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble(), u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
