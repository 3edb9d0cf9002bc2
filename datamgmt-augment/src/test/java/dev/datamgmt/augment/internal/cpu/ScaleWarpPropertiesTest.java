package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The table path of the bilinear warp for warps without rotation or shear (resized crops, flips, letterboxes)
 * gives the same bits as the general affine kernel. The general kernel is reached with cross terms of
 * {@link Double#MIN_NORMAL}: they move no source position by a representable amount of a pixel weight, so its
 * output must equal the table path's exactly.
 */
class ScaleWarpPropertiesTest {
  private static double[] inverse(SplittableRandom r, int w, int h, int ow, int oh) {
    // Output (u, v) reads the input at (sx * u + tx, sy * v + ty): a crop of random position and size, flipped
    // or not, some of it outside the input.
    double sx = (r.nextDouble(0.05, 3.0) * w) / ow * (r.nextBoolean() ? 1 : -1);
    double sy = (r.nextDouble(0.05, 3.0) * h) / oh * (r.nextBoolean() ? 1 : -1);
    double tx = r.nextDouble(-0.5 * w, 1.5 * w), ty = r.nextDouble(-0.5 * h, 1.5 * h);
    return new double[] {sx, 0, tx, 0, sy, ty, 0, 0, 1};
  }

  private static double[] sheared(double[] inv) {
    double[] g = inv.clone();
    g[1] = Double.MIN_NORMAL;
    g[3] = Double.MIN_NORMAL;
    return g;
  }

  @Property(tries = 200)
  void bytes_tablePathEqualsGeneralKernel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 3) int c) {
    SplittableRandom r = new SplittableRandom(seed);
    int ow = 1 + r.nextInt(48), oh = 1 + r.nextInt(48);
    byte[] src = new byte[c * h * w];
    for (int i = 0; i < src.length; i++) {
      src[i] = (byte) r.nextInt(256);
    }
    double[] inv = inverse(r, w, h, ow, oh);
    float fill = (float) r.nextDouble();
    float[] fast = new float[c * oh * ow], general = new float[c * oh * ow];
    int v0 = r.nextInt(oh), v1 = v0 + 1 + r.nextInt(oh - v0);
    CpuKernels.warpRows(src, c, h, w, fast, oh, ow, inv, true, fill, v0, v1);
    CpuKernels.warpRows(src, c, h, w, general, oh, ow, sheared(inv), true, fill, v0, v1);
    assertThat(fast).containsExactly(general);
  }

  @Property(tries = 200)
  void floats_tablePathEqualsGeneralKernel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 3) int c) {
    SplittableRandom r = new SplittableRandom(seed);
    int ow = 1 + r.nextInt(48), oh = 1 + r.nextInt(48);
    float[] src = new float[c * h * w];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) r.nextDouble();
    }
    double[] inv = inverse(r, w, h, ow, oh);
    float fill = (float) r.nextDouble();
    float[] fast = new float[c * oh * ow], general = new float[c * oh * ow];
    CpuKernels.warp(src, c, h, w, fast, oh, ow, inv, true, fill);
    CpuKernels.warp(src, c, h, w, general, oh, ow, sheared(inv), true, fill);
    assertThat(fast).containsExactly(general);
  }
}
