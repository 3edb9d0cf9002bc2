package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** YOLO's mosaic on the CPU backend: pixels, boxes, instance masks, labels and keypoints of four samples. */
class MosaicTest {
  private static final int W = 40, H = 30;

  private static SegmentationMask boxMask(Box b) {
    int[] m = new int[W * H];
    for (int y = (int) b.y1(); y < b.y2(); y++) {
      for (int x = (int) b.x1(); x < b.x2(); x++) {
        m[y * W + x] = 1;
      }
    }
    return SegmentationMask.of(W, H, m);
  }

  /** Sample {@code i}: constant grey {@code 10 * (i + 1)}, one box with its instance mask, one-hot label {@code i}. */
  private static ImageSample sample(int i, Box box) {
    byte[] px = new byte[W * H];
    Arrays.fill(px, (byte) (10 * (i + 1)));
    float[] label = new float[4];
    label[i] = 1;
    return ImageSample.of("s" + i, Raster.wrapUint8(1, H, W, px)).withBoxes(List.of(box), BoxFormat.PIXEL_XYXY)
        .withInstanceMasks(List.of(boxMask(box))).withLabel(label);
  }

  @Test
  void mosaic_placesEachSampleByItsCornerWithItsBoxesMasksAndLabelShare() throws Exception {
    List<ImageSample> samples = List.of(
        sample(0, new Box(25, 20, 35, 28, 0)).withKeypoints(List.of(new Keypoint(30, 20, Keypoint.VISIBLE),
            new Keypoint(5, 5, Keypoint.VISIBLE))),
        sample(1, new Box(0, 20, 10, 28, 1)),
        sample(2, new Box(30, 0, 40, 10, 2)),
        sample(3, new Box(15, 10, 25, 20, 3)));
    ImageSteps.Mosaic step = new ImageSteps.Mosaic(0.5, 0.5, List.of(0.3, 0.55, 0.8));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optMixPartners(MixPartnerSource.of(samples)).optBoxPolicy(new BoxPolicy(true, 0.3)).build()) {
      ImageSample out = aug.replay(samples.get(0), AugmentParams.of(step));
      byte[] px = out.image().uint8Array();
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int q = (y < 15 ? 0 : 2) + (x < 20 ? 0 : 1);
          assertThat(px[y * W + x] & 0xff).as("(%s, %s)", x, y).isEqualTo(10 * (q + 1));
        }
      }
      // Sample 3's box keeps a quarter of its area in its quadrant: below the policy's 0.3, dropped with its mask.
      assertThat(out.boxes()).containsExactly(new Box(5, 5, 15, 13, 0), new Box(20, 5, 30, 13, 1),
          new Box(10, 15, 20, 25, 2));
      for (int k = 0; k < 3; k++) {
        Box b = out.boxes().get(k);
        int inside = 0, total = 0;
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            if (out.instanceMasks().get(k).get(x, y) != 0) {
              total++;
              inside += x >= b.x1() && x < b.x2() && y >= b.y1() && y < b.y2() ? 1 : 0;
            }
          }
        }
        assertThat(inside).as("mask %s in its box", k).isEqualTo(total)
            .isEqualTo((int) ((b.x2() - b.x1()) * (b.y2() - b.y1())));
      }
      assertThat(out.label()).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
      assertThat(out.keypoints()).containsExactly(new Keypoint(10, 5, Keypoint.VISIBLE),
          new Keypoint(-15, -10, Keypoint.NOT_LABELED));
    }
  }

  @Property(tries = 10)
  void mosaicWithAPartnerSource_doesNotDependOnBatchOrThreads(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 7) int split, @ForAll @IntRange(min = 1, max = 3) int threads)
      throws Exception {
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[8];
    for (int i = 0; i < 8; i++) {
      samples.add(ImageSample.of("s" + i, TestImages.uint8(3, H, W, i))
          .withBoxes(List.of(new Box(5 + i, 4, 25 + i, 20, i)), BoxFormat.PIXEL_XYXY));
      idx[i] = i;
    }
    Pipeline p = Pipeline.builder().setSeed(seed).add(ImageOps.horizontalFlip(0.5)).add(ImageOps.mosaic(0.8)).build();
    MixPartnerSource source = MixPartnerSource.of(samples);
    List<ImageSample> whole;
    try (CpuAugmenter one = CpuAugmenter.builder().setPipeline(p).optMixPartners(source).build()) {
      whole = one.applyBatch(samples, 2, idx);
    }
    try (CpuAugmenter many = CpuAugmenter.builder().setPipeline(p).optMixPartners(source).optThreads(threads).build()) {
      List<ImageSample> parts = new ArrayList<>(many.applyBatch(samples.subList(0, split), 2,
          Arrays.copyOfRange(idx, 0, split)));
      parts.addAll(many.applyBatch(samples.subList(split, 8), 2, Arrays.copyOfRange(idx, split, 8)));
      for (int i = 0; i < 8; i++) {
        assertThat(parts.get(i).image().uint8Array()).containsExactly(whole.get(i).image().uint8Array());
        assertThat(parts.get(i).boxes()).isEqualTo(whole.get(i).boxes());
      }
    }
  }

  @Test
  void partnersOfAnotherSizeOrWithoutMasks_areTypedErrors() throws Exception {
    ImageSample a = sample(0, new Box(1, 1, 5, 5, 0));
    ImageSample small = ImageSample.of("small", Raster.wrapUint8(1, 10, 10, new byte[100]));
    ImageSteps.Mosaic step = new ImageSteps.Mosaic(0.5, 0.5, List.of(0.0, 0.0, 0.0));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optMixPartners(MixPartnerSource.of(List.of(small))).build()) {
      assertThatThrownBy(() -> aug.replay(a, AugmentParams.of(step)))
          .isInstanceOf(dev.datamgmt.core.error.InvalidDataException.class).hasMessageContaining("another shape")
          .hasMessageContaining("small");
    }
    ImageSample noMasks = ImageSample.of("bare", a.image()).withBoxes(List.of(new Box(1, 1, 5, 5, 0)),
        BoxFormat.PIXEL_XYXY).withLabel(new float[4]);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optMixPartners(MixPartnerSource.of(List.of(noMasks))).build()) {
      assertThatThrownBy(() -> aug.replay(a, AugmentParams.of(step))).hasMessageContaining("instance mask");
    }
    assertThatThrownBy(() -> new ImageSteps.Mosaic(0.5, 0.5, List.of(0.1))).hasMessageContaining("three partners");
    assertThatThrownBy(() -> ImageOps.mosaic(2)).hasMessageContaining("mosaic probability");
  }

  @Test
  void deviceBackend_refusesMosaicNamingTheCpuBackend() {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.mosaic(1)).build();
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> DeviceAugmenter.of(p).apply(m.zeros(new Shape(4, 3, 8, 8)), 0, new long[] {0, 1, 2, 3}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CPU backend");
    }
  }
}
