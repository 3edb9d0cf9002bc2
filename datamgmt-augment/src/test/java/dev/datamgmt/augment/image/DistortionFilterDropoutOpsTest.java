package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.internal.geometry.GridMap;
import dev.datamgmt.core.label.Box;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The distortions, IoU crop, dropouts, filters and noise of issue 20: what each step does, numerically. */
class DistortionFilterDropoutOpsTest {
  private static List<Step> steps(Op op, int w, int h, long index, List<Box> boxes) {
    return Pipeline.builder().setSeed(5).add(op.withP(1)).build().sample(0, index, w, h, boxes).steps();
  }

  private static List<Step> steps(Op op, int w, int h, long index) {
    return steps(op, w, h, index, List.of());
  }

  private static double sum(List<Double> k) {
    return k.stream().mapToDouble(Double::doubleValue).sum();
  }

  @Property(tries = 30)
  void motionBlurKernel_isANormalizedLineThroughTheCentre(@ForAll @IntRange(min = 0, max = 10_000) int index) {
    ImageSteps.Convolve k = (ImageSteps.Convolve) steps(ImageOps.motionBlur(1, 3, 11), 30, 30, index).get(0);
    int s = k.size(), r = s / 2;
    assertThat(s % 2).isEqualTo(1);
    assertThat(sum(k.kernel())).isCloseTo(1, within(1e-9));
    assertThat(k.kernel().get(r * s + r)).isPositive();
    long cells = k.kernel().stream().filter(v -> v > 0).count();
    assertThat(cells).isBetween((long) s, 2L * s);
    for (int i = 0; i < s * s; i++) {
      // Point-symmetric about the centre: the blur does not move the image.
      assertThat(k.kernel().get(i)).isEqualTo(k.kernel().get(s * s - 1 - i));
    }
  }

  @Test
  void defocusKernel_isTheDiscOfTheRadius() {
    ImageSteps.Convolve k = (ImageSteps.Convolve) steps(ImageOps.defocus(1, 3, 3), 30, 30, 1).get(0);
    assertThat(k.size()).isEqualTo(7);
    // Cells within radius 3 of the centre: 29 of 49.
    assertThat(k.kernel().stream().filter(v -> v > 0).count()).isEqualTo(29);
    assertThat(sum(k.kernel())).isCloseTo(1, within(1e-9));
  }

