package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.device.DeviceBatch;
import dev.datamgmt.augment.djl.DjlConverters;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.core.label.Box;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Object-aware crops keep their boxes in the frame. */
class BBoxSafeCropTest {
  private static final int W = 64, H = 48;
  /** Keep everything as transformed, so a box cut by the crop would show as visibility < 1 or as leaving. */
  private static final BoxPolicy KEEP = new BoxPolicy(false, 0);

  private static List<Box> boxes(int seed, int count) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    List<Box> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double x = r.nextDouble(0, W - 6), y = r.nextDouble(0, H - 6);
      out.add(new Box(x, y, Math.min(W, x + r.nextDouble(2, 30)), Math.min(H, y + r.nextDouble(2, 25)), i));
    }
    return out;
  }

  private static boolean inside(Box b, int w, int h) {
    double eps = 1e-6;
    return b.x1() >= -eps && b.y1() >= -eps && b.x2() <= w + eps && b.y2() <= h + eps;
  }

  @Property(tries = 150)
  void randomSizedBBoxSafeCrop_keepsEveryBoxWhole(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll @IntRange(min = 0, max = 5) int count, @ForAll boolean afterFlip) throws Exception {
    Pipeline.Builder b = Pipeline.builder().setSeed(3);
    if (afterFlip) {
      // Earlier steps move the boxes (the crop must see them where the steps left them); exact ones keep them
      // inside the frame.
      b.add(ImageOps.horizontalFlip(0.5)).add(ImageOps.transpose(0.5)).add(ImageOps.letterbox(80, 0));
    }
    Pipeline p = b.add(ImageOps.randomSizedBBoxSafeCrop(32, 32, 0)).build();
    List<Box> in = boxes(index, count);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(KEEP).build()) {
      ImageSample out = aug.apply(ImageSample.of("s", TestImages.floats(3, H, W, 1))
          .withBoxes(in, BoxFormat.PIXEL_XYXY), 0, index);
      assertThat(out.image().width()).isEqualTo(32);
      assertThat(out.boxes()).hasSize(count);
      for (Box x : out.boxes()) {
        assertThat(inside(x, 32, 32)).as("box %s of %s", x, out.boxes()).isTrue();
      }
    }
  }

  @Property(tries = 150)
  void atLeastOneBBoxRandomCrop_containsAWholeBox(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll @IntRange(min = 1, max = 5) int count) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(4).add(ImageOps.atLeastOneBBoxRandomCrop(32, 30, 0)).build();
    List<Box> in = boxes(index, count);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(KEEP).build()) {
      ImageSample s = ImageSample.of("s", TestImages.uint8(1, H, W, 2)).withBoxes(in, BoxFormat.PIXEL_XYXY);
      ImageSample out = aug.apply(s, 0, index);
      assertThat(out.image().width()).isEqualTo(32);
      assertThat(out.image().height()).isEqualTo(30);
      boolean whole = false;
      for (int i = 0; i < in.size(); i++) {
        Box src = in.get(i);
        boolean fits = src.x2() - src.x1() <= 32 && src.y2() - src.y1() <= 30;
        Box moved = out.boxes().stream().filter(x -> x.classIndex() == src.classIndex()).findFirst().orElse(null);
        whole |= fits && moved != null && inside(moved, 32, 30);
      }
      boolean anyFits = in.stream().anyMatch(x -> x.x2() - x.x1() <= 32 && x.y2() - x.y1() <= 30);
      if (anyFits && in.size() == 1) {
        assertThat(whole).as("boxes %s -> %s", in, out.boxes()).isTrue();
      }
      // A whole-pixel window: pixels are copied exactly.
      double[] m = ((ImageSteps.Warp) p.sample(0, index, W, H, in).steps().get(0)).matrix();
      int ox = (int) -m[2], oy = (int) -m[5];
      assertThat(out.image().get(0, 3, 4)).isEqualTo(s.image().get(0, 3 + oy, 4 + ox));
    }
  }

  @Test
  void deviceBackend_drawsTheSameCropsFromTheBoxes() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(9).add(ImageOps.randomSizedBBoxSafeCrop(24, 20, 0.1))
        .add(ImageOps.atLeastOneBBoxRandomCrop(16, 16, 0.2)).build();
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[5];
    for (int i = 0; i < 5; i++) {
      samples.add(ImageSample.of("s" + i, TestImages.floats(3, H, W, i)).withBoxes(boxes(i, 1 + i % 3),
          BoxFormat.PIXEL_XYXY));
      idx[i] = 20 + i;
    }
    try (NDManager m = NDManager.newBaseManager();
        CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
      List<ImageSample> want = cpu.applyBatch(samples, 1, idx);
      DeviceBatch got = DeviceAugmenter.of(p).apply(DeviceBatch.builder()
          .setImages(DjlConverters.toBatch(m, samples.stream().map(ImageSample::image).toList()))
          .optBoxes(samples.stream().map(ImageSample::boxes).toList(), BoxFormat.PIXEL_XYXY).build(), 1, idx);
      for (int i = 0; i < 5; i++) {
        assertThat(got.boxes().get(i)).isEqualTo(want.get(i).boxes());
        float[] a = got.images().get(i).toFloatArray(), e = want.get(i).image().toFloatChw();
        for (int k = 0; k < a.length; k++) {
          assertThat(Math.abs(a[k] - e[k])).isLessThan(2e-3f);
        }
      }
    }
  }
}
