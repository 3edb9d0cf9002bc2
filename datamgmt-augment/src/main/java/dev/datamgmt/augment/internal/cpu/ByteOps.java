package dev.datamgmt.augment.internal.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.image.ImagePlan;
import java.util.List;

/**
 * 8-bit kernels of the uint8 policy path (see {@code ImagePlan.bytePolicyPath}) on planar images (CHW bytes): the
 * bilinear affine warp in OpenCV's fixed point ({@code cv2.warpAffine} with {@code INTER_LINEAR}: positions in
 * 1/32 pixel, 15-bit weights, rounded), the nearest warp as the float kernel picks its pixels, and torchvision's
 * uint8 tensor ops of the auto-augment policies (brightness, colour, contrast, sharpness, posterize, solarize,
 * autocontrast, equalize, invert) with torchvision 0.14's float32 arithmetic, clamp and truncation, most through
 * 256-entry tables built per sample. Not API.
 */
public final class ByteOps {
  private ByteOps() {}

  /** OpenCV's {@code INTER_BITS}: positions in 1/32 pixel. */
  private static final int INTER_BITS = 5, INTER_TAB = 1 << INTER_BITS;
  /** OpenCV's {@code AB_BITS} of warpAffine: the matrix in 1/1024. */
  private static final int AB_BITS = 10;
  private static final double AB_SCALE = 1 << AB_BITS;
  /** OpenCV's {@code INTER_REMAP_COEF_BITS}. */
  private static final int COEF_BITS = 15;
  /** torchvision 0.14's grey weights for uint8 ({@code rgb_to_grayscale}). */
  private static final float TV_R = 0.2989f, TV_G = 0.587f, TV_B = 0.114f;

  /**
   * OpenCV's fixed-point bilinear weights ({@code initInterTab2D(INTER_LINEAR, true)}) for the fraction pair
   * {@code (fy, fx)} at index {@code (fy * 32 + fx) * 4}: taps (x, y), (x+1, y), (x, y+1), (x+1, y+1); products of
   * {@code 1 - k/32} and {@code k/32} scaled by 2^15 and rounded, the sum corrected to exactly 2^15.
   */
  static final int[] WTAB = new int[INTER_TAB * INTER_TAB * 4];

  static {
    for (int fy = 0; fy < INTER_TAB; fy++) {
      for (int fx = 0; fx < INTER_TAB; fx++) {
        float vy = fy * (1f / INTER_TAB), vx = fx * (1f / INTER_TAB);
        float[] t = {(1f - vy) * (1f - vx), (1f - vy) * vx, vy * (1f - vx), vy * vx};
        int k0 = (fy * INTER_TAB + fx) * 4, sum = 0;
        for (int k = 0; k < 4; k++) {
          WTAB[k0 + k] = (int) Math.rint(t[k] * (1 << COEF_BITS));
          sum += WTAB[k0 + k];
        }
        // Exact products of multiples of 1/32 always sum to 2^15; kept as OpenCV checks it.
        if (sum != 1 << COEF_BITS) {
          throw new AssertionError("weights of " + fy + "," + fx + " sum to " + sum);
        }
      }
    }
  }

