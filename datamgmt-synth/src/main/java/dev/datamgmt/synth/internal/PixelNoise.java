package dev.datamgmt.synth.internal;

import dev.datamgmt.synth.dist.Gaussian;
import java.util.SplittableRandom;

/**
 * Per-pixel Gaussian noise at image speed: a standard normal quantized to 4096 equiprobable levels
 * ({@code Phi^-1((k + 0.5) / 4096)}), five 12-bit draws per {@code nextLong()}. Exact Box-Muller per pixel costs a
 * logarithm, a square root and a cosine; at 8-bit pixel precision the quantization is invisible.
 */
public final class PixelNoise {
  private static final double[] TABLE = new double[4096];

  static {
    for (int k = 0; k < TABLE.length; k++) {
      TABLE[k] = Gaussian.inverseCdf((k + 0.5) / TABLE.length);
    }
  }

  private PixelNoise() {}

  /** Fills {@code out} with standard-normal values drawn from {@code rng} (consumes ceil(n / 5) longs). */
  public static void fill(SplittableRandom rng, float[] out, int n) {
    int i = 0;
    while (i < n) {
      long bits = rng.nextLong();
      for (int k = 0; k < 5 && i < n; k++, i++) {
        out[i] = (float) TABLE[(int) (bits & 4095)];
        bits >>>= 12;
      }
    }
  }
}
