package dev.datamgmt.augment;

import dev.datamgmt.augment.image.Raster;
import java.util.SplittableRandom;

/** Deterministic test images with structure (gradients, a bright square) so warps and colour ops show. */
public final class TestImages {
  private TestImages() {}

  /** A smooth random uint8 image: gradients plus a square plus mild noise. */
  public static Raster uint8(int channels, int height, int width, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] b = new byte[channels * height * width];
    double fx = 0.5 + rng.nextDouble(), fy = 0.5 + rng.nextDouble();
    int sx = rng.nextInt(Math.max(1, width / 2)), sy = rng.nextInt(Math.max(1, height / 2));
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double v = 0.5 + 0.3 * Math.sin(fx * x / width * 6 + c) * Math.cos(fy * y / height * 5 - c);
          if (x >= sx && x < sx + width / 4 && y >= sy && y < sy + height / 4) {
            v = 0.9 - 0.2 * c;
          }
          v += 0.03 * (rng.nextDouble() - 0.5);
          b[(c * height + y) * width + x] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
        }
      }
    }
    return Raster.wrapUint8(channels, height, width, b);
  }

  /** The same as {@link #uint8} on the float [0, 1] scale. */
  public static Raster floats(int channels, int height, int width, long seed) {
    return uint8(channels, height, width, seed).toFloat();
  }
}
