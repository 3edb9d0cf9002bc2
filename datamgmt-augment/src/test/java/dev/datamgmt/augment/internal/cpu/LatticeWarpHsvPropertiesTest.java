package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.image.BorderMode;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteKernels#latticeWarpHsv}, the letterbox (or flip) and HSV shift of a detection recipe in one pass, gives
 * the bytes of the two steps one after the other ({@link ByteKernels#latticeWarp}, then the scalar HSV kernel):
 * flips, integer shifts, pads and crops, every border mode, fill bands, runs of one colour, rows of every width up
 * to a block and beyond (declined), images below and above the size where the kernel builds its table.
 */
class LatticeWarpHsvPropertiesTest {
  @Property(tries = 250)
  void oneWarpAndShift_equalTheTwoSteps(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2100) int w,
      @ForAll @IntRange(min = 1, max = 60) int h) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] src = new byte[3 * h * w];
    r.nextBytes(src);
    if (r.nextBoolean()) {
      // Runs of one colour across rows (flat regions).
      for (int i = 0; i < h * w; ) {
        int len = Math.min(h * w - i, 1 + r.nextInt(300));
        int rgb = r.nextInt(1 << 24);
        for (int k = i; k < i + len; k++) {
          src[k] = (byte) (rgb >> 16);
          src[h * w + k] = (byte) (rgb >> 8);
          src[2 * h * w + k] = (byte) rgb;
        }
        i += len + r.nextInt(50);
      }
    }
    int sx = r.nextBoolean() ? -1 : 1, sy = r.nextInt(4) == 0 ? -1 : 1;
    int dx = r.nextInt(-w / 2 - 3, w / 2 + 4), dy = r.nextInt(-h / 2 - 3, h / 2 + 4);
    int ow = Math.max(1, w + r.nextInt(-w / 3 - 1, w / 3 + 40)), oh = Math.max(1, h + r.nextInt(-h / 3 - 1, h / 3 + 40));
    // Forward: u = sx x + (sx < 0 ? w - 1 : 0) + dx, v likewise.
    double[] matrix = {sx, 0, (sx < 0 ? w : 0) + dx, 0, sy, (sy < 0 ? h : 0) + dy, 0, 0, 1};
    BorderMode border = BorderMode.values()[r.nextInt(BorderMode.values().length)];
    byte fill = (byte) r.nextInt(256);
    double hue = r.nextDouble(-40, 40), sat = r.nextDouble(-0.3, 0.3), val = r.nextDouble(-0.3, 0.3);
    byte[] fused = ByteKernels.latticeWarpHsvScalar(src, h, w, matrix, oh, ow, fill, border, hue, sat, val);
    if (w > 2048) {
      assertThat(fused).as("rows wider than a block are declined").isNull();
      return;
    }
    byte[] expected = ByteKernels.latticeWarp(src, 3, h, w, matrix, oh, ow, fill, border);
    ByteKernels.hsvShiftScalar(expected, oh * ow, hue, sat, val);
    assertThat(fused).as("%s, %dx%d -> %dx%d, matrix %s", border, w, h, ow, oh, java.util.Arrays.toString(matrix))
        .isEqualTo(expected);
  }

  @Test
  void transposingWarp_isDeclined() {
    byte[] src = new byte[3 * 4 * 6];
    double[] quarterTurn = {0, 1, 0, 1, 0, 0, 0, 0, 1};
    assertThat(ByteKernels.latticeWarpHsvScalar(src, 4, 6, quarterTurn, 6, 4, (byte) 0, BorderMode.CONSTANT, 10, 0,
        0)).isNull();
  }
}