  @Test
  void blurs_keepAConstantImageConstant() throws Exception {
    float[] px = new float[3 * 12 * 14];
    java.util.Arrays.fill(px, 0.37f);
    for (Op op : List.of(ImageOps.motionBlur(1, 3, 9), ImageOps.defocus(1, 1, 4), ImageOps.medianBlur(1, 3, 7))) {
      try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(2).add(op).build()).build()) {
        for (float v : aug.apply(Raster.ofFloat(3, 12, 14, px), 0, 3).floatArray()) {
          assertThat(v).as(op.toString()).isCloseTo(0.37f, within(1e-6f));
        }
      }
    }
  }

  @Test
  void medianBlur_removesIsolatedSpecksAndKeepsEdges() throws Exception {
    int w = 9, h = 7;
    float[] px = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = x < 4 ? 0.2f : 0.8f;
      }
    }
    px[3 * w + 6] = 0f; // a speck inside the bright half
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.medianBlur(1, 3, 3)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      float[] out = aug.apply(Raster.ofFloat(1, h, w, px), 0, 0).floatArray();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          assertThat(out[y * w + x]).as("(%s, %s)", x, y).isEqualTo(x < 4 ? 0.2f : 0.8f);
        }
      }
    }
  }

  @Property(tries = 30)
  void coarseDropout_drawsItsHoleCountAndSizesInsideTheImage(@ForAll @IntRange(min = 0, max = 10_000) int index) {
    List<Step> s = steps(new ImageOps.CoarseDropout(1, 2, 6, 0.1, 0.25, 0, true), 40, 30, index);
    assertThat(s).hasSizeBetween(2, 6);
    Set<Double> fills = new HashSet<>();
    for (Step st : s) {
      ImageSteps.Erase e = (ImageSteps.Erase) st;
      assertThat(e.x0()).isBetween(0, 40);
      assertThat(e.x1()).isBetween(e.x0() + 4, Math.min(40, e.x0() + 10));
      assertThat(e.y1()).isBetween(e.y0() + 3, Math.min(30, e.y0() + 8));
      fills.add(e.value());
    }
    assertThat(fills).hasSize(s.size());
  }

  @Test
  void gridDropout_erasesRatioSquaredOfEveryUnit() throws Exception {
    float[] px = new float[48 * 48];
    java.util.Arrays.fill(px, 1f);
    Pipeline p = Pipeline.builder().setSeed(3).add(new ImageOps.GridDropout(1, 0.5, 8, 8, true, 0)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      float[] out = aug.apply(Raster.ofFloat(1, 48, 48, px), 0, 11).floatArray();
      int zeros = 0;
      for (float v : out) {
        zeros += v == 0 ? 1 : 0;
      }
      // 36 units of 8 x 8, each with a 4 x 4 hole at the same offset (the shift keeps holes inside their unit).
      assertThat(zeros).isEqualTo(36 * 16);
    }
  }

  @Property(tries = 40)
  void randomIoUCrop_cutsAWindowHoldingABoxCentre(@ForAll @IntRange(min = 0, max = 10_000) int index) {
    List<Box> boxes = List.of(new Box(30, 20, 60, 50, 1), new Box(5, 5, 15, 12, 2));
    List<Step> s = steps(ImageOps.randomIoUCrop(), 100, 80, index, boxes);
    if (s.isEmpty()) {
      return; // the "keep the image" option came up
    }
    ImageSteps.Warp w = (ImageSteps.Warp) s.get(0);
    double[] m = w.matrix();
    double left = -m[2], top = -m[5];
    assertThat(m[0]).isEqualTo(1);
    assertThat(w.outWidth()).isBetween(30, 100);
    assertThat(w.outHeight()).isBetween(24, 80);
    double aspect = w.outWidth() / (double) w.outHeight();
    assertThat(aspect).isBetween(0.5, 2.0);
    assertThat(ImageOps.RandomIoUCrop.bestIou(boxes, left, top, left + w.outWidth(), top + w.outHeight()))
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void randomIoUCrop_withoutBoxes_leavesTheImage() {
    assertThat(steps(ImageOps.randomIoUCrop(), 100, 80, 3)).isEmpty();
  }

  @Test
  void opticalDistortion_matchesTheRadialModelAtGridPoints() {
    ImageSteps.GridWarp g = (ImageSteps.GridWarp) steps(new ImageOps.OpticalDistortion(1, 0.1, 0, null, 0), 64, 48, 9)
        .get(0);
    GridMap map = new GridMap(g, 64, 48);
    double[] corner = map.source(0, 0), centre = map.source(32, 24);
    assertThat(centre[0]).isCloseTo(32, within(1e-9));
    assertThat(centre[1]).isCloseTo(24, within(1e-9));
    // The corner is at r^2 = 0.5: it reads from (1 + k (0.5 + 0.25)) times as far out.
    double f = (corner[0] - 32) / -32;
    assertThat(f).isBetween(1 - 0.1 * 0.75 - 1e-9, 1 + 0.1 * 0.75 + 1e-9);
    assertThat((corner[1] - 24) / -24).isCloseTo(f, within(1e-9));
  }

  @Property(tries = 30)
  void elasticTransform_movesNoPointFurtherThanAlpha(@ForAll @IntRange(min = 0, max = 10_000) int index) {
    ImageSteps.GridWarp g = (ImageSteps.GridWarp) steps(ImageOps.elasticTransform(1, 3, 8), 50, 40, index).get(0);
    assertThat(g.cellsX()).isEqualTo(6);
    assertThat(g.cellsY()).isEqualTo(5);
    for (double d : g.dx()) {
      assertThat(Math.abs(d)).isLessThanOrEqualTo(3);
    }
    // Smoothed: a point and its right neighbour differ by less than a cell, so the map stays one-to-one.
    for (int i = 0; i + 1 < g.dx().length; i++) {
      assertThat(Math.abs(g.dx()[i + 1] - g.dx()[i])).isLessThan(50 / 6.0);
    }
  }

  @Test
  void rgbShiftAndChannelShuffle_moveWholeChannels() throws Exception {
    Raster img = TestImages.floats(3, 6, 5, 2);
    float[] in = img.floatArray();
    Step shift = steps(ImageOps.rgbShift(1, 0.2), 5, 6, 4).get(0);
    Step shuffle = steps(ImageOps.channelShuffle(1), 5, 6, 4).get(0);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(1).build()).build()) {
      float[] shifted = aug.replay(ImageSample.of("s", img), dev.datamgmt.augment.AugmentParams.of(shift))
          .image().floatArray();
      ImageSteps.ChannelMap cm = (ImageSteps.ChannelMap) shift;
      for (int i = 0; i < in.length; i++) {
        float want = Math.max(0, Math.min(1, in[i] + cm.shift().get(i / 30).floatValue()));
        assertThat(shifted[i]).isEqualTo(want);
      }
      float[] shuffled = aug.replay(ImageSample.of("s", img), dev.datamgmt.augment.AugmentParams.of(shuffle))
          .image().floatArray();
      List<Integer> order = ((ImageSteps.ChannelMap) shuffle).order();
      for (int i = 0; i < in.length; i++) {
        assertThat(shuffled[i]).isEqualTo(in[order.get(i / 30) * 30 + i % 30]);
      }
      Raster gray = TestImages.floats(1, 6, 5, 2);
      assertThat(aug.replay(ImageSample.of("g", gray), dev.datamgmt.augment.AugmentParams.of(shift, shuffle))
          .image().floatArray()).containsExactly(gray.floatArray());
    }
  }

  @Test
  void channelShuffle_drawsEveryPermutation() {
    Set<List<Integer>> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(((ImageSteps.ChannelMap) steps(ImageOps.channelShuffle(1), 5, 5, i).get(0)).order());
    }
    assertThat(seen).hasSize(6);
  }

  @Test
  void multiplicativeNoise_staysWithinItsFactors() throws Exception {
    float[] px = new float[3 * 10 * 10];
    java.util.Arrays.fill(px, 0.5f);
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.multiplicativeNoise(1, 0.8, 1.2, false)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      float[] out = aug.apply(Raster.ofFloat(3, 10, 10, px), 0, 0).floatArray();
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i]).isBetween(0.4f, 0.6f);
        assertThat(out[i]).as("same factor in every channel").isEqualTo(out[i % 100]);
      }
    }
  }

  private static float[] replayOne(Raster img, Step step) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(1).build()).build()) {
      return aug.replay(ImageSample.of("s", img), dev.datamgmt.augment.AugmentParams.of(step)).image().floatArray();
    }
  }

  @Test
  void isoNoiseOfStrengthZero_isTheHlsRoundTrip() throws Exception {
    Raster img = TestImages.floats(3, 12, 10, 3);
    float[] out = replayOne(img, new ImageSteps.IsoNoise(0, 0, 5));
    float[] in = img.floatArray();
    for (int i = 0; i < in.length; i++) {
      assertThat(out[i]).isCloseTo(in[i], within(2e-6f));
    }
    Raster gray = TestImages.floats(1, 12, 10, 3);
    assertThat(replayOne(gray, new ImageSteps.IsoNoise(0.05, 0.5, 5))).containsExactly(gray.floatArray());
  }

  @Property(tries = 20)
  void isoNoise_neverDarkensAPixelsLightness(@ForAll @IntRange(min = 0, max = 10_000) int seed) throws Exception {
    Raster img = TestImages.floats(3, 12, 10, seed);
    float[] in = img.floatArray(), out = replayOne(img, new ImageSteps.IsoNoise(0.05, 0.5, seed));
    int plane = 120, changed = 0;
    for (int i = 0; i < plane; i++) {
      float before = (Math.max(in[i], Math.max(in[plane + i], in[2 * plane + i]))
          + Math.min(in[i], Math.min(in[plane + i], in[2 * plane + i]))) / 2;
      float after = (Math.max(out[i], Math.max(out[plane + i], out[2 * plane + i]))
          + Math.min(out[i], Math.min(out[plane + i], out[2 * plane + i]))) / 2;
      assertThat(after).isGreaterThanOrEqualTo(before - 1e-5f);
      changed += Math.abs(after - before) > 1e-4 ? 1 : 0;
    }
    assertThat(changed).isPositive();
  }

  @Test
  void claheOnAConstantImage_keepsItConstant() throws Exception {
    float[] px = new float[16 * 16];
    java.util.Arrays.fill(px, 100 / 255f);
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.clahe(1, 4)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      float[] out = aug.apply(Raster.ofFloat(1, 16, 16, px), 0, 0).floatArray();
      Set<Float> values = new HashSet<>();
      for (float v : out) {
        values.add(v);
      }
      assertThat(values).hasSize(1);
    }
  }

  @Test
  void randomScale_scalesTheImageAndItsBoxes() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.randomScale(0.5, 0.5)).build();
    ImageSample s = ImageSample.of("s", TestImages.floats(3, 20, 30, 1))
        .withBoxes(List.of(new Box(4, 6, 10, 16, 0)), BoxFormat.PIXEL_XYXY);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(new BoxPolicy(true, 0)).build()) {
      ImageSample out = aug.apply(s, 0, 0);
      assertThat(out.image().width()).isEqualTo(15);
      assertThat(out.image().height()).isEqualTo(10);
      assertThat(out.boxes().get(0)).isEqualTo(new Box(2, 3, 5, 8, 0));
    }
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of((Supplier<Op>) () -> ImageOps.elasticTransform(1, 10, 8), "elasticTransform alpha"),
        Arguments.of((Supplier<Op>) () -> ImageOps.opticalDistortion(1, 0.5, 0), "opticalDistortion distortLimit"),
        Arguments.of((Supplier<Op>) () -> ImageOps.randomScale(2, 1), "randomScale scale"),
        Arguments.of((Supplier<Op>) () -> new ImageOps.RandomIoUCrop(1, 0.3, 1, 0.5, 2, 0), "randomIoUCrop trials"),
        Arguments.of((Supplier<Op>) () -> ImageOps.coarseDropout(1, 0, 3, 0.1, 0.2, 0), "coarseDropout holes"),
        Arguments.of((Supplier<Op>) () -> ImageOps.gridDropout(1, 1.5, 4, 8), "gridDropout ratio"),
        Arguments.of((Supplier<Op>) () -> ImageOps.rgbShift(1, 2), "rgbShift rLimit"),
        Arguments.of((Supplier<Op>) () -> ImageOps.channelShuffle(1.5), "channelShuffle probability"),
        Arguments.of((Supplier<Op>) () -> ImageOps.motionBlur(1, 4, 9), "motionBlur size"),
        Arguments.of((Supplier<Op>) () -> ImageOps.defocus(1, 0, 3), "defocus radius"),
        Arguments.of((Supplier<Op>) () -> ImageOps.medianBlur(1, 3, 17), "medianBlur size"),
        Arguments.of((Supplier<Op>) () -> ImageOps.clahe(1, 0.5), "clahe clip limit"),
        Arguments.of((Supplier<Op>) () -> ImageOps.multiplicativeNoise(1, 1.2, 0.8, false), "multiplicativeNoise factor"),
        Arguments.of((Supplier<Op>) () -> new ImageOps.IsoNoise(1, 0, 2, 0.1, 0.5), "isoNoise colorShift"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badParameters")
  void badParameter_failsNamingTheOperationAndSetting(Supplier<Op> make, String named) {
    assertThatThrownBy(make::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
  }

  @Test
  void badSteps_failNamingWhatWasExpected() {
    assertThatThrownBy(() -> new ImageSteps.ChannelMap(List.of(0, 0, 1), List.of(0.0, 0.0, 0.0)))
        .hasMessageContaining("permutation");
    assertThatThrownBy(() -> new ImageSteps.Convolve(3, List.of(1.0)))
        .hasMessageContaining("needs 9 weights, found 1");
    assertThatThrownBy(() -> new ImageSteps.MedianBlur(4)).hasMessageContaining("odd");
    assertThatThrownBy(() -> new ImageSteps.Clahe(0, 8, 8)).hasMessageContaining("clip limit");
  }
}
