package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Outputs depend on (seed, epoch, index) only: not on batch size, batch order or thread count. */
class CpuDeterminismPropertiesTest {
  private static Pipeline pipeline(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(15, 0.1, 0.9, 1.1, 10))
        .add(ImageOps.brightness(0.6, 1.4))
        .add(ImageOps.gaussianNoise(0.5, 0.01, 0.05))
        .add(ImageOps.randomErasing(0.5, 0.02, 0.2))
        .build();
  }

  @Property(tries = 15)
  void batchOutput_isIndependentOfBatchSizeAndThreads(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int split,
      @ForAll @IntRange(min = 1, max = 3) int threads) throws Exception {
    assertIndependentOfBatchingAndThreads(pipeline(seed), 3, 500, 7, split, threads);
  }

  @Property(tries = 10)
  void newGeometryOps_areIndependentOfBatchSizeAndThreads(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int split,
      @ForAll @IntRange(min = 1, max = 3) int threads) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed).add(ImageOps.randomRotate90(0.7)).add(ImageOps.transpose(0.3))
        .add(ImageOps.letterbox(18, 0.2)).add(ImageOps.centerCrop(16, 14)).add(ImageOps.resize(11, 9)).build();
    assertIndependentOfBatchingAndThreads(p, 1, 90, 3, split, threads);
  }

  @Property(tries = 10)
  void distortionFilterAndDropoutOps_areIndependentOfBatchSizeAndThreads(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int split,
      @ForAll @IntRange(min = 1, max = 3) int threads) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed)
        .add(ImageOps.elasticTransform(0.5, 2, 6)).add(ImageOps.opticalDistortion(0.5, 0.1, 0.05))
        .add(ImageOps.coarseDropout(0.5, 1, 4, 0.1, 0.2, 0)).add(ImageOps.gridDropout(0.3, 0.3, 4, 8))
        .add(ImageOps.rgbShift(0.5, 0.1)).add(ImageOps.channelShuffle(0.5)).add(ImageOps.motionBlur(0.3, 3, 7))
        .add(ImageOps.defocus(0.3, 1, 3)).add(ImageOps.medianBlur(0.3, 3, 5)).add(ImageOps.clahe(0.3, 4))
        .add(ImageOps.multiplicativeNoise(0.5, 0.9, 1.1, false)).add(ImageOps.augMix().withP(0.5)).build();
    assertIndependentOfBatchingAndThreads(p, 2, 40, 5, split, threads);
  }

  /**
   * A detection batch (letterbox, mosaic with partners of the batch, HSV, flip; boxes and instance masks): the
   * samples mix on all threads, and the result is the one-thread result, image, boxes and masks.
   */
  @Property(tries = 10)
  void mosaicBatch_isIndependentOfThreads(@ForAll long seed, @ForAll @IntRange(min = 2, max = 3) int threads)
      throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed).add(ImageOps.letterbox(24, 114 / 255.0)).add(ImageOps.mosaic(0.8))
        .add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08)).add(ImageOps.horizontalFlip(0.5)).build();
    int n = 7;
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[n];
    for (int i = 0; i < n; i++) {
      int[] m = new int[24 * 18];
      for (int y = 3 + i; y < 12; y++) {
        java.util.Arrays.fill(m, y * 24 + 2 + i, y * 24 + 14, 1);
      }
      samples.add(ImageSample.of("s" + i, TestImages.uint8(3, 18, 24, i))
          .withBoxes(List.of(new dev.datamgmt.core.label.Box(2 + i, 3 + i, 14, 12, 1)),
              dev.datamgmt.augment.geometry.BoxFormat.PIXEL_XYXY)
          .withInstanceMasks(List.of(dev.datamgmt.augment.geometry.SegmentationMask.of(24, 18, m))));
      idx[i] = 40 + 3L * i;
    }
    List<ImageSample> one, many;
    try (CpuAugmenter a = CpuAugmenter.builder().setPipeline(p).build()) {
      one = a.applyBatch(samples, 2, idx);
    }
    try (CpuAugmenter a = CpuAugmenter.builder().setPipeline(p).optThreads(threads).build()) {
      many = a.applyBatch(samples, 2, idx);
    }
    for (int i = 0; i < n; i++) {
      assertThat(many.get(i).image().uint8Array()).containsExactly(one.get(i).image().uint8Array());
      assertThat(many.get(i).boxes()).isEqualTo(one.get(i).boxes());
      assertThat(many.get(i).instanceMasks()).hasSameSizeAs(one.get(i).instanceMasks());
      for (int k = 0; k < one.get(i).instanceMasks().size(); k++) {
        assertThat(many.get(i).instanceMasks().get(k).toArray()).containsExactly(
            one.get(i).instanceMasks().get(k).toArray());
      }
    }
  }

  /**
   * Augments 8 samples (indices {@code base + stride * i}) as one batch on one thread and as two batches split at
   * {@code split} on {@code threads} threads, and requires identical bytes.
   */
  private static void assertIndependentOfBatchingAndThreads(Pipeline p, int epoch, long base, long stride, int split,
      int threads) throws Exception {
    int n = 8;
    List<ImageSample> samples = new ArrayList<>();
    long[] idx = new long[n];
    for (int i = 0; i < n; i++) {
      samples.add(ImageSample.of("s" + i, TestImages.uint8(3, 20, 24, i)));
      idx[i] = base + stride * i;
    }
    List<ImageSample> whole;
    try (CpuAugmenter one = CpuAugmenter.builder().setPipeline(p).build()) {
      whole = one.applyBatch(samples, epoch, idx);
    }
    List<ImageSample> parts = new ArrayList<>();
    try (CpuAugmenter many = CpuAugmenter.builder().setPipeline(p).optThreads(threads).build()) {
      parts.addAll(many.applyBatch(samples.subList(0, split), epoch, java.util.Arrays.copyOfRange(idx, 0, split)));
      parts.addAll(many.applyBatch(samples.subList(split, n), epoch, java.util.Arrays.copyOfRange(idx, split, n)));
    }
    for (int i = 0; i < n; i++) {
      assertThat(parts.get(i).image().uint8Array()).containsExactly(whole.get(i).image().uint8Array());
    }
  }

  @Property(tries = 10)
  void replayOfRecordedJsonParams_givesIdenticalPixels(@ForAll @IntRange(min = 0, max = 10_000) int index)
      throws Exception {
    Pipeline p = pipeline(17);
    ImageSample s = ImageSample.of("s", TestImages.floats(3, 16, 16, index));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      ImageSample direct = aug.apply(s, 1, index);
      AugmentParams recorded = AugmentParams.fromJson(p.sample(1, index, 16, 16).toJson());
      assertThat(aug.replay(s, recorded).image().floatArray()).containsExactly(direct.image().floatArray());
    }
  }

  @Test
  void differentEpochs_giveDifferentAugmentations() throws Exception {
    Raster img = TestImages.uint8(3, 16, 16, 1);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline(1)).build()) {
      byte[] e0 = aug.apply(img, 0, 5).uint8Array();
      byte[] e1 = aug.apply(img, 1, 5).uint8Array();
      assertThat(e1).isNotEqualTo(e0);
    }
  }

  @Test
  void floatImageWithNaN_isRejectedNamingSampleAndPosition() {
    float[] v = new float[3 * 4 * 4];
    v[20] = Float.NaN;
    ImageSample s = ImageSample.of("rec-3", Raster.ofFloat(3, 4, 4, v));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline(1)).build()) {
      assertThatThrownBy(() -> aug.apply(s, 0, 0))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("sample rec-3")
          .hasMessageContaining("channel 1, y 1, x 0");
    }
  }

  @Property(tries = 10)
  void badSamplesInAParallelBatch_theFirstByBatchPositionIsReported(
      @ForAll @IntRange(min = 0, max = 11) int firstBad, @ForAll @IntRange(min = 1, max = 3) int threads) {
    List<ImageSample> batch = new ArrayList<>();
    long[] idx = new long[12];
    for (int i = 0; i < 12; i++) {
      float[] v = TestImages.floats(3, 8, 8, i).toFloatChw();
      if (i == firstBad || i == 11) {
        v[5] = Float.NaN;
      }
      batch.add(ImageSample.of("rec-" + i, Raster.ofFloat(3, 8, 8, v)));
      idx[i] = i;
    }
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline(1)).optThreads(threads).build()) {
      assertThatThrownBy(() -> aug.applyBatch(batch, 0, idx))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("sample rec-" + firstBad + ":");
    }
  }

  @Test
  void emptyOrMisshapenImage_isRejectedAtConstruction() {
    assertThatThrownBy(() -> Raster.ofUint8(3, 0, 4, new byte[0])).hasMessageContaining("size must be positive");
    assertThatThrownBy(() -> Raster.ofUint8(3, 4, 4, new byte[47])).hasMessageContaining("48: 47");
    assertThatThrownBy(() -> Raster.ofUint8(2, 4, 4, new byte[32])).hasMessageContaining("channels must be 1");
  }

  @Test
  void normalizeWithWrongChannelCount_namesTheSample() {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.normalizeImageNet()).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      assertThatThrownBy(() -> aug.apply(ImageSample.of("gray-1", TestImages.uint8(1, 4, 4, 1)), 0, 0))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("sample gray-1")
          .hasMessageContaining("expected 3 channels, found 1 channels");
    }
  }

  @Test
  void cutmix_pastesThePartnersPixelsMaskAndLabelShareTogether() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(4).add(ImageOps.cutMix(1, 1.0)).build();
    int w = 16, h = 12;
    List<ImageSample> batch = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      float[] px = new float[w * h];
      java.util.Arrays.fill(px, i);
      int[] m = new int[w * h];
      java.util.Arrays.fill(m, 10 + i);
      float[] label = new float[2];
      label[i] = 1;
      batch.add(ImageSample.of("s" + i, Raster.ofFloat(1, h, w, px))
          .withMask(dev.datamgmt.augment.geometry.SegmentationMask.of(w, h, m)).withLabel(label));
    }
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      for (long e = 0; e < 20; e++) {
        List<ImageSample> out = aug.applyBatch(batch, e, new long[] {0, 1});
        for (int i = 0; i < 2; i++) {
          float[] px = out.get(i).image().floatArray();
          int[] mask = out.get(i).mask().toArray();
          int fromOther = 0;
          for (int k = 0; k < px.length; k++) {
            // Pixel and mask come from the same sample at every position.
            assertThat(mask[k] - 10).isEqualTo((int) px[k]);
            fromOther += px[k] != i ? 1 : 0;
          }
          float share = fromOther / (float) px.length;
          assertThat(out.get(i).label()[1 - i]).isCloseTo(share, org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
    }
  }

  @Test
  void mixupOnSingleSample_pointsToBatchApi() {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.mixup(1, 0.4)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      assertThatThrownBy(() -> aug.apply(ImageSample.of("s", TestImages.uint8(1, 4, 4, 1)), 0, 0))
          .hasMessageContaining("applyBatch");
    }
  }

  @Test
  void builder_rejectsBadThreadCountNamingIt() {
    assertThatThrownBy(() -> CpuAugmenter.builder().setPipeline(pipeline(1)).optThreads(0).build())
        .hasMessageContaining("threads must be in [1, 1024]: 0");
    assertThatThrownBy(() -> CpuAugmenter.builder().build()).hasMessageContaining("setPipeline");
  }

  @Test
  void close_isIdempotentAndStopsUse() {
    CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline(1)).optThreads(2).build();
    aug.close();
    aug.close();
    assertThatThrownBy(() -> aug.apply(TestImages.uint8(1, 4, 4, 1), 0, 0)).hasMessageContaining("closed");
  }
}
