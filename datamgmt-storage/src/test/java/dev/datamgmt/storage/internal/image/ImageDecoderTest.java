package dev.datamgmt.storage.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.storage.reader.ImageLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** A gray image with smooth and noisy regions, so the PNG writer uses several filter types. */
  static BufferedImage gray(int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (byte) (y < h / 2 ? x * 7 + y * 3 : r.nextInt(256));
      }
    }
    img.getRaster().setDataElements(0, 0, w, h, px);
    return img;
  }

  @Property(tries = 30)
  void pngFastPath_matchesImageIo_forGrayAndRgbAndRgba(@ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll long seed) throws Exception {
    BufferedImage g = gray(w, h, seed);
    byte[] out = new byte[w * h];
    ImageDecoder.decode(png(g), "image/png", 1, h, w, ImageLayout.CHW, out, 0, "gray");
    byte[] expected = new byte[w * h];
    g.getRaster().getDataElements(0, 0, w, h, expected);
    assertThat(out).isEqualTo(expected);

    for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
      BufferedImage c = new BufferedImage(w, h, type);
      SplittableRandom r = new SplittableRandom(seed);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          c.setRGB(x, y, 0xff000000 | (y < h / 2 ? (x * 5) << 16 | (y * 9) << 8 | 77 : r.nextInt(1 << 24)));
        }
      }
      byte[] hwc = new byte[w * h * 3];
      ImageDecoder.decode(png(c), "image/png", 3, h, w, ImageLayout.HWC, hwc, 0, "rgb");
      byte[] chw = new byte[w * h * 3];
      ImageDecoder.decode(png(c), "image/png", 3, h, w, ImageLayout.CHW, chw, 0, "rgb");
      for (int p = 0; p < w * h; p++) {
        int argb = c.getRGB(p % w, p / w);
        assertThat(hwc[3 * p] & 0xff).isEqualTo((argb >>> 16) & 0xff);
        assertThat(hwc[3 * p + 2] & 0xff).isEqualTo(argb & 0xff);
        assertThat(chw[w * h + p]).isEqualTo(hwc[3 * p + 1]);
      }
    }
  }

  @Test
  void decode_grayToRgb_replicatesChannels_andJpegGoesThroughImageIo() throws Exception {
    BufferedImage g = gray(8, 6, 1);
    byte[] rgb = new byte[8 * 6 * 3];
    ImageDecoder.decode(png(g), "image/png", 3, 6, 8, ImageLayout.CHW, rgb, 0, "x");
    assertThat(Arrays.copyOfRange(rgb, 0, 48)).isEqualTo(Arrays.copyOfRange(rgb, 96, 144));
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(g, "jpg", jpg);
    byte[] out = new byte[48];
    ImageDecoder.decode(jpg.toByteArray(), "image/jpeg", 1, 6, 8, ImageLayout.CHW, out, 0, "x");
    assertThat(out[0] & 0xff).isCloseTo(0, org.assertj.core.data.Offset.offset(12));
  }

  @Test
  void decode_truncatedPng_failsNamingLocation() throws Exception {
    byte[] p = png(gray(20, 20, 2));
    byte[] cut = Arrays.copyOf(p, p.length - 30);
    assertThatThrownBy(() -> ImageDecoder.decode(cut, "image/png", 1, 20, 20, ImageLayout.CHW, new byte[400], 0,
        "shards/x.parquet, record img-7"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("undecodable image at shards/x.parquet, record img-7");
  }

  @Test
  void decode_garbage_failsAsUndecodable() {
    assertThatThrownBy(() -> ImageDecoder.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, "image/png", 1, 3, 3,
        ImageLayout.CHW, new byte[9], 0, "rec"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("undecodable image at rec");
  }

  @Test
  void decode_wrongSize_andRawOfWrongLength_fail() throws Exception {
    byte[] p = png(gray(5, 4, 3));
    assertThatThrownBy(() -> ImageDecoder.decode(p, "image/png", 1, 5, 5, ImageLayout.CHW, new byte[25], 0, "r"))
        .hasMessageContaining("expected 5x5 pixels, found 5x4 pixels");
    assertThatThrownBy(() -> ImageDecoder.decode(new byte[10], "application/octet-stream", 1, 3, 3,
        ImageLayout.CHW, new byte[9], 0, "r"))
        .hasMessageContaining("raw image has the wrong size");
    byte[] out = new byte[9];
    ImageDecoder.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, "application/octet-stream", 1, 3, 3,
        ImageLayout.CHW, out, 0, "r");
    assertThat(out).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
