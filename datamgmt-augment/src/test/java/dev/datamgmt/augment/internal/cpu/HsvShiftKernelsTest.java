package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The two 8-bit HSV kernels, the scalar one ({@link ByteKernels#hsvShiftScalar}, the default) and the vector one
 * (loaded because this module's tests run with {@code --add-modules jdk.incubator.vector}), give the bytes of the
 * kernel as first checked against OpenCV ({@link ByteKernelsReference}): on every one of the 2^24 colours for a set
 * of shifts (in range, fractional, out of range, integral, a hue that wraps to 180), and on random images of
 * random sizes (ragged tails) with random shifts.
 */
class HsvShiftKernelsTest {
  /** Every 24-bit colour once, as a planar image. */
  private static final int CUBE = 1 << 24;

  private static byte[] everyColour() {
    byte[] x = new byte[3 * CUBE];
    for (int i = 0; i < CUBE; i++) {
      x[i] = (byte) (i >> 16);
      x[CUBE + i] = (byte) (i >> 8);
      x[2 * CUBE + i] = (byte) i;
    }
    return x;
  }

  private static final double[][] SHIFTS = {
    {0, 0, 0}, {17.3, -0.1, 0.05}, {-40, 0.117, -0.078}, {39.99, 30 / 255.0, 20 / 255.0}, {359.99, 1.5, -1.5},
    {720.5, 2, -2}, {38, 0.999999999 / 255, -1e-12}, {-1e-13, -0.5, 0.5},
  };

  @Test
  void vectorKernel_isLoadedWithTheModule() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(HsvVectorKernels.kernel()).as("vector kernel (self-check at load passed)").isNotNull();
    assertThat(HsvVectorKernels.active()).isEqualTo("vector");
  }

  @Test
  void bothKernels_equalTheReference_onEveryColour() {
    byte[] cube = everyColour();
    HsvVectorKernels.Kernel vector = HsvVectorKernels.kernel();
    int declined = 0;
    for (double[] s : SHIFTS) {
      byte[] expected = cube.clone();
      ByteKernelsReference.hsvShift(expected, CUBE, s[0], s[1], s[2]);
      byte[] scalar = cube.clone();
      ByteKernels.hsvShiftScalar(scalar, CUBE, s[0], s[1], s[2]);
      assertThat(firstDifference(expected, scalar)).as("scalar kernel, shifts %s %s %s", s[0], s[1], s[2])
          .isEqualTo(-1);
      byte[] v = cube.clone();
      if (vector.hsvShift(v, CUBE, s[0], s[1], s[2])) {
        assertThat(firstDifference(expected, v)).as("vector kernel, shifts %s %s %s", s[0], s[1], s[2])
            .isEqualTo(-1);
      } else {
        declined++;
      }
      byte[] dispatched = cube.clone();
      ByteKernels.hsvShift(dispatched, CUBE, s[0], s[1], s[2]);
      assertThat(firstDifference(expected, dispatched)).isEqualTo(-1);
    }
    // Only the shifts whose tables are not plain offsets (a hue landing on 180 within rounding) are declined.
    assertThat(declined).isLessThanOrEqualTo(2);
  }

  @Property(tries = 150)
  void bothKernels_equalTheReference_onRandomImages(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3000) int plane) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] x = new byte[3 * plane];
    r.nextBytes(x);
    if (r.nextBoolean()) {
      // Flat runs and greys, as letterbox borders and photos have.
      for (int i = 0; i < plane; i++) {
        if (r.nextInt(4) == 0) {
          x[plane + i] = x[i];
          x[2 * plane + i] = x[i];
        }
      }
    }
    double hue = r.nextBoolean() ? r.nextDouble(-40, 40) : r.nextInt(-400, 400) * 0.5;
    double sat = r.nextDouble(-1.2, 1.2), val = r.nextDouble(-1.2, 1.2);
    byte[] expected = x.clone();
    ByteKernelsReference.hsvShift(expected, plane, hue, sat, val);
    byte[] scalar = x.clone();
    ByteKernels.hsvShiftScalar(scalar, plane, hue, sat, val);
    assertThat(scalar).isEqualTo(expected);
    byte[] vector = x.clone();
    if (!HsvVectorKernels.kernel().hsvShift(vector, plane, hue, sat, val)) {
      vector = expected;
    }
    assertThat(vector).isEqualTo(expected);
  }

  /**
   * Runs of one colour (letterbox bands, flat regions) take the result of their first pixel, found and filled
   * eight pixels at a time: runs of every length, across words and the scalar kernel's blocks of 2,048 pixels, on
   * images below and above the size where the scalar kernel builds its per-call table.
   */
  @Property(tries = 60)
  void bothKernels_equalTheReference_onRunsOfOneColour(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 80_000) int plane) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] x = new byte[3 * plane];
    for (int i = 0; i < plane; ) {
      int len = Math.min(plane - i, 1 + (r.nextBoolean() ? r.nextInt(12) : r.nextInt(6000)));
      int rgb = r.nextInt(4) == 0 ? 114 * 0x010101 : r.nextInt(1 << 24);
      for (int k = i; k < i + len; k++) {
        x[k] = (byte) (rgb >> 16);
        x[plane + k] = (byte) (rgb >> 8);
        x[2 * plane + k] = (byte) rgb;
      }
      i += len;
    }
    double hue = r.nextDouble(-40, 40), sat = r.nextDouble(-0.2, 0.2), val = r.nextDouble(-0.2, 0.2);
    byte[] expected = x.clone();
    ByteKernelsReference.hsvShift(expected, plane, hue, sat, val);
    byte[] scalar = x.clone();
    ByteKernels.hsvShiftScalar(scalar, plane, hue, sat, val);
    assertThat(firstDifference(expected, scalar)).isEqualTo(-1);
    byte[] vector = x.clone();
    if (HsvVectorKernels.kernel().hsvShift(vector, plane, hue, sat, val)) {
      assertThat(firstDifference(expected, vector)).isEqualTo(-1);
    }
  }

  @Test
  void vectorKernel_declinesTablesThatAreNotOffsets_andLeavesTheImage() {
    // A hue shift a hair beyond -19 steps sends hue 19 to 180 (numpy's float mod), which is not (i + k) mod 180.
    byte[] x = new byte[3 * 64];
    new SplittableRandom(3).nextBytes(x);
    byte[] before = x.clone();
    assertThat(HsvVectorKernels.kernel().hsvShift(x, 64, -38.00000000000001, 0, 0)).isFalse();
    assertThat(x).isEqualTo(before);
    assertThat(HsvVectorKernels.kernel().hsvShift(x, 64, Double.NaN, 0, 0)).isFalse();
  }

  private static int firstDifference(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return -1;
  }
}
