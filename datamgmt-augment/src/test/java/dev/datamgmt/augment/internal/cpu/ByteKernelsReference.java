package dev.datamgmt.augment.internal.cpu;

/**
 * The 8-bit HSV shift as first written (main {@code 424e570}, checked against the OpenCV goldens), without its
 * shortcut for runs of one colour: per pixel,
 * OpenCV's integer RGB to HSV, the three lookup tables, and the vector code's float HSV to RGB with its factors from
 * (hue, saturation) tables. Kept as the reference that the faster scalar and vector kernels must equal on every
 * colour.
 */
final class ByteKernelsReference {
  private ByteKernelsReference() {}

  private static final int HSV_SHIFT = 12;
  /** OpenCV's reciprocal tables and the value-only tabs: the kernel's own (the goldens check them). */
  private static final int[] SDIV = ByteKernels.SDIV, HDIV = ByteKernels.HDIV, T0 = ByteKernels.T0;
  private static final byte[] T1 = ByteKernels.T1;

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

  static {
    // The hue's fraction within its sector and the channels' tabs per sector as the kernel derives them (hue 180
    // wraps to sector 0 as in OpenCV's vector code); the (hue, saturation) factor tables as first written.
    for (int h = 0; h <= 180; h++) {
      float fh = ByteKernels.HUE_FRACTION[h];
      int shifts = ByteKernels.CHANNEL_SHIFTS[h];
      R_SHIFT[h] = shifts & 0xFF;
      G_SHIFT[h] = (shifts >> 8) & 0xFF;
      B_SHIFT[h] = (shifts >> 16) & 0xFF;
      for (int s = 0; s < 256; s++) {
        float fs = s * (1.0f / 255.0f);
        K2[h << 8 | s] = Math.fma(-fs, fh, 1.0f);
        K3[h << 8 | s] = Math.fma(-fs, 1.0f - fh, 1.0f);
      }
    }
  }

  static void hsvShift(byte[] x, int plane, double hue, double sat, double val) {
    int[] lh = ByteKernels.hueTable(hue / 2);
    int[] ls = ByteKernels.clipTable(sat * 255), lv = ByteKernels.clipTable(val * 255);
    final int half = 1 << (HSV_SHIFT - 1);
    // Every pixel on its own (the kernel's shortcut for runs of one colour left out: it changes no value).
    for (int i = 0; i < plane; i++) {
      int r = x[i] & 0xFF, g = x[plane + i] & 0xFF, b = x[2 * plane + i] & 0xFF;
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
      x[i] = (byte) (tabs >>> R_SHIFT[hh]);
      x[plane + i] = (byte) (tabs >>> G_SHIFT[hh]);
      x[2 * plane + i] = (byte) (tabs >>> B_SHIFT[hh]);
    }
  }
}
