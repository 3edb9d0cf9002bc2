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

  /**
   * Fills {@code px} with gray pixels {@code clamp(round(level + sigma * z))}, {@code z} standard normal from
   * {@code rng}: the same values and draws as {@link #fill} followed by that formula, through a table of the 4096
   * levels instead of a float per pixel.
   */
  public static void fillGray(SplittableRandom rng, int[] px, int level, float sigma) {
    int[] table;
    if (level >= 0 && level <= 255) {
      GrayTables t = GRAY_TABLES.get();
      if (Float.floatToIntBits(t.sigma) != Float.floatToIntBits(sigma)) {
        java.util.Arrays.fill(t.byLevel, null);
        t.sigma = sigma;
      }
      table = t.byLevel[level];
      if (table == null) {
        table = t.byLevel[level] = grayTable(level, sigma);
      }
    } else {
      table = grayTable(level, sigma);
    }
    int n = px.length, i = 0;
    while (i < n) {
      long bits = rng.nextLong();
      for (int k = 0; k < 5 && i < n; k++, i++) {
        px[i] = table[(int) (bits & 4095)];
        bits >>>= 12;
      }
    }
  }

  /** The 4096 gray pixels of {@link #fillGray} for one level and sigma. */
  private static int[] grayTable(int level, float sigma) {
    int[] table = new int[TABLE.length];
    for (int k = 0; k < table.length; k++) {
      int v = Math.round(level + sigma * (float) TABLE[k]);
      v = v < 0 ? 0 : Math.min(255, v);
      table[k] = v << 16 | v << 8 | v;
    }
    return table;
  }

  /**
   * This thread's gray tables for the last sigma, by level (at most 256 x 16 KB): a table per line was a tenth of
   * the bytes a generated OCR line allocated, and the backgrounds of a run share one sigma and a few levels.
   */
  private static final class GrayTables {
    float sigma = Float.NaN;
    final int[][] byLevel = new int[256][];
  }

  private static final ThreadLocal<GrayTables> GRAY_TABLES = ThreadLocal.withInitial(GrayTables::new);

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
