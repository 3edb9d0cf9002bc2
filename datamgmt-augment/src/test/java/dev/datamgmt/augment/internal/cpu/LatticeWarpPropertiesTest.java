package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.image.BorderMode;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ByteKernels#latticeWarp} with a horizontal flip, inside a pad or crop or not (the mirrored run it copies
 * eight bytes at a time, and the ragged ends byte by byte), gives each output pixel the input pixel the matrix
 * sends there, or the fill.
 */
class LatticeWarpPropertiesTest {
  @Property(tries = 200)
  void flipInsidePadOrCrop_copiesTheMirroredPixel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 70) int w,
      @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = -12, max = 12) int shift,
      @ForAll @IntRange(min = 1, max = 90) int ow) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = 1 + r.nextInt(3);
    byte[] src = new byte[c * h * w];
    r.nextBytes(src);
    // Forward: output column u = (w - 1 - x) + shift, row v = y.
    double[] matrix = {-1, 0, w + shift, 0, 1, 0, 0, 0, 1};
    byte fill = (byte) 114;
    byte[] dst = ByteKernels.latticeWarp(src, c, h, w, matrix, h, ow, fill, BorderMode.CONSTANT);
    for (int ch = 0; ch < c; ch++) {
      for (int v = 0; v < h; v++) {
        for (int u = 0; u < ow; u++) {
          int x = w - 1 - (u - shift);
          byte expected = x >= 0 && x < w ? src[ch * h * w + v * w + x] : fill;
          assertThat(dst[ch * h * ow + v * ow + u]).as("channel %d row %d column %d", ch, v, u).isEqualTo(expected);
        }
      }
    }
  }
}
