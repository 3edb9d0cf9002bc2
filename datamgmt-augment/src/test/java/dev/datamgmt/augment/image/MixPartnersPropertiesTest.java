package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.device.DeviceBatch;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * With a {@link MixPartnerSource}, mixup and cutmix choose partners from (seed, epoch, index) alone: the mixed
 * pixels, labels and masks of a sample are the same whatever batch it is in, on either backend.
 */
class MixPartnersPropertiesTest {
  private static final int DATASET = 12;
  private static final int W = 20;
  private static final int H = 16;

  private static Pipeline pipeline(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(10, 0.1, 0.9, 1.1, 5))
        .add(ImageOps.mixup(0.6, 0.4))
        .add(ImageOps.cutMix(0.6, 1.0))
        .build();
  }

  private static List<ImageSample> dataset() {
    List<ImageSample> out = new ArrayList<>();
    for (int i = 0; i < DATASET; i++) {
      float[] label = new float[4];
      label[i % 4] = 1;
      int[] mask = new int[W * H];
      for (int k = 0; k < mask.length; k++) {
        mask[k] = (k % W) < W / 2 ? i : 0;
      }
      out.add(ImageSample.of("d" + i, TestImages.floats(3, H, W, 70 + i)).withLabel(label)
          .withMask(SegmentationMask.of(W, H, mask)));
    }
    return out;
  }

  @Property(tries = 15)
  void mixedSamples_areIndependentOfBatchSizeAndThreads(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int batchSize,
      @ForAll @IntRange(min = 1, max = 2) int threads) throws Exception {
    List<ImageSample> data = dataset();
    MixPartnerSource source = MixPartnerSource.of(data);
    List<ImageSample> alone = new ArrayList<>();
    try (CpuAugmenter one = CpuAugmenter.builder().setPipeline(pipeline(seed)).optMixPartners(source).build()) {
      for (int i = 0; i < DATASET; i++) {
        alone.add(one.apply(data.get(i), 2, i));
      }
    }
    List<ImageSample> batched = new ArrayList<>();
    try (CpuAugmenter many = CpuAugmenter.builder().setPipeline(pipeline(seed)).optThreads(threads)
        .optMixPartners(source).build()) {
      for (int start = 0; start < DATASET; start += batchSize) {
        int end = Math.min(DATASET, start + batchSize);
        long[] idx = new long[end - start];
        for (int k = 0; k < idx.length; k++) {
          idx[k] = start + k;
        }
        batched.addAll(many.applyBatch(data.subList(start, end), 2, idx));
      }
    }
    for (int i = 0; i < DATASET; i++) {
      assertThat(batched.get(i).image().floatArray()).containsExactly(alone.get(i).image().floatArray());
      assertThat(batched.get(i).label()).containsExactly(alone.get(i).label());
      assertThat(batched.get(i).mask().toArray()).containsExactly(alone.get(i).mask().toArray());
    }
  }

  @Test
  void mixedSamples_differFromUnmixed_andReplayFromJson() throws Exception {
    List<ImageSample> data = dataset();
    Pipeline p = pipeline(5);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optMixPartners(MixPartnerSource.of(data)).build()) {
      int mixed = 0;
      for (int i = 0; i < DATASET; i++) {
        ImageSample out = aug.apply(data.get(i), 0, i);
        mixed += out.label()[i % 4] < 1f ? 1 : 0;
        AugmentParams recorded = AugmentParams.fromJson(p.sample(0, i, W, H).toJson());
        assertThat(aug.replay(data.get(i), recorded).image().floatArray()).containsExactly(out.image().floatArray());
      }
      assertThat(mixed).as("samples whose label was mixed").isPositive();
    }
  }

  @Property(tries = 6)
  void deviceBackend_mixesTheSamePartnersAsTheCpuBackend(@ForAll @IntRange(min = 0, max = 1000) int seed)
      throws Exception {
    List<ImageSample> data = dataset();
    MixPartnerSource source = MixPartnerSource.of(data);
    Pipeline p = pipeline(seed);
    long[] idx = {3, 7, 0, 11, 5};
    int n = idx.length;
    List<ImageSample> cpu = new ArrayList<>();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optMixPartners(source).build()) {
      for (long i : idx) {
        cpu.add(aug.apply(data.get((int) i), 1, i));
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] px = new float[n * 3 * H * W], labels = new float[n * 4];
      int[] masks = new int[n * H * W];
      for (int k = 0; k < n; k++) {
        ImageSample s = data.get((int) idx[k]);
        System.arraycopy(s.image().toFloatChw(), 0, px, k * 3 * H * W, 3 * H * W);
        System.arraycopy(s.label(), 0, labels, k * 4, 4);
        System.arraycopy(s.mask().toArray(), 0, masks, k * H * W, H * W);
      }
      DeviceBatch in = DeviceBatch.builder().setImages(manager.create(px, new Shape(n, 3, H, W)))
          .optLabels(manager.create(labels, new Shape(n, 4))).optMasks(manager.create(masks, new Shape(n, H, W)))
          .build();
      DeviceBatch out = DeviceAugmenter.of(p).withMixPartners(source).apply(in, 1, idx);
      long differ = 0;
      for (int k = 0; k < n; k++) {
        try (NDArray xi = out.images().get(k); NDArray yi = out.labels().get(k);
            NDArray mi = out.masks().get(k).toType(DataType.INT32, false)) {
          float[] a = xi.toFloatArray(), e = cpu.get(k).image().toFloatChw();
          for (int q = 0; q < a.length; q++) {
            assertThat((double) Math.abs(a[q] - e[q])).as("sample %d pixel %d", k, q).isLessThan(2e-3);
          }
          float[] la = yi.toFloatArray(), le = cpu.get(k).label();
          for (int q = 0; q < la.length; q++) {
            assertThat((double) Math.abs(la[q] - le[q])).isLessThan(1e-5);
          }
          int[] ma = mi.toIntArray(), me = cpu.get(k).mask().toArray();
          for (int q = 0; q < ma.length; q++) {
            differ += ma[q] != me[q] ? 1 : 0;
          }
        }
      }
      assertThat(differ / (double) (n * H * W)).isLessThanOrEqualTo(0.005);
    }
  }

  @Test
  void partnerOfAnotherSize_isRejectedNamingIt() throws Exception {
    List<ImageSample> data = new ArrayList<>(dataset());
    for (int i = 0; i < DATASET; i++) {
      data.set(i, ImageSample.of("odd" + i, TestImages.floats(3, H + 2, W, i)));
    }
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.mixup(1, 1)).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray images = manager.zeros(new Shape(2, 3, H, W));
      assertThatThrownBy(() -> DeviceAugmenter.of(p).withMixPartners(MixPartnerSource.of(data))
          .apply(DeviceBatch.builder().setImages(images).build(), 0, new long[] {0, 1}))
          .isInstanceOf(dev.datamgmt.core.error.InvalidDataException.class)
          .hasMessageContaining("mix partner");
    }
  }
}
