package dev.datamgmt.synth.internal;

import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Pixel effects on packed {@code 0xRRGGBB} images shared by the generators: text compositing through a geometric
 * map, Gaussian and motion blur, Gaussian noise, JPEG artefacts. Each is a pure function of its inputs (noise of
 * the stream it is given), so a sample's bytes depend on its seed alone.
 */
public final class Effects {
  private Effects() {}

  /**
   * Blends {@code colour} over {@code dst} by a coverage layer (8-bit, {@code stride} bytes a row, 0 = none, 255 =
   * full) that {@code layerToOut} and then {@code warp} (null: none) map onto the output. Each output pixel
   * centre is mapped back and the coverage sampled bilinearly (zero outside the layer).
   */
  public static void composite(int[] dst, int width, int height, byte[] coverage, int layerWidth, int layerHeight,
      int stride, AffineTransform layerToOut, Warp warp, int colour) {
    AffineTransform inv;
    try {
      inv = layerToOut.createInverse();
    } catch (NoninvertibleTransformException e) {
      throw new IllegalArgumentException("composite: the layer transform is not invertible: " + layerToOut, e);
    }
    double m00 = inv.getScaleX(), m01 = inv.getShearX(), m02 = inv.getTranslateX();
    double m10 = inv.getShearY(), m11 = inv.getScaleY(), m12 = inv.getTranslateY();
    int cr = colour >>> 16 & 255, cg = colour >>> 8 & 255, cb = colour & 255;
    double[] p = new double[2];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        double ox = x + 0.5, oy = y + 0.5;
        if (warp != null) {
          p[0] = ox;
          p[1] = oy;
          warp.inverse(p);
          ox = p[0];
          oy = p[1];
        }
        double lx = m00 * ox + m01 * oy + m02 - 0.5, ly = m10 * ox + m11 * oy + m12 - 0.5;
        if (lx <= -1 || ly <= -1 || lx >= layerWidth || ly >= layerHeight) {
          continue;
        }
        int a = sample(coverage, layerWidth, layerHeight, stride, lx, ly);
        if (a == 0) {
          continue;
        }
        int c = dst[row + x];
        int r = c >>> 16 & 255, g = c >>> 8 & 255, b = c & 255;
        r += ((cr - r) * a + 127) / 255;
        g += ((cg - g) * a + 127) / 255;
        b += ((cb - b) * a + 127) / 255;
        dst[row + x] = r << 16 | g << 8 | b;
      }
    }
  }

  /** Bilinear coverage at layer position (x, y) (pixel centres at integers), 0..255. */
  private static int sample(byte[] cov, int w, int h, int stride, double x, double y) {
    int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
    double fx = x - x0, fy = y - y0;
    double v00 = at(cov, w, h, stride, x0, y0), v10 = at(cov, w, h, stride, x0 + 1, y0);
    double v01 = at(cov, w, h, stride, x0, y0 + 1), v11 = at(cov, w, h, stride, x0 + 1, y0 + 1);
    double v = (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
    return (int) (v + 0.5);
  }

  private static int at(byte[] cov, int w, int h, int stride, int x, int y) {
    return x < 0 || y < 0 || x >= w || y >= h ? 0 : cov[y * stride + x] & 255;
  }

  /**
   * Resamples {@code src} through {@code warp} into {@code dst}: each output pixel centre is mapped back by
   * {@link Warp#inverse} and {@code src} sampled bilinearly; where the point falls outside {@code src}, the pixel
   * keeps its {@code dst} value (what is behind), blended at the edge.
   */
  public static void warp(int[] src, int srcWidth, int srcHeight, int[] dst, int width, int height, Warp warp) {
    double[] p = new double[2];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        p[0] = x + 0.5;
        p[1] = y + 0.5;
        warp.inverse(p);
        double sx = p[0] - 0.5, sy = p[1] - 0.5;
        if (sx <= -1 || sy <= -1 || sx >= srcWidth || sy >= srcHeight) {
          continue;
        }
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        int back = dst[y * width + x];
        int c00 = px(src, srcWidth, srcHeight, x0, y0, back), c10 = px(src, srcWidth, srcHeight, x0 + 1, y0, back);
        int c01 = px(src, srcWidth, srcHeight, x0, y0 + 1, back);
        int c11 = px(src, srcWidth, srcHeight, x0 + 1, y0 + 1, back);
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          double v = (1 - fy) * ((1 - fx) * (c00 >>> shift & 255) + fx * (c10 >>> shift & 255))
              + fy * ((1 - fx) * (c01 >>> shift & 255) + fx * (c11 >>> shift & 255));
          out |= clamp((int) (v + 0.5)) << shift;
        }
        dst[y * width + x] = out;
      }
    }
  }

  private static int px(int[] src, int w, int h, int x, int y, int outside) {
    return x < 0 || y < 0 || x >= w || y >= h ? outside : src[y * w + x];
  }

  private static final long FIELD = 0x1FFFFFL;
  private static final long LOW17 = 0x1FFFFL << 42 | 0x1FFFFL << 21 | 0x1FFFFL;

  /**
   * The horizontal pass of {@link #gaussianBlur}, reused per thread: a fresh array per image was a tenth of the
   * bytes a generated OCR line allocated.
   */
  private static final ThreadLocal<long[][]> BLUR_SCRATCH = ThreadLocal.withInitial(() -> new long[1][0]);

  /**
   * Separable Gaussian blur, radius ceil(3 sigma), edges clamped. Fixed point with the three channels of a pixel
   * packed in one {@code long} (21 bits each), so one multiply serves three channels: weights in 1/256 (summing to
   * exactly 256), the horizontal pass kept to 1/16 of a level. Integer arithmetic: the same bytes on every machine.
   */
  public static void gaussianBlur(int[] px, int w, int h, double sigma) {
    int rad = (int) Math.ceil(3 * sigma);
    double[] e = new double[rad + 1];
    double sum = 0;
    for (int i = 0; i <= rad; i++) {
      e[i] = StrictMath.exp(-i * i / (2 * sigma * sigma));
      sum += i == 0 ? e[i] : 2 * e[i];
    }
    long[] q = new long[rad + 1];
    long total = 0;
    for (int i = 1; i <= rad; i++) {
      q[i] = Math.round(e[i] / sum * 256);
      total += 2 * q[i];
    }
    q[0] = 256 - total;
    while (rad > 0 && q[rad] == 0) { // taps whose weight rounds to 0 change nothing: skip them
      rad--;
    }
    int n = w * h;
    long[][] scratch = BLUR_SCRATCH.get();
    if (scratch[0].length < n) {
      scratch[0] = new long[n];
    }
    long[] hp = scratch[0]; // the first n entries are all written by the horizontal pass before they are read
    int pw = w + 2 * rad;
    long[] row = new long[pw];
    long round8 = 8L << 42 | 8L << 21 | 8L;
    for (int y = 0; y < h; y++) {
      int r0 = y * w;
      for (int x = 0; x < pw; x++) {
        int c = px[r0 + Math.max(0, Math.min(w - 1, x - rad))];
        row[x] = (long) (c >>> 16 & 255) << 42 | (long) (c >>> 8 & 255) << 21 | (c & 255);
      }
      for (int x = 0; x < w; x++) {
        int cx = x + rad;
        long acc = q[0] * row[cx];
        for (int t = 1; t <= rad; t++) {
          acc += q[t] * (row[cx - t] + row[cx + t]);
        }
        hp[r0 + x] = (acc + round8) >>> 4 & LOW17;
      }
    }
    long[] v = new long[w];
    long round12 = 2048L << 42 | 2048L << 21 | 2048L;
    for (int y = 0; y < h; y++) {
      int c0 = y * w;
      long k0 = q[0];
      for (int x = 0; x < w; x++) {
        v[x] = k0 * hp[c0 + x];
      }
      for (int t = 1; t <= rad; t++) {
        long k = q[t];
        int up = Math.max(0, y - t) * w, down = Math.min(h - 1, y + t) * w;
        for (int x = 0; x < w; x++) {
          v[x] += k * (hp[up + x] + hp[down + x]);
        }
      }
      for (int x = 0; x < w; x++) {
        long a = v[x] + round12;
        px[c0 + x] = clamp((int) ((a >>> 42 & FIELD) >> 12)) << 16 | clamp((int) ((a >>> 21 & FIELD) >> 12)) << 8
            | clamp((int) ((a & FIELD) >> 12));
      }
    }
  }

  /**
   * Motion blur: each pixel becomes the mean of the pixels on a line of {@code length} pixels through it at
   * {@code angleDegrees} (nearest pixels, edges clamped). Lengths below 2 change nothing.
   */
  public static void motionBlur(int[] px, int w, int h, double length, double angleDegrees) {
    int taps = (int) Math.round(length);
    if (taps < 2) {
      return;
    }
    double a = Math.toRadians(angleDegrees);
    int[] dx = new int[taps], dy = new int[taps];
    for (int t = 0; t < taps; t++) {
      double s = t - (taps - 1) / 2.0;
      dx[t] = (int) Math.round(s * StrictMath.cos(a));
      dy[t] = (int) Math.round(s * StrictMath.sin(a));
    }
    int[] src = px.clone();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0, g = 0, b = 0;
        for (int t = 0; t < taps; t++) {
          int xx = Math.max(0, Math.min(w - 1, x + dx[t])), yy = Math.max(0, Math.min(h - 1, y + dy[t]));
          int c = src[yy * w + xx];
          r += c >>> 16 & 255;
          g += c >>> 8 & 255;
          b += c & 255;
        }
        px[y * w + x] = (r + taps / 2) / taps << 16 | (g + taps / 2) / taps << 8 | (b + taps / 2) / taps;
      }
    }
  }

  /** Adds Gaussian noise of {@code sigma} (the same offset on the three channels of a pixel), drawn from {@code rng}. */
  public static void noise(int[] px, float[] scratch, SplittableRandom rng, double sigma) {
    PixelNoise.fill(rng, scratch, px.length);
    float s = (float) sigma;
    for (int i = 0; i < px.length; i++) {
      int e = Math.round(s * scratch[i]);
      int c = px[i];
      px[i] = clamp((c >>> 16 & 255) + e) << 16 | clamp((c >>> 8 & 255) + e) << 8 | clamp((c & 255) + e);
    }
  }

  /** The JPEG encoding of an RGB image at {@code quality} (1..100; the JDK's encoder, deterministic). */
  public static byte[] jpeg(int[] px, int w, int h, int quality) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    System.arraycopy(px, 0, ((DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0, w * h);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** JPEG artefacts: encodes at {@code quality} and decodes back into {@code px}. */
  public static void jpegArtefacts(int[] px, int w, int h, int quality) {
    byte[] bytes = jpeg(px, w, h, quality);
    try {
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
      back.getRGB(0, 0, w, h, px, 0, w);
      for (int i = 0; i < px.length; i++) {
        px[i] &= 0xffffff;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Clamps to 0..255. */
  public static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
