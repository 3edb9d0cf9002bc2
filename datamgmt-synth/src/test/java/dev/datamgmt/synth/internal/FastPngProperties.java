package dev.datamgmt.synth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** FastPng's own container gives storage's PNG bytes exactly, and decodes to the pixels it was given. */
class FastPngProperties {
  @Property(tries = 60)
  void encodeRgb_equalsStoragesEncoder_andDecodesToThePixels(@ForAll @IntRange(min = 1, max = 400) int width,
      @ForAll @IntRange(min = 1, max = 40) int height, @ForAll @IntRange(min = 0, max = 255) int noise,
      @ForAll long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int[] rgb = new int[width * height];
    int base = random.nextInt(1 << 24);
    for (int i = 0; i < rgb.length; i++) {
      // flat with sparse noise (the BEST_SPEED path) up to dense noise (the Huffman-only path)
      rgb[i] = random.nextInt(256) < noise ? random.nextInt(1 << 24) : base;
    }
    byte[] png = FastPng.encodeRgb(rgb, width, height);
    assertThat(png).isEqualTo(FastPng.encodeRgbThroughStorage(rgb, width, height));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(width);
    assertThat(img.getHeight()).isEqualTo(height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        assertThat(img.getRGB(x, y) & 0xffffff).isEqualTo(rgb[y * width + x]);
      }
    }
  }
}
