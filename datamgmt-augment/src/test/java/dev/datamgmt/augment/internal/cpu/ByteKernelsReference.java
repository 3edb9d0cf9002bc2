package dev.datamgmt.augment.internal.cpu;

/**
 * The 8-bit HSV shift as first written (main {@code 424e570}, checked against the OpenCV goldens): per pixel,
 * OpenCV's integer RGB to HSV, the three lookup tables, and the vector code's float HSV to RGB with its factors from
 * (hue, saturation) tables. Kept as the reference that the faster scalar and vector kernels must equal on every
 * colour.
 */
final class ByteKernelsReference {
  private ByteKernelsReference() {}

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

  static void hsvShift(byte[] x, int plane, double hue, double sat, double val) {
    int[] lh = ByteKernels.hueTable(hue / 2), ls = ByteKernels.clipTable(sat * 255), lv = ByteKernels.clipTable(val * 255);
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

}
