package dev.datamgmt.augment.internal.cpu;

import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The CPU kernels of the neighbourhood and channel steps ({@link ImageSteps.Convolve}, {@link ImageSteps.MedianBlur},
 * {@link ImageSteps.Clahe}, {@link ImageSteps.ChannelMap}, {@link ImageSteps.MultiplicativeNoise}) on CHW float
 * images with values on {@code [0, 1]}. Not API.
 */
public final class FilterKernels {
  private FilterKernels() {}

  private static float clamp(float v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  /** {@code x} with every channel's rows and columns replicated by {@code r} pixels on each side. */
  private static float[] replicatePad(float[] x, int c, int h, int w, int r) {
    int hp = h + 2 * r, wp = w + 2 * r;
    float[] p = new float[c * hp * wp];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < hp; y++) {
        int sy = Math.min(h - 1, Math.max(0, y - r));
        int row = ch * hp * wp + y * wp, src = ch * h * w + sy * w;
        for (int xx = 0; xx < wp; xx++) {
          p[row + xx] = x[src + Math.min(w - 1, Math.max(0, xx - r))];
        }
      }
    }
    return p;
  }

  /** A value computed from the {@code size x size} window whose top-left sample is {@code p[origin]}. */
  private interface Window {
    float at(float[] p, int origin, int rowStride);
  }

  /** {@code f} over every window of the replicate-padded image, per channel. */
  private static float[] filter(float[] x, int c, int h, int w, int size, Window f) {
    int r = size / 2, hp = h + 2 * r, wp = w + 2 * r;
    float[] p = replicatePad(x, c, h, w, r);
    float[] out = new float[x.length];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          out[ch * h * w + y * w + xx] = f.at(p, ch * hp * wp + y * wp + xx, wp);
        }
      }
    }
    return out;
  }

  /**
   * Correlation with a {@code size x size} kernel, edges replicated, clamped; taps are summed in row-major kernel
   * order (the device backend sums in the same order).
   */
  public static float[] convolve(float[] x, int c, int h, int w, int size, float[] k) {
    return filter(x, c, h, w, size, (p, o, wp) -> {
      float s = 0;
      for (int ky = 0; ky < size; ky++) {
        for (int kx = 0; kx < size; kx++) {
          float wt = k[ky * size + kx];
          if (wt != 0) {
            s += p[o + ky * wp + kx] * wt;
          }
        }
      }
      return clamp(s);
    });
  }

  /** Per-channel median of the {@code size x size} window, edges replicated (OpenCV's medianBlur). */
  public static float[] median(float[] x, int c, int h, int w, int size) {
    float[] win = new float[size * size];
    return filter(x, c, h, w, size, (p, o, wp) -> {
      int n = 0;
      for (int ky = 0; ky < size; ky++) {
        for (int kx = 0; kx < size; kx++) {
          win[n++] = p[o + ky * wp + kx];
        }
      }
      Arrays.sort(win);
      return win[n / 2];
    });
  }

  /** Output channel {@code k} = input channel {@code order[k]} + {@code shift[k]}, clamped; other channel counts pass. */
  public static float[] channelMap(float[] x, int c, int plane, ImageSteps.ChannelMap m) {
    if (m.order().size() != c) {
      return x;
    }
    float[] out = new float[x.length];
    for (int k = 0; k < c; k++) {
      int src = m.order().get(k) * plane;
      float s = m.shift().get(k).floatValue();
      for (int i = 0; i < plane; i++) {
        out[k * plane + i] = clamp(x[src + i] + s);
      }
    }
    return out;
  }

  /** The factors of {@link ImageSteps.MultiplicativeNoise}: one per pixel, or one per value with perChannel. */
  public static float[] factorField(ImageSteps.MultiplicativeNoise m, int n) {
    SplittableRandom rng = new SplittableRandom(m.seed());
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (m.min() + (m.max() - m.min()) * rng.nextDouble());
    }
    return f;
  }

  /** {@code clamp(x * factor)} with the step's factor field. */
  public static float[] multiplicativeNoise(float[] x, int c, int plane, ImageSteps.MultiplicativeNoise m) {
    float[] f = factorField(m, m.perChannel() ? c * plane : plane);
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(x[i] * f[m.perChannel() ? i : i % plane]);
    }
    return x;
  }

  /**
   * CLAHE as OpenCV 4 computes it on 8-bit levels: per-tile histograms (the image padded by reflection to a
   * multiple of the tile grid), clipped at {@code max(1, (int) (clipLimit * tileArea / 256))} with the excess
   * spread evenly and its remainder stepwise, cumulative lookup tables, and bilinear interpolation between the
   * four nearest tile centres. On RGB the luma changes and every channel moves by the change.
   */
  public static float[] clahe(float[] x, int c, int h, int w, ImageSteps.Clahe step) {
    int plane = h * w;
    int[] level = new int[plane];
    for (int i = 0; i < plane; i++) {
      level[i] = c == 3
          ? (int) Math.rint(Raster.toByte(x[i]) * 0.299 + Raster.toByte(x[plane + i]) * 0.587
              + Raster.toByte(x[2 * plane + i]) * 0.114)
          : Raster.toByte(x[i]);
    }
    int[] eq = claheLevels(level, h, w, step.clipLimit(), step.tilesX(), step.tilesY());
    if (c == 3) {
      for (int ch = 0; ch < 3; ch++) {
        for (int i = 0; i < plane; i++) {
          x[ch * plane + i] = clamp(x[ch * plane + i] + (eq[i] - level[i]) / 255f);
        }
      }
    } else {
      for (int ch = 0; ch < c; ch++) {
        int[] lv = ch == 0 ? eq : claheLevels(levels(x, ch * plane, plane), h, w, step.clipLimit(), step.tilesX(),
            step.tilesY());
        for (int i = 0; i < plane; i++) {
          x[ch * plane + i] = lv[i] / 255f;
        }
      }
    }
    return x;
  }

  private static int[] levels(float[] x, int off, int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = Raster.toByte(x[off + i]);
    }
    return l;
  }

  /** OpenCV's CLAHE on one plane of 8-bit levels. */
  static int[] claheLevels(int[] src, int h, int w, double clip, int tx, int ty) {
    int hp = h % ty == 0 ? h : h + ty - h % ty, wp = w % tx == 0 ? w : w + tx - w % tx;
    int tw = wp / tx, th = hp / ty, area = tw * th;
    int limit = Math.max(1, (int) (clip * area / 256));
    float lutScale = 255.0f / area;
    int[][] lut = new int[tx * ty][256];
    for (int j = 0; j < ty; j++) {
      for (int i = 0; i < tx; i++) {
        int[] hist = new int[256];
        for (int y = j * th; y < (j + 1) * th; y++) {
          int sy = reflect101(y, h);
          for (int xx = i * tw; xx < (i + 1) * tw; xx++) {
            hist[src[sy * w + reflect101(xx, w)]]++;
          }
        }
        int clipped = 0;
        for (int k = 0; k < 256; k++) {
          if (hist[k] > limit) {
            clipped += hist[k] - limit;
            hist[k] = limit;
          }
        }
        int batch = clipped / 256, residual = clipped - batch * 256;
        for (int k = 0; k < 256; k++) {
          hist[k] += batch;
        }
        if (residual != 0) {
          int stepSize = Math.max(256 / residual, 1);
          for (int k = 0; k < 256 && residual > 0; k += stepSize, residual--) {
            hist[k]++;
          }
        }
        int sum = 0;
        int[] l = lut[j * tx + i];
        for (int k = 0; k < 256; k++) {
          sum += hist[k];
          l[k] = Math.min(255, (int) Math.rint(sum * lutScale));
        }
      }
    }
    int[] out = new int[h * w];
    float invW = 1.0f / tw, invH = 1.0f / th;
    for (int y = 0; y < h; y++) {
      float tyf = y * invH - 0.5f;
      int ty1 = (int) Math.floor(tyf), ty2 = ty1 + 1;
      float ya = tyf - ty1, ya1 = 1.0f - ya;
      ty1 = Math.max(ty1, 0);
      ty2 = Math.min(ty2, ty - 1);
      for (int xx = 0; xx < w; xx++) {
        float txf = xx * invW - 0.5f;
        int tx1 = (int) Math.floor(txf), tx2 = tx1 + 1;
        float xa = txf - tx1, xa1 = 1.0f - xa;
        tx1 = Math.max(tx1, 0);
        tx2 = Math.min(tx2, tx - 1);
        int v = src[y * w + xx];
        float res = (lut[ty1 * tx + tx1][v] * xa1 + lut[ty1 * tx + tx2][v] * xa) * ya1
            + (lut[ty2 * tx + tx1][v] * xa1 + lut[ty2 * tx + tx2][v] * xa) * ya;
        out[y * w + xx] = Math.max(0, Math.min(255, (int) Math.rint(res)));
      }
    }
    return out;
  }

  private static int reflect101(int i, int n) {
    if (n == 1) {
      return 0;
    }
    while (i < 0 || i >= n) {
      i = i < 0 ? -i : 2 * n - 2 - i;
    }
    return i;
  }

  /**
   * Albumentations' ISO noise on an RGB image (other channel counts pass): in HLS (OpenCV's float convention,
   * hue in degrees), hue plus Gaussian noise of {@code colorShift * 360 * intensity} degrees and lightness pulled
   * towards 1 by Poisson noise of mean {@code std(L) * intensity * 255} (in 1/255 steps), per pixel from
   * {@code seed}.
   */
  public static float[] isoNoise(float[] x, int c, int plane, ImageSteps.IsoNoise step) {
    if (c != 3) {
      return x;
    }
    float[] hue = new float[plane], light = new float[plane], sat = new float[plane];
    double sum = 0, sq = 0;
    for (int i = 0; i < plane; i++) {
      float r = x[i], g = x[plane + i], b = x[2 * plane + i];
      float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), l = (max + min) / 2;
      float h = 0, s = 0;
      if (max > min) {
        float d = max - min;
        s = l < 0.5f ? d / (max + min) : d / (2 - max - min);
        h = max == r ? 60 * (g - b) / d : max == g ? 120 + 60 * (b - r) / d : 240 + 60 * (r - g) / d;
        h = h < 0 ? h + 360 : h;
      }
      hue[i] = h;
      light[i] = l;
      sat[i] = s;
      sum += l;
      sq += l * (double) l;
    }
    double std = Math.sqrt(Math.max(0, sq / plane - (sum / plane) * (sum / plane)));
    double lambda = std * step.intensity() * 255, sigma = step.colorShift() * 360 * step.intensity();
    SplittableRandom rng = new SplittableRandom(step.seed());
    for (int i = 0; i < plane; i++) {
      double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
      float h = hue[i] + (float) (sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
      h = h < 0 ? h + 360 : (h > 360 ? h - 360 : h);
      float l = light[i] + (float) (poisson(rng, lambda) / 255.0) * (1 - light[i]);
      float s = sat[i];
      float q = l < 0.5f ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
      x[i] = clamp(hueToRgb(p, q, h + 120));
      x[plane + i] = clamp(hueToRgb(p, q, h));
      x[2 * plane + i] = clamp(hueToRgb(p, q, h - 120));
    }
    return x;
  }

  private static float hueToRgb(float p, float q, float h) {
    h = h < 0 ? h + 360 : (h >= 360 ? h - 360 : h);
    if (h < 60) {
      return p + (q - p) * h / 60;
    } else if (h < 180) {
      return q;
    } else if (h < 240) {
      return p + (q - p) * (240 - h) / 60;
    }
    return p;
  }

  /** A Poisson draw of mean {@code lambda}: Knuth's product method below 30, a rounded normal above. */
  private static int poisson(SplittableRandom rng, double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda >= 30) {
      double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
      double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
    }
    double limit = Math.exp(-lambda), prod = rng.nextDouble();
    int k = 0;
    while (prod > limit) {
      prod *= rng.nextDouble();
      k++;
    }
    return k;
  }
}
