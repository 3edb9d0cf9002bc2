package dev.datamgmt.augment.internal.cpu;

import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.Raster;

/**
 * Kernels on 8-bit planar images (CHW bytes), for plans whose steps keep an uint8 image on the 8-bit lattice:
 * lattice warps (flips, integer shifts and pads, quarter turns: a copy) and OpenCV's 8-bit HSV arithmetic, the way
 * Albumentations shifts hue, saturation and value of uint8 images. Not API.
 */
public final class ByteKernels {
  private ByteKernels() {}

  private static final int HSV_SHIFT = 12;
  /** OpenCV's {@code sdiv_table}: round(255 * 4096 / v). */
  private static final int[] SDIV = new int[256];
  /** OpenCV's {@code hdiv_table180}: round(180 * 4096 / (6 * diff)). */
  private static final int[] HDIV = new int[256];

  /**
   * The HSV to RGB factors of OpenCV's vector code that do not depend on the value: for hue {@code h} and
   * saturation {@code s} (index {@code h << 8 | s}), {@code 1 - s * f} and {@code 1 - s * (1 - f)} as one fused
   * multiply-add each ({@code f} the hue's fraction within its sector).
   */
  private static final float[] K2 = new float[181 << 8];
  private static final float[] K3 = new float[181 << 8];
  /** The sector of hue {@code h} times 8: the shift that picks each channel's tab from a packed int. */
  private static final int[] R_SHIFT = new int[181];
  private static final int[] G_SHIFT = new int[181];
  private static final int[] B_SHIFT = new int[181];
  /** {@code trunc(v / 255 * 255)} and {@code trunc(v / 255 * (1 - s / 255) * 255)} in float (index {@code s << 8 | v}). */
  private static final int[] T0 = new int[256];
  private static final byte[] T1 = new byte[256 << 8];

  static {
    for (int i = 1; i < 256; i++) {
      SDIV[i] = (int) Math.rint((255 << HSV_SHIFT) / (1.0 * i));
      HDIV[i] = (int) Math.rint((180 << HSV_SHIFT) / (6.0 * i));
    }
    // tabs: t0 = v, t1 = v (1 - s), t2 = v (1 - s f), t3 = v (1 - s (1 - f)); which tab each channel takes by sector.
    int[][] rgbTab = {{0, 3, 1}, {2, 0, 1}, {1, 0, 3}, {1, 2, 0}, {3, 1, 0}, {0, 1, 2}};
    final float hscale = 6.0f / 180;
    // Hue 180 can come out of the hue table (a shift that lands within rounding of a full turn): sector 6 wraps to 0
    // as in OpenCV's vector code.
    for (int h = 0; h <= 180; h++) {
      float fh = h * hscale;
      float pre = (int) fh;
      fh -= pre;
      int sector = (int) (pre - (int) (pre * (1.0f / 6.0f)) * 6.0f);
      R_SHIFT[h] = 8 * rgbTab[sector][0];
      G_SHIFT[h] = 8 * rgbTab[sector][1];
      B_SHIFT[h] = 8 * rgbTab[sector][2];
      for (int s = 0; s < 256; s++) {
        float fs = s * (1.0f / 255.0f);
        K2[h << 8 | s] = Math.fma(-fs, fh, 1.0f);
        K3[h << 8 | s] = Math.fma(-fs, 1.0f - fh, 1.0f);
      }
    }
    for (int v = 0; v < 256; v++) {
      float fv = v * (1.0f / 255.0f);
      T0[v] = (int) (fv * 255.0f);
      for (int s = 0; s < 256; s++) {
        float fs = s * (1.0f / 255.0f);
        T1[s << 8 | v] = (byte) (int) ((fv * (1.0f - fs)) * 255.0f);
      }
    }
  }

  /** The byte a fill value in [0, 1] becomes, rounded as the float path rounds its output. */
  public static byte fillByte(double fill) {
    return (byte) Raster.toByte((float) fill);
  }

