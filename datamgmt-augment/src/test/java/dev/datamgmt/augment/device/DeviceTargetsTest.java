package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The device backend moves boxes, keypoints and masks like the CPU backend: the same parameters give exactly the
 * same boxes and keypoints (one geometry code path) and the same masks up to rare pixel-centre ties (the device
 * computes warp coordinates with its own float64 arithmetic). Real PyTorch engine, leak-checked.
 */
class DeviceTargetsTest {
  private static final int N = 5;
  private static final int W = 28;
  private static final int H = 24;
  /** At most this fraction of mask pixels may differ, and only where a pixel centre maps onto a pixel edge. */
  private static final double MASK_TIE_FRACTION = 0.005;

  @Provide
  Arbitrary<Op> geometricOps() {
    return Arbitraries.of(
        ImageOps.horizontalFlip(1),
        ImageOps.verticalFlip(0.5),
        ImageOps.rotate(40),
        new ImageOps.Rotate(1, 30, Interpolation.NEAREST, 0.25),
        ImageOps.affine(20, 0.15, 0.8, 1.2, 15),
        ImageOps.perspective(1, 0.5),
        ImageOps.randomResizedCrop(20, 16, 0.3, 1),
        ImageOps.padCrop(24, 30, 6),
        ImageOps.gridDistortion(1, 4, 0.3));
  }

