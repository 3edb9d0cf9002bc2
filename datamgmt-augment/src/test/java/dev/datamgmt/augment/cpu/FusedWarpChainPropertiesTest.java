package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.internal.cpu.CpuKernels;
import dev.datamgmt.augment.internal.image.ImagePlan;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Running the colour steps band by band right behind the first warp gives exactly the pixels of the plain order
 * (whole warp, then the colour chain over the whole image).
 */
class FusedWarpChainPropertiesTest {
  @Property(tries = 40)
  void warpThenColourSteps_fusedByBands_equalsWholeImagePasses(
      @ForAll @IntRange(min = 0, max = 100_000) int index, @ForAll boolean uint8, @ForAll boolean gray,
      @ForAll @IntRange(min = 0, max = 4) int variant) throws Exception {
    Pipeline.Builder b = Pipeline.builder().setSeed(7).add(ImageOps.horizontalFlip(0.5));
    b.add(variant == 3 ? ImageOps.perspective(1, 0.3) : ImageOps.affine(15, 0.1, 0.9, 1.1, 10));
    switch (variant) {
      case 0 -> b.add(ImageOps.brightness(0.6, 1.4)).add(ImageOps.contrast(0.6, 1.4))
          .add(ImageOps.saturation(0.6, 1.4));
      case 1 -> b.add(ImageOps.gamma(0.7, 1.5)).add(ImageOps.hue(0.2)).add(ImageOps.brightness(0.6, 1.4));
      case 4 -> b.add(ImageOps.solarize(1, 0.2, 0.9)).add(ImageOps.posterize(1, 1, 7)).add(ImageOps.invert(1))
          .add(ImageOps.contrast(0.6, 1.4));
      case 2 -> b.add(ImageOps.contrast(0.6, 1.4)).add(ImageOps.brightness(0.6, 1.4))
          .add(ImageOps.contrast(0.5, 1.5));
      default -> b.add(ImageOps.brightness(0.6, 1.4)).add(ImageOps.grayscale(0.5)).add(ImageOps.contrast(0.6, 1.4));
    }
    int c = gray ? 1 : 3, h = 37, w = 45; // rows not a multiple of the band height
    if (c == 3) {
      b.add(ImageOps.normalizeImageNet());
    }
    Pipeline p = b.build();
    Raster img = uint8 ? TestImages.uint8(c, h, w, index) : TestImages.floats(c, h, w, index);
    AugmentParams params = p.sample(0, index, w, h);
    float[] fused = ImageExecutor.run(ImageSample.of("s", img), params.steps(), BoxPolicy.DEFAULT).image()
        .toFloatChw();

    List<Step> plan = ImagePlan.of(params.steps(), w, h);
    ImageSteps.Warp warp = (ImageSteps.Warp) plan.get(0);
    float[] x = new float[c * warp.outHeight() * warp.outWidth()];
    double[] invM = Homography.invert(warp.matrix());
    boolean bilinear = warp.interpolation() == Interpolation.BILINEAR;
    if (uint8) {
      CpuKernels.warp(img.uint8Array(), c, h, w, x, warp.outHeight(), warp.outWidth(), invM, bilinear,
          (float) warp.fill());
    } else {
      CpuKernels.warp(img.floatArray(), c, h, w, x, warp.outHeight(), warp.outWidth(), invM, bilinear,
          (float) warp.fill());
    }
    List<Step> rest = plan.subList(1, plan.size());
    List<float[]> means = new ArrayList<>(), inv = new ArrayList<>();
    for (Step s : rest) {
      if (s instanceof ImageSteps.Normalize nz) {
        means.add(nz.meanValues());
        inv.add(nz.inverseStdValues());
      }
    }
    PointwiseChain.run(x, c, warp.outHeight() * warp.outWidth(), rest, means.toArray(new float[0][]),
        inv.toArray(new float[0][]));
    if (uint8 && c == 1) {
      // uint8 without normalize is written back as bytes.
      for (int i = 0; i < x.length; i++) {
        x[i] = Raster.toByte(x[i]) * (1f / 255f);
      }
    }
    assertThat(fused).containsExactly(x);
  }
}
