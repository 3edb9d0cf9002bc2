package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.HsvVectorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * YOLO's mosaic reads one corner of each sample: a batch's per-sample HSV shift runs only on the pixels some mosaic
 * of the batch reads ({@link Mosaics#demands}). The outputs are the bytes of shifting every pixel of every sample
 * and then mixing (each sample's steps run on their own, then the batch's mosaics), with the scalar and with the
 * vector kernel, for mosaics that fire or not, partners picked twice or never, letterbox bands and flips, on one
 * and two threads.
 */
class MosaicDemandPropertiesTest {
  @Property(tries = 40)
  void mosaicOutputs_equalShiftingEveryPixel(@ForAll long seed, @ForAll @IntRange(min = 2, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 2) int threads) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    int side = 40 + r.nextInt(200);
    double p = r.nextBoolean() ? 1 : 0.6;
    Pipeline pipeline = Pipeline.builder().setSeed(seed).add(ImageOps.letterbox(side, 114 / 255.0))
        .add(ImageOps.mosaic(p)).add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08))
        .add(ImageOps.horizontalFlip(0.5)).build();
    int w = side - r.nextInt(side / 2), h = side - r.nextInt(side / 2);
    List<ImageSample> batch = new ArrayList<>();
    long[] idx = new long[n];
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[3 * h * w];
      r.nextBytes(b);
      batch.add(ImageSample.of("s" + i, Raster.wrapUint8(3, h, w, b)));
      idx[i] = r.nextInt(1000);
    }
    assertThat(HsvVectorKernels.available()).as("augment's tests run with the vector module").isTrue();
    List<ImageSample> vector, scalar;
    List<ImageSample> expected;
    try (CpuAugmenter a = CpuAugmenter.builder().setPipeline(pipeline).optThreads(threads).build()) {
      // Every pixel of every sample, then the mosaics: the executor's pieces one by one, without demands.
      List<ImageSample> perSample = new ArrayList<>();
      List<List<Step>> steps = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        AugmentParams params = a.sampleParams(batch.get(i), 3, idx[i], n);
        steps.add(params.steps());
        perSample.add(ImageExecutor.run(batch.get(i), params.steps(), BoxPolicy.DEFAULT));
      }
      expected = ImageExecutor.mix(perSample, steps,
          (i, u) -> perSample.get(Math.min(n - 1, (int) Math.floor(u * n))), BoxPolicy.DEFAULT);
      vector = a.applyBatch(batch, 3, idx);
      HsvVectorKernels.setEnabled(false);
      try {
        scalar = a.applyBatch(batch, 3, idx);
      } finally {
        HsvVectorKernels.setEnabled(true);
      }
    }
    for (int i = 0; i < n; i++) {
      byte[] want = expected.get(i).image().uint8Array();
      assertThat(scalar.get(i).image().uint8Array()).as("scalar, sample %d of %d, %dx%d -> %d", i, n, w, h, side)
          .containsExactly(want);
      assertThat(vector.get(i).image().uint8Array()).as("vector, sample %d of %d, %dx%d -> %d", i, n, w, h, side)
          .containsExactly(want);
    }
  }
}
