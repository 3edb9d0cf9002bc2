package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.djl.DjlConverters;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.core.label.Box;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Resize, max-size scaling, padding, centre crop, quarter turns and transpose, checked numerically. */
class GeometryOpsTest {

  private static ImageSample run(Op op, ImageSample s, long index) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(5).add(op).build()).build()) {
      return aug.apply(s, 0, index);
    }
  }

  private static ImageSample withBox(Raster r, Box b) {
    return ImageSample.of("s", r).withBoxes(List.of(b), BoxFormat.PIXEL_XYXY);
  }

  @Test
  void resize_scalesTheBoxExactly_andPrefiltersOnlyDownscales() throws Exception {
    ImageSample out = run(ImageOps.resize(50, 40), withBox(TestImages.floats(3, 80, 100, 1), new Box(10, 20, 30, 40, 2)), 0);
    assertThat(out.image().width()).isEqualTo(50);
    assertThat(out.image().height()).isEqualTo(40);
    assertThat(out.boxes()).containsExactly(new Box(5, 10, 15, 20, 2));
    List<Step> down = Pipeline.builder().setSeed(1).add(ImageOps.resize(50, 40)).build().sample(0, 0, 100, 80).steps();
    assertThat(down.get(0)).isEqualTo(new ImageSteps.Blur(0.5));   // factor 2: sigma (2 - 1) / 2
    List<Step> up = Pipeline.builder().setSeed(1).add(ImageOps.resize(200, 160)).build().sample(0, 0, 100, 80).steps();
    assertThat(up).hasSize(1).allMatch(st -> st instanceof ImageSteps.Warp);
    List<Step> plain = Pipeline.builder().setSeed(1)
        .add(new ImageOps.Resize(1, 50, 40, Interpolation.BILINEAR, false)).build().sample(0, 0, 100, 80).steps();
    assertThat(plain).hasSize(1);
  }

  @Test
  void antialiasedDownscale_ofAStripePattern_isFlatGrey_whereThePlainOneAliases() throws Exception {
    int w = 64, h = 64;
    float[] px = new float[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = (i % w) % 2;   // one-pixel vertical stripes
    }
    Raster stripes = Raster.ofFloat(1, h, w, px);
    Raster smooth = run(ImageOps.resize(13, 13), ImageSample.of("s", stripes), 0).image();
    Raster aliased = run(new ImageOps.Resize(1, 13, 13, Interpolation.BILINEAR, false), ImageSample.of("s", stripes), 0)
        .image();
    assertThat(spread(smooth)).isLessThan(0.1);
    assertThat(spread(aliased)).isGreaterThan(0.3);
  }

  private static double spread(Raster r) {
    float[] x = r.toFloatChw();
    double lo = 1, hi = 0;
    for (int i = 1; i < r.height() - 1; i++) {
      for (int j = 1; j < r.width() - 1; j++) {
        lo = Math.min(lo, x[i * r.width() + j]);
        hi = Math.max(hi, x[i * r.width() + j]);
      }
    }
    return hi - lo;
  }

  @Test
  void maxSizeScaling_keepsTheAspectRatio() throws Exception {
    Raster img = TestImages.floats(3, 50, 100, 2);
    assertThat(run(ImageOps.longestMaxSize(64), ImageSample.of("s", img), 0).image().toString()).contains("3x32x64");
    assertThat(run(ImageOps.smallestMaxSize(64), ImageSample.of("s", img), 0).image().toString()).contains("3x64x128");
  }

  @Test
  void letterbox_scalesThenPadsCentred_andOffsetsTheBoxes() throws Exception {
    Raster img = TestImages.uint8(3, 64, 128, 3);
    ImageSample out = run(ImageOps.letterbox(64, 0.5), withBox(img, new Box(0, 0, 128, 64, 1)), 0);
    assertThat(out.image().width()).isEqualTo(64);
    assertThat(out.image().height()).isEqualTo(64);
    assertThat(out.boxes()).containsExactly(new Box(0, 16, 64, 48, 1));
    assertThat(out.image().get(0, 5, 30)).isCloseTo(128 / 255f, within(1e-6f));   // the fill, as uint8
  }

  @Test
  void padIfNeeded_copiesPixelsExactly_withAlbumentationsOffsets() throws Exception {
    Raster img = TestImages.uint8(1, 20, 31, 4);
    Raster out = run(ImageOps.padIfNeeded(40, 25, 0), ImageSample.of("s", img), 0).image();
    assertThat(out.width()).isEqualTo(40);
    assertThat(out.height()).isEqualTo(25);
    int left = (40 - 31) / 2, top = (25 - 20) / 2;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 31; x++) {
        assertThat(out.get(0, y + top, x + left)).isEqualTo(img.get(0, y, x));
      }
    }
    assertThat(out.get(0, 0, 0)).isZero();
    Raster same = run(ImageOps.padIfNeeded(10, 10, 0), ImageSample.of("s", img), 0).image();
    assertThat(same.uint8Array()).containsExactly(img.uint8Array());
  }

  @Property(tries = 60)
  void centerCrop_readsTorchvisionsWindow(@ForAll @IntRange(min = 1, max = 30) int w,
      @ForAll @IntRange(min = 1, max = 30) int h, @ForAll @IntRange(min = 1, max = 30) int cw,
      @ForAll @IntRange(min = 1, max = 30) int ch) throws Exception {
    Raster img = TestImages.uint8(1, h, w, w * 31 + h);
    Raster out = run(ImageOps.centerCrop(cw, ch), ImageSample.of("s", img), 0).image();
    // torchvision.transforms.v2.functional.center_crop: pad (crop - size) // 2 on the left/top if needed, then
    // crop at int(round((size - crop) / 2.0)).
    int padL = cw > w ? (cw - w) / 2 : 0, padT = ch > h ? (ch - h) / 2 : 0;
    int pw = Math.max(w, cw), ph = Math.max(h, ch);
    int left = (int) Math.rint((pw - cw) / 2.0) - padL, top = (int) Math.rint((ph - ch) / 2.0) - padT;
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        int sx = x + left, sy = y + top;
        float want = sx >= 0 && sx < w && sy >= 0 && sy < h ? img.get(0, sy, sx) : 0;
        assertThat(out.get(0, y, x)).isEqualTo(want);
      }
    }
  }

  @Property(tries = 40)
  void randomRotate90_isNumpysRot90_exactly(@ForAll @IntRange(min = 0, max = 1000) int index,
      @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 1, max = 9) int h) throws Exception {
    Raster img = TestImages.uint8(3, h, w, index);
    AugmentParams p = Pipeline.builder().setSeed(5).add(ImageOps.randomRotate90(1)).build().sample(0, index, w, h);
    int k = 0;
    if (!p.steps().isEmpty()) {
      double[] m = ((ImageSteps.Warp) p.steps().get(0)).matrix();
      k = m[0] == -1 ? 2 : m[1] == 1 ? 1 : 3;
    }
    ImageSample out = run(ImageOps.randomRotate90(1), withBox(img, new Box(0, 0, 1, 1, 0)), index);
    Raster r = out.image();
    int ow = k % 2 == 1 ? h : w, oh = k % 2 == 1 ? w : h;
    assertThat(r.width()).isEqualTo(ow);
    assertThat(r.height()).isEqualTo(oh);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          // np.rot90(a, k) on (rows, cols): k=1: b[i, j] = a[j, W-1-i]; k=2: a[H-1-i, W-1-j]; k=3: a[H-1-j, i].
          float want = switch (k) {
            case 0 -> img.get(c, i, j);
            case 1 -> img.get(c, j, w - 1 - i);
            case 2 -> img.get(c, h - 1 - i, w - 1 - j);
            default -> img.get(c, h - 1 - j, i);
          };
          assertThat(r.get(c, i, j)).isEqualTo(want);
        }
      }
    }
    // The top-left pixel's box lands on that pixel's new place.
    Box b = out.boxes().get(0);
    int bx = (int) b.x1(), by = (int) b.y1();
    assertThat(b.x2() - b.x1()).isEqualTo(1.0);
    assertThat(r.get(0, by, bx)).isEqualTo(img.get(0, 0, 0));
  }

  @Test
  void transpose_swapsRowsAndColumnsExactly() throws Exception {
    Raster img = TestImages.uint8(3, 5, 8, 9);
    ImageSample out = run(ImageOps.transpose(1), withBox(img, new Box(1, 2, 4, 3, 0)), 0);
    Raster r = out.image();
    assertThat(r.width()).isEqualTo(5);
    assertThat(r.height()).isEqualTo(8);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 5; j++) {
          assertThat(r.get(c, i, j)).isEqualTo(img.get(c, j, i));
        }
      }
    }
    assertThat(out.boxes()).containsExactly(new Box(2, 1, 3, 4, 0));
  }

  @Test
  void badSizes_areRejectedNamingTheOp() {
    assertThatThrownBy(() -> ImageOps.resize(0, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resize width must be in [1, 65536]: 0");
    assertThatThrownBy(() -> ImageOps.centerCrop(5, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("centerCrop height");
    assertThatThrownBy(() -> ImageOps.longestMaxSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longestMaxSize maxSize");
  }

  @Test
  void deviceBatch_whoseSamplesEndInDifferentSizes_isRefused() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.transpose(0.5)).build();
    List<Raster> images = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      images.add(TestImages.floats(1, 6, 9, i));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> DeviceAugmenter.of(p).apply(DjlConverters.toBatch(m, images), 0,
          new long[] {0, 1, 2, 3, 4, 5, 6, 7}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one output size per batch");
    }
  }
}