  /**
   * A warp whose matrix is a lattice map ({@link Homography#isLatticeMap}): every output pixel centre falls on an
   * input pixel centre, so bilinear and nearest sampling both copy that pixel (the float kernels give exactly its
   * value: the other taps have weight 0). Pixels from outside get {@code fill} or the border's pixel.
   *
   * @param matrix the forward (input to output) matrix
   */
  public static byte[] latticeWarp(byte[] src, int c, int h, int w, double[] matrix, int oh, int ow, byte fill,
      BorderMode border) {
    double[] inv = Homography.invert(matrix);
    // sx = a * u + b * v + e, sy = d * u + f * v + g in pixel indices (exact: the entries are 0, 1 or -1).
    int a = (int) inv[0], b = (int) inv[1], d = (int) inv[3], f = (int) inv[4];
    int e = (int) Math.rint(inv[0] * 0.5 + inv[1] * 0.5 + inv[2] - 0.5);
    int g = (int) Math.rint(inv[3] * 0.5 + inv[4] * 0.5 + inv[5] - 0.5);
    int plane = h * w, oplane = oh * ow;
    byte[] dst = new byte[c * oplane];
    if (b == 0 && d == 0) {
      int[] cols = new int[ow];
      for (int u = 0; u < ow; u++) {
        cols[u] = border.index(a * u + e, w);
      }
      boolean forward = a == 1 && ow > 0 && cols[0] >= 0 && cols[ow - 1] == cols[0] + ow - 1;
      // A mirrored run of input columns [u0, u1) (a flip, possibly inside a pad): copied backwards without the table.
      int u0 = 0, u1 = 0;
      if (a == -1) {
        while (u0 < ow && cols[u0] < 0) {
          u0++;
        }
        u1 = u0;
        while (u1 < ow && cols[u1] >= 0 && cols[u1] == cols[u0] - (u1 - u0) && a * u1 + e == cols[u1]) {
          u1++;
        }
      }
      for (int v = 0; v < oh; v++) {
        int y = border.index(f * v + g, h);
        for (int ch = 0; ch < c; ch++) {
          int o = ch * oplane + v * ow;
          if (y < 0) {
            java.util.Arrays.fill(dst, o, o + ow, fill);
            continue;
          }
          int row = ch * plane + y * w;
          if (forward) {
            System.arraycopy(src, row + cols[0], dst, o, ow);
          } else if (u1 > u0) {
            for (int u = 0; u < u0; u++) {
              dst[o + u] = cols[u] < 0 ? fill : src[row + cols[u]];
            }
            for (int u = u0, j = row + cols[u0]; u < u1; u++, j--) {
              dst[o + u] = src[j];
            }
            for (int u = u1; u < ow; u++) {
              dst[o + u] = cols[u] < 0 ? fill : src[row + cols[u]];
            }
          } else {
            for (int u = 0; u < ow; u++) {
              dst[o + u] = cols[u] < 0 ? fill : src[row + cols[u]];
            }
          }
        }
      }
      return dst;
    }
    for (int v = 0; v < oh; v++) {
      for (int u = 0; u < ow; u++) {
        int x = border.index(a * u + b * v + e, w), y = border.index(d * u + f * v + g, h);
        for (int ch = 0; ch < c; ch++) {
          dst[ch * oplane + v * ow + u] = x < 0 || y < 0 ? fill : src[ch * plane + y * w + x];
        }
      }
    }
    return dst;
  }

