package dev.datamgmt.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.device.DeviceBatch;
import dev.datamgmt.augment.djl.DjlConverters;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Instance masks follow their boxes, drop with them, and come out the same on both backends. */
class InstanceMasksTest {
  private static final int W = 40, H = 32;

  @Provide
  Arbitrary<Op> geometricOps() {
    return Arbitraries.of(
        ImageOps.horizontalFlip(1), ImageOps.rotate(40), ImageOps.affine(20, 0.3, 0.7, 1.3, 10),
        ImageOps.perspective(1, 0.5), ImageOps.randomResizedCrop(30, 24, 0.2, 0.8), ImageOps.padCrop(36, 36, 8));
  }

  private static List<Box> boxes(int seed) {
    List<Box> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int x = (seed * 7 + i * 11) % (W - 10), y = (seed * 3 + i * 9) % (H - 8);
      out.add(new Box(x, y, x + 6 + i, y + 5 + i, i));
    }
    return out;
  }

  /** The box's pixels (pixel centres inside), value 1. */
  private static SegmentationMask fill(Box b) {
    int[] m = new int[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (x + 0.5 > b.x1() && x + 0.5 < b.x2() && y + 0.5 > b.y1() && y + 0.5 < b.y2()) {
          m[y * W + x] = 1;
        }
      }
    }
    return SegmentationMask.of(W, H, m);
  }

  private static ImageSample sample(int seed) {
    List<Box> bs = boxes(seed);
    return ImageSample.of("s" + seed, TestImages.floats(3, H, W, seed)).withBoxes(bs, BoxFormat.PIXEL_XYXY)
        .withInstanceMasks(bs.stream().map(InstanceMasksTest::fill).toList());
  }

  @Property(tries = 80)
  void eachInstanceMask_staysInsideItsBox_andDropsWithIt(@ForAll("geometricOps") Op op,
      @ForAll @IntRange(min = 0, max = 500) int seed) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed).add(op).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(new BoxPolicy(true, 0.3)).build()) {
      ImageSample out = aug.apply(sample(seed), 1, seed);
      assertThat(out.instanceMasks()).hasSameSizeAs(out.boxes());
      for (int i = 0; i < out.boxes().size(); i++) {
        Box b = out.boxes().get(i);
        SegmentationMask m = out.instanceMasks().get(i);
        assertThat(m.width()).isEqualTo(out.image().width());
        for (int y = 0; y < m.height(); y++) {
          for (int x = 0; x < m.width(); x++) {
            if (m.get(x, y) != 0) {
              assertThat(x + 0.5).isBetween(b.x1() - 1e-6, b.x2() + 1e-6);
              assertThat(y + 0.5).isBetween(b.y1() - 1e-6, b.y2() + 1e-6);
            }
          }
        }
      }
    }
  }

  @Test
  void aBoxShiftedOutOfTheImage_takesItsMaskWithIt() throws Exception {
    Box left = new Box(2, 2, 10, 10, 7), right = new Box(30, 2, 38, 10, 8);
    ImageSample s = ImageSample.of("s", TestImages.floats(1, H, W, 1)).withBoxes(List.of(left, right),
        BoxFormat.PIXEL_XYXY).withInstanceMasks(List.of(fill(left), fill(right)));
    AugmentParams shift = AugmentParams.of(new ImageSteps.Warp(
        Homography.translate(-15, 0), W, H, Interpolation.BILINEAR, 0));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      ImageSample out = aug.replay(s, shift);
      assertThat(out.boxes()).extracting(Box::classIndex).containsExactly(8);
      assertThat(out.instanceMasks()).hasSize(1);
      assertThat(out.instanceMasks().get(0).get(20, 5)).isEqualTo(1);   // the right box's pixels, moved 15 left
      assertThat(out.instanceMasks().get(0).get(5, 5)).isZero();
    }
  }

  @Test
  void deviceBackend_givesTheCpuBackendsInstanceMasks_andThreadCountDoesNotMatter() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(25, 0.25, 0.8, 1.2, 5)).build();
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[6];
    for (int i = 0; i < 6; i++) {
      samples.add(sample(i));
      idx[i] = 100 + i;
    }
    try (NDManager m = NDManager.newBaseManager();
        CpuAugmenter one = CpuAugmenter.builder().setPipeline(p).build();
        CpuAugmenter two = CpuAugmenter.builder().setPipeline(p).optThreads(2).build()) {
      List<ImageSample> cpu = one.applyBatch(samples, 2, idx);
      List<ImageSample> cpu2 = two.applyBatch(samples, 2, idx);
      DeviceBatch in = DeviceBatch.builder()
          .setImages(DjlConverters.toBatch(m, samples.stream().map(ImageSample::image).toList()))
          .optBoxes(samples.stream().map(ImageSample::boxes).toList(), BoxFormat.PIXEL_XYXY)
          .optInstanceMasks(samples.stream().map(ImageSample::instanceMasks).toList()).build();
      DeviceBatch dev = DeviceAugmenter.of(p).apply(in, 2, idx);
      for (int i = 0; i < 6; i++) {
        assertThat(dev.boxes().get(i)).isEqualTo(cpu.get(i).boxes());
        assertThat(dev.instanceMasks().get(i)).hasSameSizeAs(cpu.get(i).instanceMasks());
        for (int k = 0; k < cpu.get(i).instanceMasks().size(); k++) {
          int[] want = cpu.get(i).instanceMasks().get(k).toArray();
          assertThat(dev.instanceMasks().get(i).get(k).toArray()).containsExactly(want);
          assertThat(cpu2.get(i).instanceMasks().get(k).toArray()).containsExactly(want);
        }
      }
    }
  }

  @Test
  void instanceMasksThatDoNotMatchTheBoxes_areRejected() {
    ImageSample s = sample(1);
    ImageSample tooFew = s.withInstanceMasks(s.instanceMasks().subList(0, 2));
    assertThatThrownBy(tooFew::validate).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("one instance mask per box (3)").hasMessageContaining("2 instance masks");
    ImageSample wrongSize = s.withInstanceMasks(List.of(s.instanceMasks().get(0), s.instanceMasks().get(1),
        SegmentationMask.of(W + 1, H, new int[(W + 1) * H])));
    assertThatThrownBy(wrongSize::validate).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("instance mask 2");
  }
}
