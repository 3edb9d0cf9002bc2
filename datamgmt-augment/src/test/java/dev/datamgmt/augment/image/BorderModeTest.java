package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.datamgmt.augment.djl.DjlConverters;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Reflect and replicate borders read what numpy/torch padding reads, on both backends, for images and masks. */
class BorderModeTest {

  @Test
  void index_followsNumpyReflectAndEdge() {
    // np.pad(np.arange(4), 4, mode="reflect") = [0 1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 ...]
    int[] reflect = new int[12];
    for (int i = -4; i < 8; i++) {
      reflect[i + 4] = BorderMode.REFLECT.index(i, 4);
    }
    assertThat(reflect).containsExactly(2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1);
    assertThat(BorderMode.REPLICATE.index(-5, 4)).isZero();
    assertThat(BorderMode.REPLICATE.index(9, 4)).isEqualTo(3);
    assertThat(BorderMode.REFLECT.index(-3, 1)).isZero();
    assertThat(BorderMode.CONSTANT.index(-1, 4)).isEqualTo(-1);
    assertThat(BorderMode.REFLECT.index(Integer.MIN_VALUE / 2, 7)).isBetween(0, 6);
  }

  @Property(tries = 60)
  void integerShift_readsTheBorderPixel_exactly(@ForAll @IntRange(min = -12, max = 12) int dx,
      @ForAll @IntRange(min = -12, max = 12) int dy, @ForAll boolean reflect, @ForAll boolean bilinear,
      @ForAll boolean uint8) throws Exception {
    BorderMode mode = reflect ? BorderMode.REFLECT : BorderMode.REPLICATE;
    int w = 7, h = 5;
    Raster img = uint8 ? TestImages.uint8(3, h, w, dx * 31 + dy) : TestImages.floats(3, h, w, dx * 31 + dy);
    int[] classes = new int[w * h];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = i;
    }
    ImageSample s = ImageSample.of("s", img).withMask(SegmentationMask.of(w, h, classes));
    AugmentParams shift = AugmentParams.of(new ImageSteps.Warp(Homography.translate(dx, dy), w, h,
        bilinear ? Interpolation.BILINEAR : Interpolation.NEAREST, 0.5, mode));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      ImageSample out = aug.replay(s, shift);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int sx = mode.index(x - dx, w), sy = mode.index(y - dy, h);
          for (int c = 0; c < 3; c++) {
            assertThat(out.image().get(c, y, x)).isEqualTo(img.get(c, sy, sx));
          }
          assertThat(out.mask().get(x, y)).isEqualTo(sy * w + sx);
        }
      }
    }
  }

  @Test
  void rotateWithBorder_onBothBackends_givesTheSamePixelsAndMasks() throws Exception {
    for (BorderMode mode : new BorderMode[] {BorderMode.REFLECT, BorderMode.REPLICATE}) {
      for (Interpolation interp : Interpolation.values()) {
        assertBackendsAgree(Pipeline.builder().setSeed(8)
            .add(new ImageOps.Rotate(1, 60, interp, 0.3, mode))
            .add(ImageOps.affine(10, 0.3, 0.6, 1.0, 5).withBorder(mode).withP(0.7))
            .add(new ImageOps.Perspective(0.5, 0.4, interp, 0, mode)).build(), mode + " " + interp);
      }
    }
  }

  @Test
  void gridWarpsWithBorder_onBothBackends_giveTheSamePixelsAndMasks() throws Exception {
    for (BorderMode mode : new BorderMode[] {BorderMode.REFLECT, BorderMode.REPLICATE}) {
      for (Interpolation interp : Interpolation.values()) {
        assertBackendsAgree(Pipeline.builder().setSeed(9)
            .add(new ImageOps.GridDistortion(0.7, 4, 0.4, interp, 0.3).withBorder(mode))
            .add(new ImageOps.ElasticTransform(0.7, 2.5, 6, interp, 0).withBorder(mode))
            .add(new ImageOps.OpticalDistortion(0.7, 0.1, 0.1, interp, 0).withBorder(mode)).build(),
            "grid " + mode + " " + interp);
      }
    }
  }

  /** Six samples with masks through {@code p} on both backends: pixels within 2e-3, masks all but 0.5% equal. */
  private static void assertBackendsAgree(Pipeline p, String what) throws Exception {
    {
      {
        int n = 6, w = 21, h = 17;
        List<Raster> images = new ArrayList<>();
        int[] masks = new int[n * w * h];
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
          images.add(TestImages.floats(3, h, w, 40 + i));
          idx[i] = 7 + i;
          for (int k = 0; k < w * h; k++) {
            masks[i * w * h + k] = (k * 13 + i) % 9;
          }
        }
        try (NDManager m = NDManager.newBaseManager();
            CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
          NDArray maskArray = m.create(masks, new Shape(n, h, w));
          DeviceBatch out = DeviceAugmenter.of(p).apply(DeviceBatch.builder()
              .setImages(DjlConverters.toBatch(m, images)).optMasks(maskArray).build(), 0, idx);
          int differing = 0;
          for (int i = 0; i < n; i++) {
            ImageSample want = cpu.apply(ImageSample.of("s" + i, images.get(i))
                .withMask(SegmentationMask.of(w, h, java.util.Arrays.copyOfRange(masks, i * w * h, (i + 1) * w * h))),
                0, idx[i]);
            float[] got = out.images().get(i).toFloatArray();
            float[] exp = want.image().toFloatChw();
            for (int k = 0; k < got.length; k++) {
              assertThat(Math.abs(got[k] - exp[k])).as("%s sample %d", what, i).isLessThan(2e-3f);
            }
            int[] gotMask = out.masks().get(i).toType(DataType.INT32, false).toIntArray();
            int[] expMask = want.mask().toArray();
            for (int k = 0; k < gotMask.length; k++) {
              differing += gotMask[k] != expMask[k] ? 1 : 0;
            }
          }
          // Float64 coordinates on both sides; a pixel centre exactly on an edge may round the other way.
          assertThat(differing).isLessThanOrEqualTo(n * w * h / 200);
        }
      }
    }
  }

  @Test
  void border_roundTripsThroughJson_andIsOmittedWhenConstant() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(2).add(ImageOps.rotate(20).withBorder(BorderMode.REFLECT))
        .add(ImageOps.rotate(20)).build();
    String json = p.toJson();
    assertThat(json).contains("\"border\":\"REFLECT\"");
    assertThat(json.split("border", -1)).hasSize(2);
    assertThat(Pipeline.fromJson(json)).isEqualTo(p);
    AugmentParams params = p.sample(0, 1, 10, 10);
    assertThat(AugmentParams.fromJson(params.toJson())).isEqualTo(params);
    assertThat(params.toJson().split("border", -1)).hasSize(2);
    Pipeline grid = Pipeline.builder().setSeed(2).add(ImageOps.elasticTransform(1, 2, 8).withBorder(BorderMode.REFLECT))
        .add(ImageOps.gridDistortion(1, 4, 0.3)).build();
    assertThat(Pipeline.fromJson(grid.toJson())).isEqualTo(grid);
    AugmentParams gridParams = grid.sample(0, 1, 20, 20);
    assertThat(AugmentParams.fromJson(gridParams.toJson())).isEqualTo(gridParams);
    assertThat(gridParams.toJson().split("border", -1)).hasSize(2);
  }
}
