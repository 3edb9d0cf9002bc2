package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.ByteOps;
import dev.datamgmt.augment.internal.image.ImagePlan;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The 8-bit policy path (ImagePlan.bytePolicyPath, ByteOps): chosen by the plan rule for uint8 RGB images under an
 * auto-augment policy and nowhere else; the marker changes nothing on the float path; the output is independent of
 * threads and batch sizes.
 */
class BytePolicyPathPropertiesTest {
  private static Pipeline randAugment(long seed, boolean normalize) {
    Pipeline.Builder b = Pipeline.builder().setSeed(seed)
        .add(ImageOps.randomResizedCrop(32, 24, 0.08, 1.0))
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.randAugment(2, 9));
    if (normalize) {
      b.add(ImageOps.normalizeImageNet());
    }
    return b.build();
  }

  @Property(tries = 150)
  void uint8RgbUnderAPolicy_runsThePlanOnBytes(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll boolean normalize, @ForAll @IntRange(min = 0, max = 2) int policy) throws Exception {
    int c = 3, h = 30, w = 40;
    Pipeline.Builder b = Pipeline.builder().setSeed(11).add(ImageOps.randomResizedCrop(32, 24, 0.08, 1.0));
    b.add(switch (policy) {
      case 0 -> ImageOps.randAugment(2, 9);
      case 1 -> ImageOps.trivialAugmentWide();
      default -> ImageOps.autoAugmentImageNet();
    });
    if (normalize) {
      b.add(ImageOps.normalizeImageNet());
    }
    List<Step> steps = b.build().sample(0, index, w, h).steps();
    List<Step> plan = ImagePlan.of(steps, w, h);
    Raster img = TestImages.uint8(c, h, w, index);
    ImageSample out = ImageExecutor.run(ImageSample.of("s", img), steps, BoxPolicy.DEFAULT);
    // The rule holds for every draw of these policies (affine warps with a constant border, the policy ops).
    assertThat(ImagePlan.bytePolicyPath(plan, true, c)).isTrue();
    Raster expected = ByteOps.run(img.uint8Array(), c, h, w, plan);
    assertThat(out.image().pixelType()).isEqualTo(expected.pixelType());
    assertThat(out.image().toFloatChw()).containsExactly(expected.toFloatChw());
    // Not for float input, grey images, or without the marker.
    assertThat(ImagePlan.bytePolicyPath(plan, false, c)).isFalse();
    assertThat(ImagePlan.bytePolicyPath(plan, true, 1)).isFalse();
    assertThat(ImagePlan.bytePolicyPath(ImagePlan.withoutUint8Markers(plan), true, c)).isFalse();
  }

  @Property(tries = 60)
  void aStepThePathDoesNotRun_keepsTheFloatPath(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll @IntRange(min = 0, max = 2) int variant) {
    int w = 40, h = 30;
    Pipeline.Builder b = Pipeline.builder().setSeed(3);
    switch (variant) {
      case 0 -> b.add(ImageOps.randAugment(2, 9)).add(ImageOps.gaussianBlur(1, 0.5, 1.0));
      case 1 -> b.add(ImageOps.rotate(20).withBorder(BorderMode.REFLECT)).add(ImageOps.randAugment(2, 9));
      default -> b.add(ImageOps.randAugment(2, 9)).add(ImageOps.normalizeImageNet()).add(ImageOps.brightness(0.9, 1.1));
    }
    List<Step> plan = ImagePlan.of(b.build().sample(0, index, w, h).steps(), w, h);
    assertThat(ImagePlan.bytePolicyPath(plan, true, 3)).isFalse();
  }

  @Property(tries = 60)
  void marker_changesNothingOnTheFloatPath(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll boolean normalize) throws Exception {
    int h = 30, w = 40;
    List<Step> steps = randAugment(7, normalize).sample(0, index, w, h).steps();
    Raster img = TestImages.floats(3, h, w, index);
    ImageSample with = ImageExecutor.run(ImageSample.of("s", img), steps, BoxPolicy.DEFAULT);
    List<Step> without = new ArrayList<>(steps);
    without.removeIf(s -> s instanceof ImageSteps.Uint8Arithmetic);
    ImageSample plain = ImageExecutor.run(ImageSample.of("s", img), without, BoxPolicy.DEFAULT);
    assertThat(with.image().floatArray()).containsExactly(plain.image().floatArray());
  }

  @Property(tries = 10)
  void uint8RandAugment_isIndependentOfThreadsAndBatchSizes(@ForAll @IntRange(min = 0, max = 1000) int start,
      @ForAll boolean normalize) throws Exception {
    int n = 12, h = 30, w = 40;
    Pipeline p = randAugment(9, normalize);
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[n];
    for (int i = 0; i < n; i++) {
      samples.add(ImageSample.of("s" + i, TestImages.uint8(3, h, w, start + i)));
      idx[i] = start + i;
    }
    List<float[]> reference = null;
    for (int threads : new int[] {1, 2, 4}) {
      for (int batch : new int[] {1, 5, 12}) {
        List<float[]> got = new ArrayList<>();
        try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optThreads(threads).build()) {
          for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            for (ImageSample s : aug.applyBatch(samples.subList(from, to), 2, java.util.Arrays.copyOfRange(idx, from, to))) {
              got.add(s.image().toFloatChw());
            }
          }
        }
        if (reference == null) {
          reference = got;
        } else {
          for (int i = 0; i < n; i++) {
            assertThat(got.get(i)).as("threads %d, batch %d, sample %d", threads, batch, i)
                .containsExactly(reference.get(i));
          }
        }
      }
    }
  }
}
