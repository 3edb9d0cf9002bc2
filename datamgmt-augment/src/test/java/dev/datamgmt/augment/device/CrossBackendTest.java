package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same parameters give the same pixels on the CPU backend and on the device backend (real PyTorch). */
class CrossBackendTest {
  private static final int N = 6;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static Stream<Arguments> ops() {
    return Stream.of(
        Arguments.of("horizontalFlip", ImageOps.horizontalFlip(0.5)),
        Arguments.of("verticalFlip", ImageOps.verticalFlip(0.5)),
        Arguments.of("rotate", ImageOps.rotate(30)),
        Arguments.of("rotateNearest", new ImageOps.Rotate(1, 30, Interpolation.NEAREST, 0.25)),
        Arguments.of("affine", ImageOps.affine(15, 0.1, 0.9, 1.1, 10)),
        Arguments.of("perspective", ImageOps.perspective(0.8, 0.4)),
        Arguments.of("randomResizedCrop", ImageOps.randomResizedCrop(20, 16, 0.3, 1.0)),
        Arguments.of("padCrop", ImageOps.padCrop(24, 24, 4)),
        Arguments.of("gridDistortion", ImageOps.gridDistortion(0.8, 4, 0.3)),
        Arguments.of("resizeDown", ImageOps.resize(13, 11)),
        Arguments.of("resizeUp", ImageOps.resize(40, 30)),
        Arguments.of("longestMaxSize", ImageOps.longestMaxSize(20)),
        Arguments.of("smallestMaxSize", ImageOps.smallestMaxSize(30)),
        Arguments.of("letterbox", ImageOps.letterbox(32, 0.5)),
        Arguments.of("centerCrop", ImageOps.centerCrop(17, 31)),
        Arguments.of("randomRotate90", ImageOps.randomRotate90(0.9)),
        Arguments.of("transpose", ImageOps.transpose(0.5)),
        Arguments.of("brightness", ImageOps.brightness(0.6, 1.4)),
        Arguments.of("contrast", ImageOps.contrast(0.6, 1.4)),
        Arguments.of("saturation", ImageOps.saturation(0.2, 1.8)),
        Arguments.of("hue", ImageOps.hue(0.5)),
        Arguments.of("gamma", ImageOps.gamma(0.5, 2.0)),
        Arguments.of("grayscale", ImageOps.grayscale(0.5)),
        Arguments.of("gaussianNoise", ImageOps.gaussianNoise(0.7, 0.01, 0.1)),
        Arguments.of("gaussianBlur", ImageOps.gaussianBlur(0.7, 0.3, 2.0)),
        Arguments.of("jpegQuality", ImageOps.jpegQuality(0.7, 10, 60)),
        Arguments.of("pixelate", ImageOps.pixelate(0.7, 2, 5)),
        Arguments.of("randomErasing", ImageOps.randomErasing(0.7, 0.05, 0.3)),
        Arguments.of("invert", ImageOps.invert(0.5)),
        Arguments.of("posterize", ImageOps.posterize(0.8, 1, 7)),
        Arguments.of("solarize", ImageOps.solarize(0.8, 0.2, 0.9)),
        Arguments.of("autoContrast", ImageOps.autoContrast(0.7)),
        Arguments.of("equalize", ImageOps.equalize(0.7)),
        Arguments.of("sharpness", ImageOps.sharpness(0.8, 0.1, 1.9)),
        Arguments.of("colorJitter", ImageOps.colorJitter(0.4, 0.4, 0.4, 0.1)),
        Arguments.of("hueSaturationValue", ImageOps.hueSaturationValue(0.8, 40, 0.12, 0.08)),
        Arguments.of("randAugment", ImageOps.randAugment(2, 9)),
        Arguments.of("trivialAugmentWide", ImageOps.trivialAugmentWide()),
        Arguments.of("autoAugmentImageNet", ImageOps.autoAugmentImageNet()),
        Arguments.of("augMix", ImageOps.augMix()),
        Arguments.of("isoNoise", ImageOps.isoNoise(0.8)),
        Arguments.of("elasticTransform", ImageOps.elasticTransform(0.8, 2, 6)),
        Arguments.of("opticalDistortion", ImageOps.opticalDistortion(0.8, 0.1, 0.1)),
        Arguments.of("coarseDropout", new ImageOps.CoarseDropout(0.8, 1, 5, 0.1, 0.3, 0, true)),
        Arguments.of("gridDropout", ImageOps.gridDropout(0.8, 0.4, 5, 9)),
        Arguments.of("rgbShift", ImageOps.rgbShift(0.8, 0.2)),
        Arguments.of("channelShuffle", ImageOps.channelShuffle(0.8)),
        Arguments.of("motionBlur", ImageOps.motionBlur(0.8, 3, 9)),
        Arguments.of("defocus", ImageOps.defocus(0.8, 1, 4)),
        Arguments.of("medianBlur", ImageOps.medianBlur(0.8, 3, 7)),
        Arguments.of("clahe", new ImageOps.Clahe(0.8, 1, 4, 3)),
        Arguments.of("multiplicativeNoise", ImageOps.multiplicativeNoise(0.8, 0.8, 1.2, true)),
        Arguments.of("normalize", ImageOps.normalizeImageNet()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void op_onBothBackends_givesSamePixels(String name, Op op) throws Exception {
    for (int channels : new int[] {3, 1}) {
      if (name.equals("normalize") && channels == 1) {
        continue;
      }
      Pipeline p = Pipeline.builder().setSeed(11).add(op).build();
      // Quarter turns of a non-square image give samples of two sizes, which one device batch cannot hold.
      boolean square = name.equals("randomRotate90") || name.equals("transpose");
      assertSame(p, channels, 24, square ? 24 : 28);
    }
  }

  @Test
  void standardPipeline_onBothBackends_givesSamePixels() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(3)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(15, 0.1, 0.9, 1.1, 10))
        .add(ImageOps.brightness(0.6, 1.4))
        .add(ImageOps.contrast(0.6, 1.4))
        .add(ImageOps.saturation(0.6, 1.4))
        .add(ImageOps.normalizeImageNet())
        .build();
    assertSame(p, 3, 32, 32);
  }

  /**
   * uint8 input on the 8-bit lattice (a letterbox at scale 1 and flips copy pixels): both backends run the HSV
   * shift in OpenCV's 8-bit arithmetic (the CPU backend on bytes alone, the device backend on the host from the
   * device's floats) and agree exactly, to float rounding of {@code k / 255}.
   */
  @Test
  void uint8DetectionSteps_onBothBackends_runTheSame8BitArithmetic() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(13)
        .add(ImageOps.letterbox(32, 114 / 255.0))
        .add(ImageOps.hueSaturationValue(1, 40, 30 / 255.0, 20 / 255.0))
        .add(ImageOps.horizontalFlip(0.5))
        .build();
    int h = 24, w = 32;
    List<Raster> images = new ArrayList<>();
    NDArray batch = uint8Batch(h, w, 300, images);
    long[] idx = indices();
    NDArray out = DeviceAugmenter.of(p).apply(batch, 1, idx);
    int flipped = 0;
    try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
      for (int i = 0; i < N; i++) {
        AugmentParams params = p.sample(1, idx[i], w, h);
        flipped += params.steps().size() > 3 ? 1 : 0;
        Raster expected = cpu.replay(ImageSample.of("s" + i, images.get(i)), params).image();
        assertThat(expected.pixelType()).isEqualTo(Raster.PixelType.UINT8);
        float[] actual = NdTestSupport.sampleOf(out, i);
        assertThat(NdTestSupport.maxAbsDiff(actual, expected.toFloatChw()))
            .as("sample %d, params %s", i, params.toJson()).isLessThan(1e-6);
      }
    }
    out.close();
    batch.close();
    NdTestSupport.assertNoLeak(manager, 0);
  }

  /** A uint8 {@code (N, 3, h, w)} batch of {@code TestImages.uint8} images (seeds from {@code seed}), also added to {@code images}. */
  private NDArray uint8Batch(int h, int w, long seed, List<Raster> images) {
    byte[] all = new byte[N * 3 * h * w];
    for (int i = 0; i < N; i++) {
      Raster r = TestImages.uint8(3, h, w, seed + i);
      images.add(r);
      System.arraycopy(r.uint8Array(), 0, all, i * 3 * h * w, 3 * h * w);
    }
    try (NDArray signed = manager.create(all, new Shape(N, 3, h, w))) {
      return signed.toType(ai.djl.ndarray.types.DataType.UINT8, false);
    }
  }

  /**
   * uint8 RGB input through a resized crop, a flip and RandAugment (with and without a final normalize): both
   * backends take the 8-bit policy path (ImagePlan.bytePolicyPath; the device backend runs it on the host from the
   * batch's bytes) and agree exactly, to float rounding of {@code k / 255}; over the seeds every op of the space
   * comes up.
   */
  @Test
  void uint8RandAugment_onBothBackends_runsThe8BitPolicyPath() throws Exception {
    int h = 24, w = 32;
    java.util.Set<String> kinds = new java.util.HashSet<>();
    for (boolean normalize : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 6; seed++) {
        Pipeline.Builder b = Pipeline.builder().setSeed(seed)
            .add(ImageOps.randomResizedCrop(w, h, 0.08, 1.0))
            .add(ImageOps.horizontalFlip(0.5))
            .add(ImageOps.randAugment(2, 9));
        if (normalize) {
          b.add(ImageOps.normalizeImageNet());
        }
        Pipeline p = b.build();
        List<Raster> images = new ArrayList<>();
        NDArray batch = uint8Batch(h, w, 500, images);
        long[] idx = indices();
        NDArray out = DeviceAugmenter.of(p).apply(batch, 1, idx);
        try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
          for (int i = 0; i < N; i++) {
            AugmentParams params = p.sample(1, idx[i], w, h);
            params.steps().forEach(st -> kinds.add(st.getClass().getSimpleName()));
            assertThat(dev.datamgmt.augment.internal.image.ImagePlan.bytePolicyPath(
                dev.datamgmt.augment.internal.image.ImagePlan.of(params.steps(), w, h), true, 3)).isTrue();
            Raster expected = cpu.replay(ImageSample.of("s" + i, images.get(i)), params).image();
            assertThat(expected.pixelType())
                .isEqualTo(normalize ? Raster.PixelType.FLOAT32 : Raster.PixelType.UINT8);
            float[] actual = NdTestSupport.sampleOf(out, i);
            assertThat(NdTestSupport.maxAbsDiff(actual, expected.toFloatChw()))
                .as("sample %d, params %s", i, params.toJson()).isLessThan(1e-6);
          }
        }
        out.close();
        batch.close();
      }
    }
    assertThat(kinds).contains("Warp", "Uint8Arithmetic", "Normalize");
    NdTestSupport.assertNoLeak(manager, 0);
  }

  @Test
  void mixupAndCutmix_onBothBackends_mixPixelsAndLabelsAlike() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(5)
        .add(ImageOps.mixup(0.5, 0.4)).add(ImageOps.cutMix(0.5, 1.0)).build();
    List<ImageSample> samples = new ArrayList<>();
    float[] labels = new float[N * 4];
    for (int i = 0; i < N; i++) {
      float[] l = new float[4];
      l[i % 4] = 1;
      System.arraycopy(l, 0, labels, i * 4, 4);
      samples.add(ImageSample.of("s" + i, TestImages.floats(3, 16, 20, i)).withLabel(l));
    }
    long[] idx = indices();
    List<ImageSample> cpu;
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optThreads(2).build()) {
      cpu = aug.applyBatch(samples, 2, idx);
    }
    List<Raster> images = samples.stream().map(ImageSample::image).toList();
    NDList dev = DeviceAugmenter.of(p).applyWithLabels(
        NdTestSupport.batch(manager, images), manager.create(labels, new Shape(N, 4)), 2, idx);
    boolean anyMixed = false;
    for (int i = 0; i < N; i++) {
      float[] cpuPixels = cpu.get(i).image().toFloatChw();
      assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(dev.get(0), i), cpuPixels)).isLessThan(1e-4);
      assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(dev.get(1), i), cpu.get(i).label())).isLessThan(1e-5);
      float sum = 0;
      for (float v : cpu.get(i).label()) {
        sum += v;
      }
      assertThat(sum).as("mixed label mass").isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      anyMixed |= cpu.get(i).label()[i % 4] < 1f;
    }
    assertThat(anyMixed).as("some label was mixed").isTrue();
    NdTestSupport.assertNoLeak(manager, 4);
  }

  @Test
  void specAugmentMasks_onBothBackends_maskTheSameCells() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(9)
        .add(dev.datamgmt.augment.audio.AudioOps.timeMask(0.8, 0.3))
        .add(dev.datamgmt.augment.audio.AudioOps.frequencyMask(0.8, 0.3))
        .add(dev.datamgmt.augment.audio.AudioOps.timeMask(0.5, 0.1))
        .build();
    int bins = 12, frames = 30;
    float[] all = new float[N * bins * frames];
    for (int k = 0; k < all.length; k++) {
      all[k] = 1 + (k % 7);
    }
    long[] idx = indices();
    NDArray out = DeviceAugmenter.of(p).applySpectrograms(manager.create(all, new Shape(N, bins, frames)), 4, idx);
    dev.datamgmt.augment.audio.AudioAugmenter cpu = dev.datamgmt.augment.audio.AudioAugmenter.of(p);
    int masked = 0;
    for (int i = 0; i < N; i++) {
      float[] one = java.util.Arrays.copyOfRange(all, i * bins * frames, (i + 1) * bins * frames);
      float[] expected = cpu.apply("s" + i, new dev.datamgmt.augment.audio.Spectrogram(bins, frames, one), 4, idx[i])
          .values();
      float[] actual = NdTestSupport.sampleOf(out, i);
      assertThat(actual).containsExactly(expected);
      for (float v : actual) {
        masked += v == 0 ? 1 : 0;
      }
    }
    assertThat(masked).as("some cells masked").isPositive();
    NdTestSupport.assertNoLeak(manager, 2);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(dev.datamgmt.augment.audio.SpectrogramScale.class)
  void spectrogramGainNoiseAndMasks_onBothBackends_giveSameValues(dev.datamgmt.augment.audio.SpectrogramScale scale)
      throws Exception {
    Pipeline p = Pipeline.builder().setSeed(21)
        .add(dev.datamgmt.augment.audio.AudioOps.gain(0.6, -6, 6))
        .add(dev.datamgmt.augment.audio.AudioOps.timeMask(0.6, 0.3))
        .add(dev.datamgmt.augment.audio.AudioOps.noise(0.6, 5, 20))
        .add(dev.datamgmt.augment.audio.AudioOps.frequencyMask(0.6, 0.3))
        .add(dev.datamgmt.augment.audio.AudioOps.gain(0.4, -3, 3))
        .build();
    int bins = 10, frames = 26;
    float[] all = new float[N * bins * frames];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    for (int k = 0; k < all.length; k++) {
      all[k] = (float) (scale == dev.datamgmt.augment.audio.SpectrogramScale.DECIBEL
          ? -80 + 80 * rng.nextDouble() : rng.nextDouble() * (1 + k % 5));
    }
    long[] idx = indices();
    NDArray out = DeviceAugmenter.of(p).withSpectrogramScale(scale)
        .applySpectrograms(manager.create(all, new Shape(N, bins, frames)), 2, idx);
    dev.datamgmt.augment.audio.AudioAugmenter cpu =
        dev.datamgmt.augment.audio.AudioAugmenter.of(p).withSpectrogramScale(scale);
    int changed = 0;
    for (int i = 0; i < N; i++) {
      float[] one = java.util.Arrays.copyOfRange(all, i * bins * frames, (i + 1) * bins * frames);
      float[] expected = cpu.apply("s" + i, new dev.datamgmt.augment.audio.Spectrogram(bins, frames, one), 2, idx[i])
          .values();
      float[] actual = NdTestSupport.sampleOf(out, i);
      for (int k = 0; k < expected.length; k++) {
        assertThat((double) Math.abs(actual[k] - expected[k]))
            .as("sample %d cell %d, params %s", i, k, p.sample(2, idx[i]).toJson())
            .isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(expected[k]));
        changed += expected[k] != one[k] ? 1 : 0;
      }
    }
    assertThat(changed).as("cells changed").isPositive();
    out.close();
    NdTestSupport.assertNoLeak(manager, 1);
  }

  @Test
  void waveformGainNoiseAndShifts_onBothBackends_giveSameValues_andLengthChangingStepsAreRejected() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(31)
        .add(dev.datamgmt.augment.audio.AudioOps.shift(0.6, 0.3))
        .add(dev.datamgmt.augment.audio.AudioOps.gain(0.6, -6, 6))
        .add(dev.datamgmt.augment.audio.AudioOps.noise(0.6, 5, 20))
        .add(dev.datamgmt.augment.audio.AudioOps.shift(0.4, 0.1))
        .build();
    int len = 97;
    float[] all = new float[N * len];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
    for (int k = 0; k < all.length; k++) {
      all[k] = (float) (2 * rng.nextDouble() - 1);
    }
    long[] idx = indices();
    NDArray out = DeviceAugmenter.of(p).applyWaveforms(manager.create(all, new Shape(N, len)), 3, idx);
    dev.datamgmt.augment.audio.AudioAugmenter cpu = dev.datamgmt.augment.audio.AudioAugmenter.of(p);
    int changed = 0;
    for (int i = 0; i < N; i++) {
      float[] one = java.util.Arrays.copyOfRange(all, i * len, (i + 1) * len);
      float[] expected = cpu.apply("w" + i, new dev.datamgmt.augment.audio.Waveform(one, 16000), 3, idx[i]).samples();
      float[] actual = NdTestSupport.sampleOf(out, i);
      assertThat(actual).hasSize(expected.length);
      for (int k = 0; k < expected.length; k++) {
        assertThat((double) Math.abs(actual[k] - expected[k]))
            .as("sample %d position %d, params %s", i, k, p.sample(3, idx[i]).toJson())
            .isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(expected[k]));
        changed += expected[k] != one[k] ? 1 : 0;
      }
    }
    assertThat(changed).as("samples changed").isPositive();
    out.close();
    Pipeline speed = Pipeline.builder().setSeed(1).add(dev.datamgmt.augment.audio.AudioOps.speed(1.0, 0.9, 1.1)).build();
    NDArray w = manager.create(all, new Shape(N, len));
    assertThatThrownBy(() -> DeviceAugmenter.of(speed).applyWaveforms(w, 0, idx))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changes a waveform's length");
    w.close();
    NdTestSupport.assertNoLeak(manager, 1);
  }

  private static long[] indices() {
    long[] idx = new long[N];
    for (int i = 0; i < N; i++) {
      idx[i] = 40 + 3L * i;
    }
    return idx;
  }

  private void assertSame(Pipeline p, int channels, int h, int w) throws Exception {
    List<Raster> images = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      images.add(TestImages.floats(channels, h, w, 100 + i));
    }
    long[] idx = indices();
    NDArray batch = NdTestSupport.batch(manager, images);
    NDArray out = DeviceAugmenter.of(p).apply(batch, 1, idx);
    try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
      for (int i = 0; i < N; i++) {
        AugmentParams params = p.sample(1, idx[i], w, h);
        Raster expected = cpu.replay(ImageSample.of("s" + i, images.get(i)), params).image();
        float[] actual = NdTestSupport.sampleOf(out, i);
        assertThat(out.getShape().get(1)).isEqualTo(expected.channels());
        assertThat(out.getShape().get(2)).isEqualTo(expected.height());
        assertThat(out.getShape().get(3)).isEqualTo(expected.width());
        assertThat(NdTestSupport.maxAbsDiff(actual, expected.toFloatChw()))
            .as("sample %d, params %s", i, params.toJson())
            .isLessThan(2e-3);
      }
    }
    out.close();
    batch.close();
    NdTestSupport.assertNoLeak(manager, 0);
  }
}
