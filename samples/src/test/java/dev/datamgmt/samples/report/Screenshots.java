package dev.datamgmt.samples.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Checks on screenshots taken by the browser tests. */
public final class Screenshots {
  private Screenshots() {}

  /**
   * The variance of the luminance over every second pixel of every second row of a PNG screenshot: a white page
   * gives 0; text, charts and images on white give hundreds.
   *
   * @param png the screenshot
   * @return the variance, in squared 8-bit luminance levels
   * @throws IOException if the bytes are not a readable image
   */
  public static double luminanceVariance(byte[] png) throws IOException {
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
    if (shot == null) {
      throw new IOException("not an image ImageIO reads (" + png.length + " bytes)");
    }
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (int y = 0; y < shot.getHeight(); y += 2) {
      for (int x = 0; x < shot.getWidth(); x += 2) {
        int rgb = shot.getRGB(x, y);
        double lum = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
        sum += lum;
        sumSq += lum * lum;
        n++;
      }
    }
    return sumSq / n - (sum / n) * (sum / n);
  }

  /**
   * The height of a PNG screenshot in pixels.
   *
   * @param png the screenshot
   * @return its height
   * @throws IOException if the bytes are not a readable image
   */
  public static int height(byte[] png) throws IOException {
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
    if (shot == null) {
      throw new IOException("not an image ImageIO reads (" + png.length + " bytes)");
    }
    return shot.getHeight();
  }
}