  @Property(tries = 18)
  void geometricOp_onBothBackends_movesBoxesKeypointsAndMasksAlike(
      @ForAll("geometricOps") Op op, @ForAll @IntRange(min = 0, max = 10_000) int seed,
      @ForAll boolean normalizedBoxes) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed)
        .add(ImageOps.horizontalFlip(0.5)).add(op).add(ImageOps.brightness(0.8, 1.2)).build();
    assertBackendsAgree(p, normalizedBoxes ? BoxFormat.NORMALIZED_XYXY : BoxFormat.PIXEL_XYXY,
        new BoxPolicy(seed % 2 == 0, 0.25), seed);
  }

  private static void assertBackendsAgree(Pipeline p, BoxFormat format, BoxPolicy policy, long dataSeed)
      throws Exception {
    SplittableRandom rng = new SplittableRandom(dataSeed);
    List<ImageSample> samples = new ArrayList<>();
    int[] flip = {1, 0, 2};
    for (int i = 0; i < N; i++) {
      samples.add(sample(i, rng, format).withKeypointFlipIndex(flip));
    }
    long[] idx = new long[N];
    for (int i = 0; i < N; i++) {
      idx[i] = 100 + 7L * i;
    }
    List<ImageSample> cpu;
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(policy).build()) {
      cpu = aug.applyBatch(samples, 3, idx);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      DeviceBatch in = toDevice(manager, samples, format, flip);
      DeviceBatch out = DeviceAugmenter.of(p).withBoxPolicy(policy).apply(in, 3, idx);
      assertThat(out.masks().getDataType()).isEqualTo(DataType.INT32);
      long maskPixels = 0, mismatched = 0;
      for (int i = 0; i < N; i++) {
        ImageSample c = cpu.get(i);
        String where = "sample " + i + ", params " + p.sample(3, idx[i], W, H).toJson();
        assertThat(out.boxes().get(i)).as(where).isEqualTo(c.boxes());
        assertThat(out.keypoints().get(i)).as(where).isEqualTo(c.keypoints());
        assertThat(out.masks().getShape()).as(where)
            .isEqualTo(new Shape(N, c.mask().height(), c.mask().width()));
        assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(out.images(), i), c.image().toFloatChw()))
            .as(where).isLessThan(2e-3);
        int[] dev;
        try (NDArray m = out.masks().get(i)) {
          dev = m.toIntArray();
        }
        int[] exp = c.mask().toArray();
        maskPixels += exp.length;
        for (int k = 0; k < exp.length; k++) {
          mismatched += dev[k] != exp[k] ? 1 : 0;
        }
      }
      assertThat(mismatched / (double) maskPixels).as("fraction of mask pixels that differ")
          .isLessThanOrEqualTo(MASK_TIE_FRACTION);
      out.images().close();
      out.labels().close();
      out.masks().close();
      NdTestSupport.assertNoLeak(manager, 3);
    }
  }

  @Property(tries = 8)
  void cutmix_withMasks_pastesThePartnersMaskOnBothBackends(@ForAll @IntRange(min = 0, max = 1000) int seed)
      throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed)
        .add(ImageOps.affine(10, 0.1, 0.9, 1.1, 5)).add(ImageOps.cutMix(0.8, 1.0)).build();
    SplittableRandom rng = new SplittableRandom(seed);
    List<ImageSample> samples = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      samples.add(sample(i, rng, BoxFormat.PIXEL_XYXY));
    }
    long[] idx = {4, 9, 2, 30, 11};
    List<ImageSample> cpu;
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optThreads(2).build()) {
      cpu = aug.applyBatch(samples, 1, idx);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      DeviceBatch out = DeviceAugmenter.of(p).apply(toDevice(manager, samples, BoxFormat.PIXEL_XYXY, null), 1, idx);
      long differ = 0, total = 0;
      for (int i = 0; i < N; i++) {
        int[] dev;
        try (NDArray m = out.masks().get(i)) {
          dev = m.toIntArray();
        }
        int[] exp = cpu.get(i).mask().toArray();
        total += exp.length;
        for (int k = 0; k < exp.length; k++) {
          differ += dev[k] != exp[k] ? 1 : 0;
        }
        assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(out.images(), i), cpu.get(i).image().toFloatChw()))
            .isLessThan(2e-3);
      }
      assertThat(differ / (double) total).isLessThanOrEqualTo(MASK_TIE_FRACTION);
    }
  }

  @Property(tries = 10)
  void uint8Masks_keepTheirTypeAndClassIds(@ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed).add(ImageOps.rotate(45)).add(ImageOps.gridDistortion(1, 3, 0.3))
        .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      byte[] cls = new byte[N * H * W];
      for (int k = 0; k < cls.length; k++) {
        cls[k] = (byte) (k % 4 == 0 ? 200 : k % 3);
      }
      NDArray masks = manager.create(cls, new Shape(N, H, W)).toType(DataType.UINT8, false);
      NDArray images = manager.ones(new Shape(N, 1, H, W));
      DeviceBatch out = DeviceAugmenter.of(p)
          .apply(DeviceBatch.builder().setImages(images).optMasks(masks).build(), 0, new long[] {0, 1, 2, 3, 4});
      assertThat(out.masks().getDataType()).isEqualTo(DataType.UINT8);
      assertThat(out.boxes()).isNull();
      for (int v : out.masks().toType(DataType.INT32, false).toIntArray()) {
        assertThat(v).isIn(0, 1, 2, 200);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void badTargets_areRejectedNamingTheSample() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.horizontalFlip(1)).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray images = manager.zeros(new Shape(2, 3, H, W));
      NDArray wrongMasks = manager.zeros(new Shape(2, H, W + 1), DataType.INT32);
      assertThatThrownBy(() -> DeviceAugmenter.of(p)
          .apply(DeviceBatch.builder().setImages(images).optMasks(wrongMasks).build(), 0, new long[] {0, 1}))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("mask");
      List<List<Box>> boxes = List.of(List.of(new Box(0.1, 0.1, 0.5, 0.5, 0)), List.of(new Box(0.2, 0.2, 1.5, 0.9, 1)));
      assertThatThrownBy(() -> DeviceAugmenter.of(p).apply(
              DeviceBatch.builder().setImages(images).optBoxes(boxes, BoxFormat.NORMALIZED_XYXY).build(), 0,
              new long[] {0, 1}))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("batch position 1");
      List<List<Box>> pixelBoxes = List.of(List.of(new Box(1, 1, W, H, 0)), List.of(new Box(2, 2, W + 3, 9, 1)));
      assertThatThrownBy(() -> DeviceAugmenter.of(p).apply(
              DeviceBatch.builder().setImages(images).optBoxes(pixelBoxes, BoxFormat.PIXEL_XYXY).build(), 0,
              new long[] {0, 1}))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("batch position 1 box 0")
          .hasMessageContaining("x in [0, " + W + "]");
      assertThatThrownBy(() -> DeviceBatch.builder().setImages(images).optKeypoints(List.of(List.of())).build())
          .isInstanceOf(IllegalArgumentException.class);
      NdTestSupport.assertNoLeak(manager, 2);
    }
  }

  /** A sample with two boxes, three keypoints and a mask with a rectangle and a disc of other classes. */
  static ImageSample sample(int i, SplittableRandom rng, BoxFormat format) {
    int bx = 2 + rng.nextInt(W / 2), by = 2 + rng.nextInt(H / 2);
    int bw = 4 + rng.nextInt(W / 3), bh = 4 + rng.nextInt(H / 3);
    Box a = new Box(bx, by, Math.min(W, bx + bw), Math.min(H, by + bh), 1);
    Box b = new Box(rng.nextInt(W / 2), rng.nextInt(H / 2), W - rng.nextInt(W / 3), H - rng.nextInt(H / 3), 2);
    int[] mask = new int[W * H];
    double cx = rng.nextDouble() * W, cy = rng.nextDouble() * H, r = 3 + rng.nextDouble() * 5;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (x >= a.x1() && x < a.x2() && y >= a.y1() && y < a.y2()) {
          mask[y * W + x] = 1;
        }
        if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < r) {
          mask[y * W + x] = 3 + i;
        }
      }
    }
    List<Box> boxes = List.of(a, b);
    if (format == BoxFormat.NORMALIZED_XYXY) {
      boxes = boxes.stream().map(q -> new Box(q.x1() / W, q.y1() / H, q.x2() / W, q.y2() / H, q.classIndex()))
          .toList();
    }
    List<Keypoint> kps = List.of(
        new Keypoint(rng.nextDouble() * W, rng.nextDouble() * H, Keypoint.VISIBLE),
        new Keypoint(rng.nextDouble() * W, rng.nextDouble() * H, Keypoint.OCCLUDED),
        new Keypoint(1 + rng.nextDouble() * (W - 2), 1 + rng.nextDouble() * (H - 2), Keypoint.VISIBLE));
    float[] label = new float[4];
    label[i % 4] = 1;
    Raster img = TestImages.floats(3, H, W, 300 + i);
    return ImageSample.of("s" + i, img).withBoxes(boxes, format).withKeypoints(kps)
        .withMask(SegmentationMask.of(W, H, mask)).withLabel(label);
  }

  static DeviceBatch toDevice(NDManager manager, List<ImageSample> samples, BoxFormat format, int[] flip) {
    int n = samples.size(), h = samples.get(0).image().height(), w = samples.get(0).image().width();
    int[] masks = new int[n * h * w];
    float[] labels = new float[n * 4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(samples.get(i).mask().toArray(), 0, masks, i * h * w, h * w);
      System.arraycopy(samples.get(i).label(), 0, labels, i * 4, 4);
    }
    return DeviceBatch.builder()
        .setImages(NdTestSupport.batch(manager, samples.stream().map(ImageSample::image).toList()))
        .optLabels(manager.create(labels, new Shape(n, 4)))
        .optMasks(manager.create(masks, new Shape(n, h, w)))
        .optBoxes(samples.stream().map(ImageSample::boxes).toList(), format)
        .optKeypoints(samples.stream().map(ImageSample::keypoints).toList())
        .optKeypointFlipIndex(flip)
        .build();
  }
}