  /** Albumentations' uint8 hue table: {@code (i + shift) mod 180}, truncated to a byte (numpy's float mod). */
  static int[] hueTable(double shift) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      if (shift == 0) {
        t[i] = i;
        continue;
      }
      double m = (i + shift) % 180;
      if (m != 0 && m < 0) {
        m += 180;
      }
      t[i] = (int) m & 0xFF;
    }
    return t;
  }

  /** Albumentations' uint8 saturation and value table: {@code clip(i + shift, 0, 255)}, truncated. */
  static int[] clipTable(double shift) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = shift == 0 ? i : (int) Math.max(0, Math.min(255, i + shift));
    }
    return t;
  }

  /**
   * Shifts hue, saturation and value of a planar RGB image in place, in OpenCV's 8-bit HSV (hue in 180 steps of
   * 2°, saturation and value in 256): {@code cv2.cvtColor(RGB2HSV)}, the three lookup tables of Albumentations'
   * {@code shift_hsv_uint8} ({@code hue / 2} hue steps, {@code saturation * 255} and {@code value * 255} levels),
   * {@code cv2.cvtColor(HSV2RGB)}: byte for byte what OpenCV 4.6 gives on this platform (goldens), except that
   * OpenCV's scalar code for the last {@code n mod 32} pixels rounds where its vector code truncates (at most one
   * level there).
   *
   * @param hue shift in degrees
   * @param sat shift as a fraction of full saturation
   * @param val shift as a fraction of full value
   */
  public static void hsvShift(byte[] x, int plane, double hue, double sat, double val) {
    int[] lh = hueTable(hue / 2), ls = clipTable(sat * 255), lv = clipTable(val * 255);
    final int half = 1 << (HSV_SHIFT - 1);
    // Runs of one colour (letterbox borders, flat regions) repeat the previous pixel's result.
    int last = -1;
    byte lr = 0, lg = 0, lb = 0;
    for (int i = 0; i < plane; i++) {
      int r = x[i] & 0xFF, g = x[plane + i] & 0xFF, b = x[2 * plane + i] & 0xFF;
      int rgb = r << 16 | g << 8 | b;
      if (rgb == last) {
        x[i] = lr;
        x[plane + i] = lg;
        x[2 * plane + i] = lb;
        continue;
      }
      last = rgb;
      int v = Math.max(b, Math.max(g, r)), vmin = Math.min(b, Math.min(g, r));
      int diff = v - vmin;
      int vr = v == r ? -1 : 0, vg = v == g ? -1 : 0;
      int s = (diff * SDIV[v] + half) >> HSV_SHIFT;
      int hh = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + (~vg & (r - g + 4 * diff))));
      hh = (hh * HDIV[diff] + half) >> HSV_SHIFT;
      hh += hh < 0 ? 180 : 0;
      hh = lh[hh];
      s = ls[s];
      v = lv[v];
      // OpenCV's HSV2RGB_b as its vector code computes it (what cv2.cvtColor runs on all but the last n mod 32
      // pixels of an image on an AVX2 machine): floats, the compiler's fused multiply-adds, truncation. The
      // factors that do not depend on the value come from tables; the products are the same float operations.
      float fv = v * (1.0f / 255.0f);
      int hs = hh << 8 | s;
      int t2 = (int) ((fv * K2[hs]) * 255.0f), t3 = (int) ((fv * K3[hs]) * 255.0f);
      int tabs = T0[v] | (T1[s << 8 | v] & 0xFF) << 8 | t2 << 16 | t3 << 24;
      lr = (byte) (tabs >>> R_SHIFT[hh]);
      lg = (byte) (tabs >>> G_SHIFT[hh]);
      lb = (byte) (tabs >>> B_SHIFT[hh]);
      x[i] = lr;
      x[plane + i] = lg;
      x[2 * plane + i] = lb;
    }
  }

  /**
   * {@link #hsvShift(byte[], int, double, double, double)} for a float image whose values lie on the 8-bit
   * lattice (an uint8 image moved only by lattice warps): rounded to bytes, shifted, and back to {@code k / 255}.
   */
  public static void hsvShift(float[] x, int plane, double hue, double sat, double val) {
    byte[] b = new byte[3 * plane];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Raster.toByte(x[i]);
    }
    hsvShift(b, plane, hue, sat, val);
    for (int i = 0; i < b.length; i++) {
      x[i] = (b[i] & 0xFF) * (1f / 255f);
    }
  }
}
