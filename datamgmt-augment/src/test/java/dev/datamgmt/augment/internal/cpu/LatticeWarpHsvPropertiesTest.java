package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.image.BorderMode;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteKernels#latticeWarpHsv}, the letterbox (or flip) and HSV shift of a detection recipe in one pass, with
 * the scalar kernel and with the vector kernel's ranges, gives
 * the bytes of the two steps one after the other ({@link ByteKernels#latticeWarp}, then the scalar HSV kernel):
 * flips, integer shifts, pads and crops, every border mode, fill bands, runs of one colour, rows of every width up
 * to a block and beyond (declined), images below and above the size where the kernel builds its table, and with a
 * {@link RowDemand} (corners of rows, as a mosaic reads them) on the pixels it names.
 */
class LatticeWarpHsvPropertiesTest {
  @Property(tries = 250)
  void oneWarpAndShift_equalTheTwoSteps(@ForAll long seed, @ForAll @IntRange(min = 1, max = 1400) int w,
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
    // Sometimes only corners of rows are read (as a mosaic reads its samples): the rest keeps the warp's bytes.
    RowDemand demand = null;
    if (r.nextBoolean()) {
      demand = new RowDemand(ow, oh);
      for (int k = r.nextInt(5); k > 0; k--) {
        int y0 = r.nextInt(oh + 1), y1 = y0 + r.nextInt(oh - y0 + 1), x = r.nextInt(ow + 1);
        if (r.nextBoolean()) {
          demand.addPrefix(y0, y1, x);
        } else {
          demand.addSuffix(y0, y1, x);
        }
      }
    }
    byte[] fused = ByteKernels.latticeWarpHsvScalar(src, h, w, matrix, oh, ow, fill, border, hue, sat, val, demand);
    // The same with the vector kernel (this module's tests run with it), unless it declines these shifts.
    byte[] vector = ByteKernels.latticeWarpHsv(src, h, w, matrix, oh, ow, fill, border, hue, sat, val, demand);
    if (ow > 2048) {
      assertThat(fused).as("output rows wider than a block are declined").isNull();
      assertThat(vector).isNull();
      return;
    }
    byte[] expected = ByteKernels.latticeWarp(src, 3, h, w, matrix, oh, ow, fill, border);
    ByteKernels.hsvShiftScalar(expected, oh * ow, hue, sat, val);
    // Pixels the demand does not name are never read: left out of the comparison.
    for (int v = 0; v < oh && demand != null; v++) {
      for (int u = 0; u < ow; u++) {
        if (!demand.full(v) && u >= demand.prefix(v) && u < demand.suffix(v)) {
          for (int ch = 0; ch < 3; ch++) {
            expected[ch * oh * ow + v * ow + u] = 0;
            fused[ch * oh * ow + v * ow + u] = 0;
            if (vector != null) {
              vector[ch * oh * ow + v * ow + u] = 0;
            }
          }
        }
      }
    }
    assertThat(fused).as("%s, %dx%d -> %dx%d, matrix %s", border, w, h, ow, oh, java.util.Arrays.toString(matrix))
        .isEqualTo(expected);
    if (vector != null) {
      assertThat(vector).as("vector kernel").isEqualTo(expected);
    }
  }

  @Test
  void transposingWarp_isDeclined() {
    byte[] src = new byte[3 * 4 * 6];
    double[] quarterTurn = {0, 1, 0, 1, 0, 0, 0, 0, 1};
    assertThat(ByteKernels.latticeWarpHsvScalar(src, 4, 6, quarterTurn, 6, 4, (byte) 0, BorderMode.CONSTANT, 10, 0,
        0, null)).isNull();
  }
}
