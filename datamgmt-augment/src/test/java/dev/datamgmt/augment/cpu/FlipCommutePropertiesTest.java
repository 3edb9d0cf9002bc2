package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.image.ImagePlan;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A flip after per-pixel colour steps moves in front of them in the plan and fuses with the warp before them: the
 * pixels equal running every step in the order drawn, one after the other.
 */
class FlipCommutePropertiesTest {
  @Property(tries = 60)
  void flipAfterPerPixelSteps_fusedIntoTheWarp_equalsStepByStep(
      @ForAll @IntRange(min = 0, max = 100_000) int index, @ForAll boolean uint8,
      @ForAll @IntRange(min = 0, max = 3) int variant) throws Exception {
    int c = 3, h = 31, w = 41;
    Pipeline.Builder b = Pipeline.builder().setSeed(11);
    switch (variant) {
      case 0 -> b.add(ImageOps.letterbox(48, 114 / 255.0)).add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08));
      case 1 -> b.add(ImageOps.affine(15, 0.1, 0.9, 1.1, 10)).add(ImageOps.brightness(0.6, 1.4))
          .add(ImageOps.saturation(0.6, 1.4));
      case 2 -> b.add(ImageOps.resize(33, 27)).add(ImageOps.solarize(1, 0.2, 0.9)).add(ImageOps.rgbShift(1, 0.1));
      default -> b.add(ImageOps.randomResizedCrop(30, 30, 0.3, 1)).add(ImageOps.posterize(1, 2, 6))
          .add(ImageOps.normalizeImageNet());
    }
    Pipeline p = b.add(ImageOps.horizontalFlip(1)).add(ImageOps.verticalFlip(0.5)).build();
    Raster img = uint8 ? TestImages.uint8(c, h, w, index) : TestImages.floats(c, h, w, index);
    List<Step> steps = p.sample(0, index, w, h).steps();
    List<Step> plan = ImagePlan.of(steps, w, h);
    // Step by step: everything before the flips in one run (its own plan), then each flip on its own.
    int split = steps.size();
    while (split > 0 && steps.get(split - 1) instanceof ImageSteps.Warp) {
      split--;
    }
    List<Step> before = steps.subList(0, split), flips = steps.subList(split, steps.size());
    assertThat(flips).as("drawn steps %s", steps).isNotEmpty();
    assertThat(warps(plan)).as("the flips fuse into the warp before the colour steps: %s", plan)
        .isEqualTo(warps(ImagePlan.of(before, w, h)));

    ImageSample fused = ImageExecutor.run(ImageSample.of("s", img), steps, BoxPolicy.DEFAULT);
    ImageSample cur = ImageExecutor.run(ImageSample.of("s", img), before, BoxPolicy.DEFAULT);
    for (Step f : flips) {
      cur = ImageExecutor.run(cur, List.of(f), BoxPolicy.DEFAULT);
    }
    assertThat(fused.image().pixelType()).isEqualTo(cur.image().pixelType());
    assertThat(fused.image().toFloatChw()).containsExactly(cur.image().toFloatChw());
  }

  @Property(tries = 20)
  void contrastDoesNotCommute_soTheFlipStaysAfterIt(@ForAll @IntRange(min = 0, max = 100_000) int index) {
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.letterbox(48, 0)).add(ImageOps.contrast(0.6, 1.4))
        .add(ImageOps.horizontalFlip(1)).build();
    List<Step> steps = p.sample(0, index, 41, 31).steps();
    List<Step> plan = ImagePlan.of(steps, 41, 31);
    assertThat(plan.get(plan.size() - 1)).isInstanceOf(ImageSteps.Warp.class);
    assertThat(warps(plan)).isEqualTo(warps(ImagePlan.of(steps.subList(0, steps.size() - 1), 41, 31)) + 1);
  }

  private static long warps(List<Step> plan) {
    return plan.stream().filter(s -> s instanceof ImageSteps.Warp).count();
  }
}