  /** {@code saturate_cast<int>(double)}: rounded half to even, clamped to the int range. */
  private static int cvRound(double v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(v)));
  }

  /**
   * The OpenCV index-coordinate matrix {@code [A B C; D E F]} of a warp whose inverse (output to input, in pixel
   * coordinates with centres at +0.5) is {@code inv}: input index = M * output index.
   */
  static double[] indexMatrix(double[] inv) {
    return new double[] {inv[0], inv[1], inv[0] * 0.5 + inv[1] * 0.5 + inv[2] - 0.5,
        inv[3], inv[4], inv[3] * 0.5 + inv[4] * 0.5 + inv[5] - 0.5};
  }

  /**
   * Bilinear affine warp of bytes as {@code cv2.warpAffine(src, M, (ow, oh), flags=INTER_LINEAR | WARP_INVERSE_MAP,
   * borderMode=BORDER_CONSTANT, borderValue=fill)} computes it, {@code M} the index matrix of {@code inv}: the source
   * position of output pixel {@code (x, y)} in 1/1024 ({@code round(M0 x 1024)} plus {@code round((M1 y + M2) 1024)}
   * plus 16), shifted to 1/32; the four taps weighted by {@link #WTAB}; {@code (sum + 2^14) >> 15}. Taps outside read
   * {@code fill}.
   *
   * @param inv the inverse matrix (3x3 row-major, affine: last row 0 0 1)
   */
  public static byte[] warpBilinear(byte[] src, int c, int h, int w, int oh, int ow, double[] inv, byte fill) {
    return warpBilinear(src, c, h, w, oh, ow, inv, fill, true, new byte[c * oh * ow]);
  }

  /** {@link #warpBilinear}; {@code scaleTables} false forces the per-pixel kernel (tests compare the two). */
  static byte[] warpBilinear(byte[] src, int c, int h, int w, int oh, int ow, double[] inv, byte fill,
      boolean scaleTables) {
    return warpBilinear(src, c, h, w, oh, ow, inv, fill, scaleTables, new byte[c * oh * ow]);
  }

  /** {@link #warpBilinear} into {@code dst} (at least {@code c * oh * ow} long; every output byte is written). */
  private static byte[] warpBilinear(byte[] src, int c, int h, int w, int oh, int ow, double[] inv, byte fill,
      boolean scaleTables, byte[] dst) {
    double[] m = indexMatrix(inv);
    int plane = h * w, oplane = oh * ow;
    int[] adelta = new int[ow], bdelta = new int[ow];
    for (int x = 0; x < ow; x++) {
      adelta[x] = cvRound(m[0] * x * AB_SCALE);
      bdelta[x] = cvRound(m[3] * x * AB_SCALE);
    }
    final int roundDelta = (1 << AB_BITS) / INTER_TAB / 2;
    final int shift = AB_BITS - INTER_BITS;
    if (scaleTables && m[1] == 0 && m[3] == 0) {
      scaleBilinear(src, c, h, w, dst, oh, ow, m, adelta, fill);
      return dst;
    }
    int fv = fill & 0xFF;
    for (int y = 0; y < oh; y++) {
      int x0 = cvRound((m[1] * y + m[2]) * AB_SCALE) + roundDelta;
      int y0 = cvRound((m[4] * y + m[5]) * AB_SCALE) + roundDelta;
      for (int x = 0; x < ow; x++) {
        int xx = (x0 + adelta[x]) >> shift, yy = (y0 + bdelta[x]) >> shift;
        tap(src, c, h, w, plane, dst, oplane, y * ow + x, xx >> INTER_BITS, yy >> INTER_BITS,
            ((yy & (INTER_TAB - 1)) * INTER_TAB + (xx & (INTER_TAB - 1))) * 4, fv);
      }
    }
    return dst;
  }

  /** One output pixel of the fixed-point bilinear warp: taps at {@code (sx, sy)} with weights at {@code wi}. */
  private static void tap(byte[] src, int c, int h, int w, int plane, byte[] dst, int oplane, int o, int sx, int sy,
      int wi, int fill) {
    int w0 = WTAB[wi], w1 = WTAB[wi + 1], w2 = WTAB[wi + 2], w3 = WTAB[wi + 3];
    final int half = 1 << (COEF_BITS - 1);
    if (sx >= 0 && sy >= 0 && sx < w - 1 && sy < h - 1) {
      for (int ch = 0; ch < c; ch++) {
        int j = ch * plane + sy * w + sx;
        int s = (src[j] & 0xFF) * w0 + (src[j + 1] & 0xFF) * w1 + (src[j + w] & 0xFF) * w2
            + (src[j + w + 1] & 0xFF) * w3;
        dst[ch * oplane + o] = (byte) sat((s + half) >> COEF_BITS);
      }
      return;
    }
    if (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0) {
      for (int ch = 0; ch < c; ch++) {
        dst[ch * oplane + o] = (byte) fill;
      }
      return;
    }
    boolean x0in = sx >= 0 && sx < w, x1in = sx + 1 >= 0 && sx + 1 < w;
    boolean y0in = sy >= 0 && sy < h, y1in = sy + 1 >= 0 && sy + 1 < h;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      int v0 = x0in && y0in ? src[base + sy * w + sx] & 0xFF : fill;
      int v1 = x1in && y0in ? src[base + sy * w + sx + 1] & 0xFF : fill;
      int v2 = x0in && y1in ? src[base + (sy + 1) * w + sx] & 0xFF : fill;
      int v3 = x1in && y1in ? src[base + (sy + 1) * w + sx + 1] & 0xFF : fill;
      dst[ch * oplane + o] = (byte) sat((v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3 + half) >> COEF_BITS);
    }
  }

  private static int sat(int v) {
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }

  /**
   * {@link #warpBilinear} for a matrix without rotation or shear (resized crops, flips): the column positions are
   * the same on every row and the row position the same along a row, and OpenCV's weights are exact products
   * ({@code (32 - fx)(32 - fy) 32} ...), so each interior output is {@code ((32 - fy) h0 + fy h1 + 512) >> 10} with
   * {@code h = (32 - fx) S(x) + fx S(x + 1)}: the same integer as the four-tap sum, computed row by row.
   */
  private static void scaleBilinear(byte[] src, int c, int h, int w, byte[] dst, int oh, int ow, double[] m,
      int[] adelta, byte fill) {
    final int roundDelta = (1 << AB_BITS) / INTER_TAB / 2;
    final int shift = AB_BITS - INTER_BITS;
    int plane = h * w, oplane = oh * ow, fv = fill & 0xFF;
    int x0 = cvRound(m[2] * AB_SCALE) + roundDelta;
    int[] sxs = new int[ow], fxs = new int[ow];
    int uLo = ow, uHi = 0;
    for (int x = 0; x < ow; x++) {
      int xx = (x0 + adelta[x]) >> shift;
      sxs[x] = xx >> INTER_BITS;
      fxs[x] = xx & (INTER_TAB - 1);
      if (sxs[x] >= 0 && sxs[x] < w - 1) {
        uLo = Math.min(uLo, x);
        uHi = Math.max(uHi, x + 1);
      }
    }
    // Interior columns form one run when the scale is positive or negative alike; check it.
    boolean run = uLo < uHi;
    for (int x = uLo; run && x < uHi; x++) {
      run = sxs[x] >= 0 && sxs[x] < w - 1;
    }
    if (!run) {
      uLo = 0;
      uHi = 0;
    }
    // Horizontal interpolations of the two source rows of the current output row, per channel; consecutive output
    // rows mostly read the same or the next source row (resized crops scale up), so rows are reused, not redone.
    int[][] h0 = new int[c][ow], h1 = new int[c][ow];
    int[] row = new int[ow];
    int cached = Integer.MIN_VALUE;
    for (int y = 0; y < oh; y++) {
      int yy = (cvRound((m[4] * y + m[5]) * AB_SCALE) + roundDelta) >> shift;
      int sy = yy >> INTER_BITS, fy = yy & (INTER_TAB - 1);
      int o = y * ow;
      if (sy < 0 || sy >= h - 1) {
        for (int x = 0; x < ow; x++) {
          tap(src, c, h, w, plane, dst, oplane, o + x, sxs[x], sy, (fy * INTER_TAB + fxs[x]) * 4, fv);
        }
        continue;
      }
      for (int x = 0; x < uLo; x++) {
        tap(src, c, h, w, plane, dst, oplane, o + x, sxs[x], sy, (fy * INTER_TAB + fxs[x]) * 4, fv);
      }
      for (int x = uHi; x < ow; x++) {
        tap(src, c, h, w, plane, dst, oplane, o + x, sxs[x], sy, (fy * INTER_TAB + fxs[x]) * 4, fv);
      }
      if (sy != cached) {
        if (sy == cached + 1) {
          int[][] t = h0;
          h0 = h1;
          h1 = t;
        } else {
          horizontal(src, c, plane, sy * w, sxs, fxs, uLo, uHi, h0);
        }
        horizontal(src, c, plane, (sy + 1) * w, sxs, fxs, uLo, uHi, h1);
        cached = sy;
      }
      int gy = INTER_TAB - fy;
      for (int ch = 0; ch < c; ch++) {
        int[] a = h0[ch], b = h1[ch];
        int od = ch * oplane + o;
        // Two loops: the int one vectorizes (C2 does not vectorize an int expression stored as bytes), the copy too.
        for (int x = uLo; x < uHi; x++) {
          row[x] = (gy * a[x] + fy * b[x] + 512) >> 10;
        }
        for (int x = uLo; x < uHi; x++) {
          dst[od + x] = (byte) row[x];
        }
      }
    }
  }

  /**
   * {@code out[ch][x] = (32 - fx) S(sx) + fx S(sx + 1)} for columns {@code [x0, x1)} of source row {@code row} (an
   * offset within the plane) of every channel; RGB in one loop, sharing the column tables.
   */
  private static void horizontal(byte[] src, int c, int plane, int row, int[] sxs, int[] fxs, int x0, int x1,
      int[][] out) {
    if (c == 3) {
      int[] o0 = out[0], o1 = out[1], o2 = out[2];
      int r0 = row, r1 = plane + row, r2 = 2 * plane + row;
      for (int x = x0; x < x1; x++) {
        int sx = sxs[x], fx = fxs[x];
        int a = src[r0 + sx] & 0xFF, b = src[r0 + sx + 1] & 0xFF;
        o0[x] = (a << INTER_BITS) + fx * (b - a);
        a = src[r1 + sx] & 0xFF;
        b = src[r1 + sx + 1] & 0xFF;
        o1[x] = (a << INTER_BITS) + fx * (b - a);
        a = src[r2 + sx] & 0xFF;
        b = src[r2 + sx + 1] & 0xFF;
        o2[x] = (a << INTER_BITS) + fx * (b - a);
      }
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      int[] o = out[ch];
      int r = ch * plane + row;
      for (int x = x0; x < x1; x++) {
        int j = r + sxs[x], fx = fxs[x];
        int a = src[j] & 0xFF, b = src[j + 1] & 0xFF;
        o[x] = (a << INTER_BITS) + fx * (b - a);
      }
    }
  }

  /**
   * Nearest-neighbour warp of bytes choosing exactly the pixels the float kernel chooses
   * ({@code CpuKernels.warpRows}: {@code floor(inv * (u + 0.5, v + 0.5) - 0.5 + 0.5)} in double), so on bytes it
   * is the float path's result; outside reads {@code fill}.
   */
  public static byte[] warpNearest(byte[] src, int c, int h, int w, int oh, int ow, double[] inv, byte fill) {
    return warpNearest(src, c, h, w, oh, ow, inv, fill, new byte[c * oh * ow]);
  }

  /** {@link #warpNearest} into {@code dst} (at least {@code c * oh * ow} long; every output byte is written). */
  private static byte[] warpNearest(byte[] src, int c, int h, int w, int oh, int ow, double[] inv, byte fill,
      byte[] dst) {
    int plane = h * w, oplane = oh * ow;
    boolean affine = inv[6] == 0 && inv[7] == 0 && inv[8] == 1;
    // The products of the column terms are the same on every row: one table each (the same doubles).
    double[] ax = new double[ow], dx = new double[ow];
    for (int u = 0; u < ow; u++) {
      ax[u] = inv[0] * (u + 0.5);
      dx[u] = inv[3] * (u + 0.5);
    }
    int[] idx = new int[ow];
    double[] tx = new double[ow], ty = new double[ow];
    for (int v = 0; v < oh; v++) {
      double py = v + 0.5;
      double by = inv[1] * py, ey = inv[4] * py;
      if (affine) {
        // Split into loops the JIT vectorizes: positions and floors in doubles, then the indices.
        double c2 = inv[2], c5 = inv[5];
        for (int u = 0; u < ow; u++) {
          tx[u] = Math.floor(ax[u] + by + c2 - 0.5 + 0.5);
          ty[u] = Math.floor(dx[u] + ey + c5 - 0.5 + 0.5);
        }
        for (int u = 0; u < ow; u++) {
          double x = tx[u], y = ty[u];
          idx[u] = x >= 0 && y >= 0 && x < w && y < h ? (int) y * w + (int) x : -1;
        }
      } else {
        for (int u = 0; u < ow; u++) {
          double px = u + 0.5;
          double z = inv[6] * px + inv[7] * py + inv[8];
          double sx = (inv[0] * px + inv[1] * py + inv[2]) / z;
          double sy = (inv[3] * px + inv[4] * py + inv[5]) / z;
          int x = floor(sx - 0.5 + 0.5), y = floor(sy - 0.5 + 0.5);
          idx[u] = x >= 0 && y >= 0 && x < w && y < h ? y * w + x : -1;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        int base = ch * plane, o = ch * oplane + v * ow;
        for (int u = 0; u < ow; u++) {
          int j = idx[u];
          dst[o + u] = j < 0 ? fill : src[base + j];
        }
      }
    }
    return dst;
  }

  /** {@code (int) Math.floor(v)} for {@code |v| < 2^31} (NaN gives 0), without the library call. */
  private static int floor(double v) {
    int i = (int) v;
    return v < i ? i - 1 : i;
  }

  /** Applies the 256-entry table {@code lut} to channel {@code ch} of {@code x} in place. */
  private static void lut(byte[] x, int from, int to, byte[] lut) {
    for (int i = from; i < to; i++) {
      x[i] = lut[x[i] & 0xFF];
    }
  }

  /** torchvision's {@code _blend(v, other, f)} on uint8: {@code (f v + (1 - f) other)} in float32, clamped, truncated. */
  private static int blend(float f, float g, int v, float other) {
    float s = f * v + g * other;
    return (int) Math.max(0f, Math.min(255f, s));
  }

  /** The blend weights {@code (float) f} and {@code (float) (1 - f)} as torchvision forms them from a double. */
  private static float[] weights(double f) {
    return new float[] {(float) f, (float) (1.0 - f)};
  }

  /** torchvision's {@code adjust_brightness} on uint8: {@code _blend(x, 0, f)}, one table. */
  public static void brightness(byte[] x, double factor) {
    lut(x, 0, x.length, brightnessTable(factor));
  }

  static byte[] brightnessTable(double factor) {
    float[] fw = weights(factor);
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) blend(fw[0], fw[1], v, 0f);
    }
    return t;
  }

  /** torchvision's uint8 grey level: {@code (0.2989 r + 0.587 g + 0.114 b)} in float32, truncated. */
  private static int gray(int r, int g, int b) {
    return (int) (GR[r] + GG[g] + GB[b]);
  }

  /** The products {@code 0.2989f * v}, {@code 0.587f * v}, {@code 0.114f * v} of {@link #gray} (the same floats). */
  private static final float[] GR = new float[256], GG = new float[256], GB = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      GR[v] = TV_R * v;
      GG[v] = TV_G * v;
      GB[v] = TV_B * v;
    }
  }

  /**
   * torchvision's {@code adjust_contrast} on uint8 RGB: the mean of the truncated grey image (summed exactly;
   * float32 sums of integers below 2^24 are exact too) in float32, then {@code _blend(x, mean, f)}, one table.
   */
  public static void contrast(byte[] x, int c, int plane, double factor) {
    long sum = 0;
    if (c == 3) {
      for (int i = 0; i < plane; i++) {
        sum += gray(x[i] & 0xFF, x[plane + i] & 0xFF, x[2 * plane + i] & 0xFF);
      }
    } else {
      for (int i = 0; i < c * plane; i++) {
        sum += x[i] & 0xFF;
      }
    }
    lut(x, 0, x.length, contrastTable(sum, c == 3 ? plane : (long) c * plane, factor));
  }

  /** Contrast's table for the grey sum {@code sum} over {@code n} values. */
  static byte[] contrastTable(long sum, long n, double factor) {
    float mean = (float) sum / (float) n;
    float[] fw = weights(factor);
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) blend(fw[0], fw[1], v, mean);
    }
    return t;
  }

  /** torchvision's {@code adjust_saturation} on uint8 RGB: {@code _blend(x, grey(x), f)}; grey images unchanged. */
  public static void saturation(byte[] x, int c, int plane, double factor) {
    if (c != 3) {
      return;
    }
    float[] fw = weights(factor);
    float f = fw[0], g = fw[1];
    float[] fv = new float[256], gv = new float[256];
    for (int v = 0; v < 256; v++) {
      fv[v] = f * v;
      gv[v] = g * v;
    }
    for (int i = 0; i < plane; i++) {
      int r = x[i] & 0xFF, gg = x[plane + i] & 0xFF, b = x[2 * plane + i] & 0xFF;
      float k = gv[gray(r, gg, b)];
      x[i] = (byte) (int) Math.max(0f, Math.min(255f, fv[r] + k));
      x[plane + i] = (byte) (int) Math.max(0f, Math.min(255f, fv[gg] + k));
      x[2 * plane + i] = (byte) (int) Math.max(0f, Math.min(255f, fv[b] + k));
    }
  }

  /**
   * torchvision's {@code adjust_sharpness} on uint8: the interior smoothed with {@code [[1,1,1],[1,5,1],[1,1,1]] /
   * 13} and rounded ({@code round(S / 13)} for the integer tap sum {@code S} is {@code (S + 6) / 13}: S / 13 is never
   * a half), the border kept, then {@code _blend(x, smooth, f)} on every pixel.
   */
  public static void sharpness(byte[] x, int c, int h, int w, double factor) {
    float[] fw = weights(factor);
    float[] fv = new float[256], gv = new float[256];
    for (int v = 0; v < 256; v++) {
      fv[v] = fw[0] * v;
      gv[v] = fw[1] * v;
    }
    int plane = h * w;
    byte[] same = new byte[256];
    for (int v = 0; v < 256; v++) {
      same[v] = (byte) (int) Math.max(0f, Math.min(255f, fv[v] + gv[v]));
    }
    float f0 = fw[0], f1 = fw[1];
    // Rows as ints (previous, current and next original row), column sums, smoothed values, results: each loop
    // one type, so the JIT vectorizes the arithmetic.
    int[] prev = new int[w], cur = new int[w], next = new int[w], col = new int[w], out = new int[w];
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      if (h < 3 || w < 3) {
        lut(x, base, base + plane, same);
        continue;
      }
      widen(x, base, prev, w);
      widen(x, base + w, cur, w);
      lut(x, base, base + w, same);
      for (int y = 1; y < h - 1; y++) {
        int r = base + y * w;
        widen(x, r + w, next, w);
        for (int xx = 0; xx < w; xx++) {
          col[xx] = prev[xx] + cur[xx] + next[xx];
        }
        // round(S / 13) = (S + 6) / 13 for the integer 3x3 sum S (S / 13 is never a half); S + 6 <= 3321, where
        // (n * 5042) >> 16 is n / 13 (checked for every n in the static block).
        for (int xx = 1; xx < w - 1; xx++) {
          int d = ((col[xx - 1] + col[xx] + col[xx + 1] + 4 * cur[xx] + 6) * DIV13) >> 16;
          out[xx] = (int) Math.max(0f, Math.min(255f, f0 * cur[xx] + f1 * d));
        }
        x[r] = same[cur[0]];
        for (int xx = 1; xx < w - 1; xx++) {
          x[r + xx] = (byte) out[xx];
        }
        x[r + w - 1] = same[cur[w - 1]];
        int[] t = prev;
        prev = cur;
        cur = next;
        next = t;
      }
      lut(x, base + (h - 1) * w, base + plane, same);
    }
  }

  /** {@code n / 13 == (n * DIV13) >> 16} for {@code 0 <= n <= 13 * 255 + 6}. */
  private static final int DIV13 = 5042;

  static {
    for (int n = 0; n <= 13 * 255 + 6; n++) {
      if ((n * DIV13) >> 16 != n / 13) {
        throw new AssertionError("division by 13 at " + n);
      }
    }
  }

  /** {@code out[i] = x[from + i] & 0xFF} for {@code i < n}. */
  private static void widen(byte[] x, int from, int[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = x[from + i] & 0xFF;
    }
  }

  /** torchvision's posterize on uint8: {@code x & mask} of the top {@code bits} bits. */
  public static void posterize(byte[] x, int bits) {
    lut(x, 0, x.length, posterizeTable(bits));
  }

  static byte[] posterizeTable(int bits) {
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (v & (0xFF << (8 - bits)));
    }
    return t;
  }

  /**
   * torchvision's solarize on uint8: {@code 255 - x} where {@code x >= threshold * 255} (the threshold on the
   * {@code [0, 1]} scale of the step; within 1e-6 of a level counts as that level).
   */
  public static void solarize(byte[] x, double threshold) {
    lut(x, 0, x.length, solarizeTable(threshold));
  }

  static byte[] solarizeTable(double threshold) {
    double t = threshold * 255 - 1e-6;
    byte[] lut = new byte[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = (byte) (v >= t ? 255 - v : v);
    }
    return lut;
  }

  /** torchvision's invert on uint8: {@code 255 - x}. */
  public static void invert(byte[] x) {
    lut(x, 0, x.length, invertTable());
  }

  static byte[] invertTable() {
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (255 - v);
    }
    return t;
  }

  /**
   * torchvision's autocontrast on uint8, per channel: {@code ((x - min) * (255 / (max - min)))} in float32,
   * clamped, truncated; a constant channel is unchanged.
   */
  public static void autoContrast(byte[] x, int c, int plane) {
    for (int ch = 0; ch < c; ch++) {
      lut(x, ch * plane, (ch + 1) * plane, autoContrastTable(histogram(x, ch * plane, plane)));
    }
  }

  private static int[] histogram(byte[] x, int from, int n) {
    int[] hist = new int[256];
    for (int i = from; i < from + n; i++) {
      hist[x[i] & 0xFF]++;
    }
    return hist;
  }

  /** Autocontrast's table for a channel with histogram {@code hist} (identity for a constant channel). */
  static byte[] autoContrastTable(int[] hist) {
    int lo = 0, hi = 255;
    while (lo < 255 && hist[lo] == 0) {
      lo++;
    }
    while (hi > 0 && hist[hi] == 0) {
      hi--;
    }
    if (hi <= lo) {
      return IDENTITY;
    }
    float scale = 255f / (float) (hi - lo);
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (int) Math.max(0f, Math.min(255f, (v - (float) lo) * scale));
    }
    return t;
  }

  /**
   * torchvision's equalize on uint8, per channel (integer arithmetic, the same as the float path's
   * {@code CpuKernels.equalize} on the lattice).
   */
  public static void equalize(byte[] x, int c, int plane) {
    for (int ch = 0; ch < c; ch++) {
      lut(x, ch * plane, (ch + 1) * plane, equalizeTable(histogram(x, ch * plane, plane), plane));
    }
  }

  /** Equalize's table for a channel of {@code n} values with histogram {@code hist}. */
  static byte[] equalizeTable(int[] hist, int n) {
    int last = 255;
    while (last > 0 && hist[last] == 0) {
      last--;
    }
    int step = (n - hist[last]) / 255;
    if (step == 0) {
      return IDENTITY;
    }
    byte[] t = new byte[256];
    int cum = step / 2;
    for (int k = 0; k < 256; k++) {
      t[k] = (byte) Math.min(255, cum / step);
      cum += hist[k];
    }
    return t;
  }

  /**
   * The float path's normalize of bytes: {@code (v / 255 - mean) / std} with the float kernels' arithmetic
   * ({@code (v * (1f / 255f) - mean) * (1f / std)}), from one 256-entry table per channel.
   *
   * @param invStd per channel {@code 1f / std}
   */
  public static float[] normalize(byte[] x, int c, int plane, float[] mean, float[] invStd) {
    float[] out = new float[x.length];
    float[] t = new float[256];
    for (int ch = 0; ch < c; ch++) {
      for (int v = 0; v < 256; v++) {
        t[v] = (v * (1f / 255f) - mean[ch]) * invStd[ch];
      }
      for (int i = ch * plane, e = i + plane; i < e; i++) {
        out[i] = t[x[i] & 0xFF];
      }
    }
    return out;
  }

  /**
   * Runs a plan that {@code ImagePlan.bytePolicyPath} accepted on the uint8 image {@code src} (CHW): an uint8 raster,
   * or a float raster when the plan ends with a normalize (its channel count already checked by the caller).
   *
   * <p>Runs of table ops (brightness, contrast, posterize, solarize, autocontrast, equalize, invert) are composed
   * into one pending table per channel and applied in one pass, or folded into the normalize table at the end:
   * the statistics the next op needs (contrast's grey sum, equalize's histogram, autocontrast's range) are taken of
   * the image as the pending tables leave it, so the bytes are those of running the ops one by one.
   */
  public static Raster run(byte[] src, int c, int h, int w, List<Step> plan) {
    Pending p = new Pending(src, c, h * w);
    // Warp outputs go to this thread's two scratch buffers in turn (intermediates, not the result): two image
    // allocations fewer per sample. -1: x is not a scratch buffer.
    int slot = -1;
    for (Step s : plan) {
      if (s instanceof ImageSteps.Warp warp) {
        byte[] x = p.flush();
        double[] inv = Homography.invert(warp.matrix());
        byte fill = ByteKernels.fillByte(warp.fill());
        int oh = warp.outHeight(), ow = warp.outWidth();
        if (ImagePlan.isLatticeWarp(warp)) {
          // A copy (integer shift, flip, quarter turn): bilinear in OpenCV's fixed point and nearest copy too.
          x = ByteKernels.latticeWarp(x, c, h, w, warp.matrix(), oh, ow, fill, BorderMode.CONSTANT);
        } else {
          slot = slot == 0 ? 1 : 0;
          byte[] dst = scratch(slot, c * oh * ow);
          x = warp.interpolation() == Interpolation.BILINEAR ? warpBilinear(x, c, h, w, oh, ow, inv, fill, true, dst)
              : warpNearest(x, c, h, w, oh, ow, inv, fill, dst);
        }
        if (ImagePlan.isLatticeWarp(warp)) {
          slot = -1;
        }
        h = oh;
        w = ow;
        p = new Pending(x, c, h * w);
        p.owned = true;
        continue;
      }
      int plane = h * w;
      if (s instanceof ImageSteps.Uint8Arithmetic) {
        continue;
      } else if (s instanceof ImageSteps.Normalize nz) {
        return Raster.wrapFloat(c, h, w, p.normalize(nz.meanValues(), nz.inverseStdValues()));
      } else if (s instanceof ImageSteps.Brightness b) {
        p.then(brightnessTable(b.factor()));
      } else if (s instanceof ImageSteps.Contrast k) {
        p.then(contrastTable(p.graySum(), c == 3 ? plane : (long) c * plane, k.factor()));
      } else if (s instanceof ImageSteps.Posterize ps) {
        p.then(posterizeTable(ps.bits()));
      } else if (s instanceof ImageSteps.Solarize so) {
        p.then(solarizeTable(so.threshold()));
      } else if (s instanceof ImageSteps.Invert) {
        p.then(invertTable());
      } else if (s instanceof ImageSteps.AutoContrast) {
        int[][] hist = p.histograms();
        byte[][] t = new byte[c][];
        for (int ch = 0; ch < c; ch++) {
          t[ch] = autoContrastTable(hist[ch]);
        }
        p.then(t);
      } else if (s instanceof ImageSteps.Equalize) {
        int[][] hist = p.histograms();
        byte[][] t = new byte[c][];
        for (int ch = 0; ch < c; ch++) {
          t[ch] = equalizeTable(hist[ch], plane);
        }
        p.then(t);
      } else if (s instanceof ImageSteps.Saturation sat) {
        saturation(p.flushOwned(), c, plane, sat.factor());
        p.changed();
      } else if (s instanceof ImageSteps.Sharpness sh) {
        sharpness(p.flushOwned(), c, h, w, sh.factor());
        p.changed();
      } else {
        throw new IllegalArgumentException("the 8-bit policy path cannot run step " + s);
      }
    }
    byte[] x = p.flush();
    int n = c * h * w;
    return Raster.wrapUint8(c, h, w, p.owned && slot < 0 && x.length == n ? x : java.util.Arrays.copyOf(x, n));
  }

  /** Largest scratch buffer kept per thread (bytes): larger images allocate their intermediates. */
  private static final int SCRATCH_MAX = 1 << 22;
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2][0]);

  /** This thread's scratch buffer {@code slot} with room for {@code n} bytes. */
  private static byte[] scratch(int slot, int n) {
    if (n > SCRATCH_MAX) {
      return new byte[n];
    }
    byte[][] s = SCRATCH.get();
    if (s[slot].length < n) {
      s[slot] = new byte[n];
    }
    return s[slot];
  }

  /**
   * An image with per-channel tables not yet applied: {@code current[ch][v] = table[ch][x[ch][v]]} (no table:
   * identity). Histograms of {@code x} are counted once while it does not change.
   */
  private static final class Pending {
    private byte[] x;
    private final int c;
    private final int plane;
    private byte[][] table;
    private int[][] rawHist;
    boolean owned;

    Pending(byte[] x, int c, int plane) {
      this.x = x;
      this.c = c;
      this.plane = plane;
    }

    /** Composes per-channel tables {@code t} after the pending ones. */
    void then(byte[][] t) {
      if (table == null) {
        table = t;
        return;
      }
      byte[][] out = new byte[c][256];
      for (int ch = 0; ch < c; ch++) {
        byte[] a = table[ch], b = t[ch];
        for (int v = 0; v < 256; v++) {
          out[ch][v] = b[a[v] & 0xFF];
        }
      }
      table = out;
    }

    /** Composes one table for all channels after the pending ones. */
    void then(byte[] t) {
      byte[][] all = new byte[c][];
      java.util.Arrays.fill(all, t);
      then(all);
    }

    /** The image with the pending tables applied (a new array unless none is pending). */
    byte[] flush() {
      if (table != null) {
        byte[] out = owned ? x : new byte[x.length];
        for (int ch = 0; ch < c; ch++) {
          byte[] t = table[ch];
          for (int i = ch * plane, e = i + plane; i < e; i++) {
            out[i] = t[x[i] & 0xFF];
          }
        }
        x = out;
        owned = true;
        table = null;
        rawHist = null;
      }
      return x;
    }

    /** {@link #flush()}, as an array this image owns (to change in place). */
    byte[] flushOwned() {
      flush();
      if (!owned) {
        x = x.clone();
        owned = true;
      }
      return x;
    }

    /** Marks {@code x} as changed in place. */
    void changed() {
      rawHist = null;
    }

    /** Per-channel histograms of the current image. */
    int[][] histograms() {
      if (rawHist == null) {
        rawHist = new int[c][256];
        for (int ch = 0; ch < c; ch++) {
          int[] hh = rawHist[ch];
          for (int i = ch * plane, e = i + plane; i < e; i++) {
            hh[x[i] & 0xFF]++;
          }
        }
      }
      if (table == null) {
        return rawHist;
      }
      int[][] out = new int[c][256];
      for (int ch = 0; ch < c; ch++) {
        for (int v = 0; v < 256; v++) {
          out[ch][table[ch][v] & 0xFF] += rawHist[ch][v];
        }
      }
      return out;
    }

    /** The sum of torchvision's truncated grey levels of the current image (RGB), or of all values (else). */
    long graySum() {
      long sum = 0;
      if (c == 3) {
        byte[] tr = table == null ? IDENTITY : table[0], tg = table == null ? IDENTITY : table[1];
        byte[] tb = table == null ? IDENTITY : table[2];
        for (int i = 0; i < plane; i++) {
          sum += gray(tr[x[i] & 0xFF] & 0xFF, tg[x[plane + i] & 0xFF] & 0xFF, tb[x[2 * plane + i] & 0xFF] & 0xFF);
        }
        return sum;
      }
      int[][] hist = histograms();
      for (int[] hh : hist) {
        for (int v = 0; v < 256; v++) {
          sum += (long) v * hh[v];
        }
      }
      return sum;
    }

    /** The normalize of the current image, the pending tables folded into the 256-entry float tables. */
    float[] normalize(float[] mean, float[] invStd) {
      float[] out = new float[c * plane];
      float[] t = new float[256];
      for (int ch = 0; ch < c; ch++) {
        byte[] pt = table == null ? IDENTITY : table[ch];
        for (int v = 0; v < 256; v++) {
          t[v] = ((pt[v] & 0xFF) * (1f / 255f) - mean[ch]) * invStd[ch];
        }
        for (int i = ch * plane, e = i + plane; i < e; i++) {
          out[i] = t[x[i] & 0xFF];
        }
      }
      return out;
    }
  }

  private static final byte[] IDENTITY = new byte[256];

  static {
    for (int v = 0; v < 256; v++) {
      IDENTITY[v] = (byte) v;
    }
  }
}
