package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The byte warps against their references: the row-table kernel of scale-only bilinear warps gives the bytes of the
 * per-pixel fixed-point kernel (the one {@code ByteOpsGoldenTest} checks against OpenCV); the nearest byte warp
 * picks the pixels the float kernel picks.
 */
class ByteOpsPropertiesTest {
  @Property(tries = 200)
  void scaleBilinear_equalsThePerPixelKernel(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = 3, h = 5 + r.nextInt(40), w = 5 + r.nextInt(40), oh = 1 + r.nextInt(50), ow = 1 + r.nextInt(50);
    byte[] src = new byte[c * h * w];
    r.nextBytes(src);
    double sx = (r.nextBoolean() ? -1 : 1) * (0.05 + 3 * r.nextDouble()), sy = 0.05 + 3 * r.nextDouble();
    double tx = -10 + (w + 20) * r.nextDouble(), ty = -10 + (h + 20) * r.nextDouble();
    double[] inv = {sx, 0, tx, 0, sy, ty, 0, 0, 1};
    byte fill = (byte) r.nextInt(256);
    assertThat(ByteOps.warpBilinear(src, c, h, w, oh, ow, inv, fill, true))
        .containsExactly(ByteOps.warpBilinear(src, c, h, w, oh, ow, inv, fill, false));
  }

  @Property(tries = 200)
  void nearestByteWarp_picksThePixelsOfTheFloatKernel(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = 3, h = 5 + r.nextInt(30), w = 5 + r.nextInt(30), oh = 1 + r.nextInt(40), ow = 1 + r.nextInt(40);
    byte[] src = new byte[c * h * w];
    r.nextBytes(src);
    double a = r.nextDouble() * 2 * Math.PI, s = 0.5 + r.nextDouble(), shear = r.nextDouble() - 0.5;
    double[] inv = {s * Math.cos(a), -s * Math.sin(a) + shear, -5 + 10 * r.nextDouble(),
        s * Math.sin(a), s * Math.cos(a), -5 + 10 * r.nextDouble(), 0, 0, 1};
    byte fill = (byte) r.nextInt(256);
    byte[] bytes = ByteOps.warpNearest(src, c, h, w, oh, ow, inv, fill);
    float[] f = new float[src.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (src[i] & 0xFF) * (1f / 255f);
    }
    float[] dst = new float[c * oh * ow];
    CpuKernels.warp(f, c, h, w, dst, oh, ow, inv, false, (fill & 0xFF) * (1f / 255f));
    for (int i = 0; i < dst.length; i++) {
      assertThat(dst[i]).isEqualTo((bytes[i] & 0xFF) * (1f / 255f));
    }
  }
}
