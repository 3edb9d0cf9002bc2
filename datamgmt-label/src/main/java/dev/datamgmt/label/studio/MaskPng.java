package dev.datamgmt.label.studio;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Masks as this library stores them: single-channel 8-bit PNGs whose pixel values are class indices. */
final class MaskPng {
  private MaskPng() {}

  /** The class index of each pixel, row-major, or null if {@code png} is not a readable single-channel image. */
  static byte[] decode(byte[] png, int width, int height) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    if (img == null) {
      throw new IOException("not an image ImageIO can read");
    }
    if (img.getWidth() != width || img.getHeight() != height) {
      throw new IOException("the image is " + img.getWidth() + "x" + img.getHeight() + ", the label says "
          + width + "x" + height);
    }
    Raster r = img.getRaster();
    if (r.getNumBands() != 1) {
      throw new IOException("the image has " + r.getNumBands() + " channels, a mask has 1");
    }
    byte[] out = new byte[width * height];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      r.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        out[y * width + x] = (byte) row[x];
      }
    }
    return out;
  }

  /** A grey 8-bit PNG of {@code pixels} (row-major class indices). */
  static byte[] encode(byte[] pixels, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, pixels);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a PNG to memory", e);
    }
    return out.toByteArray();
  }

  /** The RGBA bytes Label Studio's brush draws for the pixels of class {@code c}: 255 in all four channels. */
  static byte[] rgbaOf(byte[] pixels, int c) {
    byte[] rgba = new byte[pixels.length * 4];
    for (int p = 0; p < pixels.length; p++) {
      if ((pixels[p] & 0xFF) == c) {
        java.util.Arrays.fill(rgba, 4 * p, 4 * p + 4, (byte) 255);
      }
    }
    return rgba;
  }
}
