package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.augment.image.Raster;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The byte warps against their references: the row-table kernel of scale-only bilinear warps gives the bytes of the
 * per-pixel fixed-point kernel (the one {@code ByteOpsGoldenTest} checks against OpenCV); the nearest byte warp
 * picks the pixels the float kernel picks; a plan's composed tables give the bytes of the ops run one by one.
 */
class ByteOpsPropertiesTest {
  /** A random RGB input of {@code h x w} (5 to 4 + maxIn) and an output size (1 to maxOut). */
  private record Case(int h, int w, int oh, int ow, byte[] src) {
    static Case random(SplittableRandom r, int maxIn, int maxOut) {
      int h = 5 + r.nextInt(maxIn), w = 5 + r.nextInt(maxIn);
      byte[] src = new byte[3 * h * w];
      r.nextBytes(src);
      return new Case(h, w, 1 + r.nextInt(maxOut), 1 + r.nextInt(maxOut), src);
    }
  }

  @Property(tries = 200)
  void scaleBilinear_equalsThePerPixelKernel(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Case k = Case.random(r, 40, 50);
    double sx = (r.nextBoolean() ? -1 : 1) * (0.05 + 3 * r.nextDouble()), sy = 0.05 + 3 * r.nextDouble();
    double[] inv = {sx, 0, -10 + (k.w() + 20) * r.nextDouble(), 0, sy, -10 + (k.h() + 20) * r.nextDouble(), 0, 0, 1};
    byte fill = (byte) r.nextInt(256);
    assertThat(ByteOps.warpBilinear(k.src(), 3, k.h(), k.w(), k.oh(), k.ow(), inv, fill, true))
        .containsExactly(ByteOps.warpBilinear(k.src(), 3, k.h(), k.w(), k.oh(), k.ow(), inv, fill, false));
  }

  @Property(tries = 200)
  void nearestByteWarp_picksThePixelsOfTheFloatKernel(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Case k = Case.random(r, 30, 40);
    int c = 3, h = k.h(), w = k.w(), oh = k.oh(), ow = k.ow();
    byte[] src = k.src();
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

  @Property(tries = 300)
  void planWithScratchAndComposedTables_givesTheBytesOfTheStepsOneByOne(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = 3;
    int h = 3 + r.nextInt(20), w = 3 + r.nextInt(20), plane = h * w;
    byte[] src = new byte[c * plane];
    r.nextBytes(src);
    if (r.nextBoolean()) {
      // Narrow ranges and few levels: autocontrast stretches, equalize has empty bins.
      for (int i = 0; i < src.length; i++) {
        src[i] = (byte) (40 + (src[i] & 0x3F));
      }
    }
    List<Step> plan = new ArrayList<>();
    byte[] expected = src.clone();
    int n = 1 + r.nextInt(5);
    int h0 = h, w0 = w;
    for (int k = 0; k < n; k++) {
      double f = r.nextDouble() * 2;
      if (r.nextInt(4) == 0) {
        // A warp to another size (bilinear scale, or a nearest rotation): the path's scratch buffers in between.
        int oh = 3 + r.nextInt(20), ow = 3 + r.nextInt(20);
        boolean bilinear = r.nextBoolean();
        double a = r.nextDouble();
        double[] fwd = bilinear ? new double[] {ow / (double) w, 0, 0, 0, oh / (double) h, 0, 0, 0, 1}
            : new double[] {Math.cos(a), -Math.sin(a), 1, Math.sin(a), Math.cos(a), -1, 0, 0, 1};
        plan.add(new ImageSteps.Warp(fwd, ow, oh, bilinear ? Interpolation.BILINEAR : Interpolation.NEAREST, 0));
        double[] inv = Homography.invert(fwd);
        expected = bilinear ? ByteOps.warpBilinear(expected, c, h, w, oh, ow, inv, (byte) 0)
            : ByteOps.warpNearest(expected, c, h, w, oh, ow, inv, (byte) 0);
        h = oh;
        w = ow;
        plane = h * w;
        continue;
      }
      switch (r.nextInt(9)) {
        case 0 -> { plan.add(new ImageSteps.Brightness(f)); ByteOps.brightness(expected, f); }
        case 1 -> { plan.add(new ImageSteps.Contrast(f)); ByteOps.contrast(expected, c, plane, f); }
        case 2 -> { plan.add(new ImageSteps.Saturation(f)); ByteOps.saturation(expected, c, plane, f); }
        case 3 -> { plan.add(new ImageSteps.Sharpness(f)); ByteOps.sharpness(expected, c, h, w, f); }
        case 4 -> {
          int bits = r.nextInt(9);
          plan.add(new ImageSteps.Posterize(bits));
          ByteOps.posterize(expected, bits);
        }
        case 5 -> { plan.add(new ImageSteps.Solarize(f / 2)); ByteOps.solarize(expected, f / 2); }
        case 6 -> { plan.add(new ImageSteps.AutoContrast()); ByteOps.autoContrast(expected, c, plane); }
        case 7 -> { plan.add(new ImageSteps.Equalize()); ByteOps.equalize(expected, c, plane); }
        default -> { plan.add(new ImageSteps.Invert()); ByteOps.invert(expected); }
      }
    }
    byte[] before = src.clone();
    if (r.nextBoolean()) {
      plan.add(new ImageSteps.Normalize(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)));
      float[] mean = {0.485f, 0.456f, 0.406f};
      float[] inv = {1f / 0.229f, 1f / 0.224f, 1f / 0.225f};
      Raster out = ByteOps.run(src, c, h0, w0, plan);
      assertThat(out.floatArray()).as("%s", plan).containsExactly(ByteOps.normalize(expected, c, plane, mean, inv));
    } else {
      Raster out = ByteOps.run(src, c, h0, w0, plan);
      assertThat(out.uint8Array()).as("%s", plan).containsExactly(expected);
    }
    assertThat(src).as("the input is not changed").containsExactly(before);
  }
}
