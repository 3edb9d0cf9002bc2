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
  static final int[] SDIV = new int[256];
  /** OpenCV's {@code hdiv_table180}: round(180 * 4096 / (6 * diff)). */
  static final int[] HDIV = new int[256];

  /**
   * The fraction of hue {@code h} within its sector ({@code f}) and {@code 1 - f}, as OpenCV's vector code computes
   * them in float; the HSV to RGB factors are {@code 1 - s * f} and {@code 1 - s * (1 - f)}, one fused multiply-add
   * each.
   */
  static final float[] HUE_FRACTION = new float[181];
  static final float[] HUE_FRACTION_REST = new float[181];
  /**
   * Which of the four tabs ({@code v}, {@code v (1 - s)}, {@code v (1 - s f)}, {@code v (1 - s (1 - f))}, packed
   * as the bytes 0 to 3 of an int) each channel takes for hue {@code h}: the shifts that pick red, green and blue,
   * packed as the bytes 0, 1 and 2 (each below 32, so {@code tabs >>> (shifts >> 8)} picks green).
   */
  static final int[] CHANNEL_SHIFTS = new int[181];
  /** {@code trunc(v / 255 * 255)} and {@code trunc(v / 255 * (1 - s / 255) * 255)} in float (index {@code s << 8 | v}). */
  static final int[] T0 = new int[256];
  static final byte[] T1 = new byte[256 << 8];

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
      CHANNEL_SHIFTS[h] = 8 * rgbTab[sector][0] | 8 * rgbTab[sector][1] << 8 | 8 * rgbTab[sector][2] << 16;
      HUE_FRACTION[h] = fh;
      HUE_FRACTION_REST[h] = 1.0f - fh;
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

  /** Little-endian longs in byte arrays (unaligned access; intrinsified). */
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
    Lattice m = new Lattice(matrix, h, w, ow, border);
    int plane = h * w, oplane = oh * ow;
    byte[] dst = new byte[c * oplane];
    if (m.rowMap()) {
      for (int v = 0; v < oh; v++) {
        int y = m.sourceRow(v);
        for (int ch = 0; ch < c; ch++) {
          int o = ch * oplane + v * ow;
          if (y < 0) {
            java.util.Arrays.fill(dst, o, o + ow, fill);
          } else {
            m.copyRow(src, ch * plane + y * w, dst, o, fill);
          }
        }
      }
      return dst;
    }
    for (int v = 0; v < oh; v++) {
      for (int u = 0; u < ow; u++) {
        int x = m.border.index(m.a * u + m.b * v + m.e, w), y = m.border.index(m.d * u + m.f * v + m.g, h);
        for (int ch = 0; ch < c; ch++) {
          dst[ch * oplane + v * ow + u] = x < 0 || y < 0 ? fill : src[ch * plane + y * w + x];
        }
      }
    }
    return dst;
  }

  /**
   * The source pixel of each output pixel of a lattice warp: {@code sx = a u + b v + e}, {@code sy = d u + f v + g}
   * in pixel indices (exact: the inverse matrix's entries are 0, 1 or -1), through the border. Without
   * transposition ({@code b = d = 0}) a row map: each output row copies one source row (or is fill) through one
   * column table.
   */
  private static final class Lattice {
    final int a, b, d, f, e, g, h, w, ow;
    final BorderMode border;
    /** For a row map: the source column of each output column, or -1 (fill). */
    final int[] cols;
    /** A row map whose output rows are one run of source columns in order. */
    final boolean forward;
    /** A mirrored run of source columns {@code [u0, u1)} (a flip, possibly inside a pad): copied backwards. */
    final int u0, u1;

    Lattice(double[] matrix, int h, int w, int ow, BorderMode border) {
      double[] inv = Homography.invert(matrix);
      a = (int) inv[0];
      b = (int) inv[1];
      d = (int) inv[3];
      f = (int) inv[4];
      e = (int) Math.rint(inv[0] * 0.5 + inv[1] * 0.5 + inv[2] - 0.5);
      g = (int) Math.rint(inv[3] * 0.5 + inv[4] * 0.5 + inv[5] - 0.5);
      this.h = h;
      this.w = w;
      this.ow = ow;
      this.border = border;
      if (!rowMap()) {
        cols = null;
        forward = false;
        u0 = u1 = 0;
        return;
      }
      cols = new int[ow];
      for (int u = 0; u < ow; u++) {
        cols[u] = border.index(a * u + e, w);
      }
      forward = a == 1 && ow > 0 && cols[0] >= 0 && cols[ow - 1] == cols[0] + ow - 1;
      int lo = 0, hi = 0;
      if (a == -1) {
        while (lo < ow && cols[lo] < 0) {
          lo++;
        }
        hi = lo;
        while (hi < ow && cols[hi] >= 0 && cols[hi] == cols[lo] - (hi - lo) && a * hi + e == cols[hi]) {
          hi++;
        }
      }
      u0 = lo;
      u1 = hi;
    }

    boolean rowMap() {
      return b == 0 && d == 0;
    }

    /** The source row of output row {@code v} of a row map, or -1 (fill). */
    int sourceRow(int v) {
      return border.index(f * v + g, h);
    }

    /** Output row {@code [o, o + ow)} of {@code dst} from the source row starting at {@code src[row]}. */
    void copyRow(byte[] src, int row, byte[] dst, int o, byte fill) {
      if (forward) {
        System.arraycopy(src, row + cols[0], dst, o, ow);
        return;
      }
      int u = 0;
      if (u1 > u0) {
        for (; u < u0; u++) {
          dst[o + u] = cols[u] < 0 ? fill : src[row + cols[u]];
        }
        int m = u0, j = row + cols[u0];
        // Eight bytes at a time: the word that ends at j, byte-reversed (dst[o + m + k] = src[j - k]).
        for (; m + 8 <= u1; m += 8, j -= 8) {
          LONGS.set(dst, o + m, Long.reverseBytes((long) LONGS.get(src, j - 7)));
        }
        for (; m < u1; m++, j--) {
          dst[o + m] = src[j];
        }
        u = u1;
      }
      for (; u < ow; u++) {
        dst[o + u] = cols[u] < 0 ? fill : src[row + cols[u]];
      }
    }
  }

  /**
   * {@link #latticeWarp} of an RGB image followed by {@link #hsvShift(byte[], int, double, double, double)}, in one
   * pass when the scalar kernel runs: a few output rows at a time are copied from their source rows into the
   * kernel's scratch planes, shifted there and copied out; fill rows get the shifted fill colour. Same bytes as the
   * two steps, without the warp's separate pass over the image and without shifting fill bands pixel by pixel.
   * With a {@code demand} of the output's size, only the pixels it names are shifted (a mosaic reads corners of
   * each sample): the others keep the warp's bytes. With the vector kernel loaded, it shifts the rows (whole
   * vectors; the scalar kernel the few pixels left at a range's end). Returns {@code null} where it does not apply
   * (the warp transposes, output rows wider than a block, shifts the vector kernel declines); the caller then runs
   * the two steps.
   */
  public static byte[] latticeWarpHsv(byte[] src, int h, int w, double[] matrix, int oh, int ow, byte fill,
      BorderMode border, double hue, double sat, double val, RowDemand demand) {
    HsvVectorKernels.Kernel vector = HsvVectorKernels.kernel();
    HsvVectorKernels.Ranges ranges = vector == null ? null : vector.ranges(hue, sat, val);
    if (vector != null && ranges == null) {
      return null;
    }
    return latticeWarpHsv(src, h, w, matrix, oh, ow, fill, border, hue, sat, val, demand, ranges);
  }

  /** {@link #latticeWarpHsv} with the scalar kernel, whatever the JDK. */
  static byte[] latticeWarpHsvScalar(byte[] src, int h, int w, double[] matrix, int oh, int ow, byte fill,
      BorderMode border, double hue, double sat, double val, RowDemand demand) {
    return latticeWarpHsv(src, h, w, matrix, oh, ow, fill, border, hue, sat, val, demand, null);
  }

  /** {@link #latticeWarpHsv} with the vector kernel's {@code ranges}, or the scalar kernel alone if null. */
  private static byte[] latticeWarpHsv(byte[] src, int h, int w, double[] matrix, int oh, int ow, byte fill,
      BorderMode border, double hue, double sat, double val, RowDemand demand, HsvVectorKernels.Ranges ranges) {
    if (ow > SCALAR_BLOCK || ow == 0 || w == 0 || h == 0) {
      return null;
    }
    Lattice m = new Lattice(matrix, h, w, ow, border);
    if (!m.rowMap()) {
      return null;
    }
    RowDemand d = demand != null && demand.width() == ow && demand.height() == oh ? demand : null;
    int plane = h * w, oplane = oh * ow;
    // The scalar kernel's (value, max - min) table only where it shifts most pixels (not just the vector kernel's
    // range ends) of an image large enough.
    boolean table = ranges == null && oplane >= VALUE_DIFF_TABLE_PIXELS;
    int[] t = tables(hue, sat, val, table ? oplane : 0);
    int[] ls = table ? null : clipTable(sat * 255);
    int[] lv = clipTable(val * 255);
    byte[] p = PLANES.get();
    // The fill colour, shifted as a pixel of the image (the same kernel path: one JIT profile).
    p[0] = p[GAP] = p[2 * GAP] = fill;
    scalarBlock(p, 0, 1, t, ls, lv);
    byte[] fills = {p[0], p[GAP], p[2 * GAP]};
    byte[] dst = new byte[3 * oplane];
    int rowsPerBlock = SCALAR_BLOCK / ow;
    int first = 0, pending = 0;
    for (int v = 0; v <= oh; v++) {
      int y = v < oh ? m.sourceRow(v) : -1;
      if (y >= 0) {
        if (pending == 0) {
          first = v;
        }
        for (int ch = 0; ch < 3; ch++) {
          m.copyRow(src, ch * plane + y * w, p, ch * GAP + pending * ow, fill);
        }
        pending++;
      } else if (v < oh) {
        for (int ch = 0; ch < 3; ch++) {
          java.util.Arrays.fill(dst, ch * oplane + v * ow, ch * oplane + (v + 1) * ow, fills[ch]);
        }
      }
      if (pending > 0 && (pending == rowsPerBlock || v == oh || y < 0)) {
        // Consecutive output rows [first, first + pending): whole rows in one go, or the parts the demand names.
        for (int i = 0, from = 0; i <= pending; i++) {
          if (i < pending && (d == null || d.full(first + i))) {
            continue;
          }
          shiftRange(p, from * ow, i * ow, t, ls, lv, ranges);
          if (i < pending) {
            shiftRange(p, i * ow, i * ow + d.prefix(first + i), t, ls, lv, ranges);
            shiftRange(p, i * ow + d.suffix(first + i), (i + 1) * ow, t, ls, lv, ranges);
          }
          from = i + 1;
        }
        for (int ch = 0; ch < 3; ch++) {
          System.arraycopy(p, ch * GAP, dst, ch * oplane + first * ow, pending * ow);
        }
        pending = 0;
      }
    }
    return dst;
  }

  /** Pixels {@code [from, to)} of the block planes {@code p}: the vector kernel's whole vectors, then the scalar one. */
  private static void shiftRange(byte[] p, int from, int to, int[] t, int[] ls, int[] lv,
      HsvVectorKernels.Ranges ranges) {
    if (from < to) {
      scalarBlock(p, ranges == null ? from : ranges.shift(p, GAP, from, to), to, t, ls, lv);
    }
  }

  /** Albumentations' uint8 hue table: {@code (i + shift) mod 180}, truncated to a byte (numpy's float mod). */
  static int[] hueTable(double shift) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      if (shift == 0) {
        t[i] = i;
        continue;
      }
      double m = i + shift;
      // Java's % on doubles is slow (a loop of partial remainders) and the identity on [0, 180): only outside it.
      if (m < 0 || m >= 180) {
        m %= 180;
        if (m != 0 && m < 0) {
          m += 180;
        }
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
   * level there). Runs the vector kernel when the JDK's {@code jdk.incubator.vector} module is present (same
   * bytes; see {@link HsvVectorKernels}), else {@link #hsvShiftScalar}.
   *
   * @param hue shift in degrees
   * @param sat shift as a fraction of full saturation
   * @param val shift as a fraction of full value
   */
  public static void hsvShift(byte[] x, int plane, double hue, double sat, double val) {
    HsvVectorKernels.Kernel vector = HsvVectorKernels.kernel();
    if (vector == null || !vector.hsvShift(x, plane, hue, sat, val)) {
      hsvShiftScalar(x, plane, hue, sat, val);
    }
  }

  /** Below this many pixels the (value, max - min) table costs more to fill than it saves. */
  private static final int VALUE_DIFF_TABLE_PIXELS = 1 << 15;

  /** {@code s' | v' << 8 | t0 << 16 | t1 << 24}: shifted saturation and value, and the two tabs that need only them. */
  private static int valueDiff(int v, int diff, int[] ls, int[] lv) {
    int vp = lv[v], s = ls[(diff * SDIV[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT];
    return s | vp << 8 | T0[vp] << 16 | (T1[s << 8 | vp] & 0xFF) << 24;
  }

  /** Pixels per block of the scalar kernel. */
  private static final int SCALAR_BLOCK = 2048;
  /**
   * The distance of a block's planes in {@link #PLANES}: not a multiple of 4096, so that a plane's stores and the
   * next plane's loads never share their low 12 address bits (no difference measured either way on this host).
   */
  private static final int GAP = SCALAR_BLOCK + 64 + 8;
  /**
   * Where hue 0 of the hue table is in {@link #TABLES}: after the (value, max - min) table and 32 entries for the
   * hues below 0 that OpenCV's formula gives before it adds 180.
   */
  private static final int HUE_AT = (1 << 16) + 32;
  /**
   * Per thread: one array for both per-call tables of the scalar kernel (one base register in its loop, not two):
   * {@link #valueDiff} by {@code v << 8 | diff}, then Albumentations' hue table.
   */
  private static final ThreadLocal<int[]> TABLES = ThreadLocal.withInitial(() -> new int[HUE_AT + 256]);
  /** Per thread: the red, green and blue planes of one block, {@link #GAP} apart. */
  private static final ThreadLocal<byte[]> PLANES = ThreadLocal.withInitial(() -> new byte[3 * GAP]);

  /**
   * This thread's {@link #TABLES} for a shift of an image of {@code pixels} pixels: the hue table, and the
   * (value, max - min) table when the image is large enough to pay for it (else the kernel computes its entries).
   */
  private static int[] tables(double hue, double sat, double val, int pixels) {
    int[] lh = hueTable(hue / 2), ls = clipTable(sat * 255), lv = clipTable(val * 255);
    int[] t = TABLES.get();
    System.arraycopy(lh, 180 - 32, t, HUE_AT - 32, 32);
    System.arraycopy(lh, 0, t, HUE_AT, 256);
    for (int v = 0; pixels >= VALUE_DIFF_TABLE_PIXELS && v < 256; v++) {
      for (int diff = 0; diff <= v; diff++) {
        t[v << 8 | diff] = valueDiff(v, diff, ls, lv);
      }
    }
    return t;
  }

  /**
   * {@link #hsvShift(byte[], int, double, double, double)} in scalar Java, whatever the JDK: the default path.
   * Per call (on images of 2^15 pixels and more), one table by (value, max - min) gives the shifted saturation and
   * value and the two tabs that depend on them only ({@code t0 = v}, {@code t1 = v (1 - s)} as OpenCV's float code
   * truncates them); per pixel remain the hue (one multiply by OpenCV's reciprocal table), two fused multiply-adds
   * and the channel picks, all without branches (on photos, which channel is largest is as good as random).
   * The image goes through in blocks of {@value #SCALAR_BLOCK} pixels copied into per-thread scratch planes a
   * constant distance apart: the pixel loop then needs far fewer registers than on the image's own planes (C2
   * spilled the loop counter and the tables' bases there), and each block is a call that the JIT compiles after a
   * few images. Noise shifts in 7.9–8.4 ns a pixel (10.0 before), a letterboxed noise image with a quarter of
   * grey rows in ~6.1 (8.3 before: runs of one colour are now filled at once).
   */
  public static void hsvShiftScalar(byte[] x, int plane, double hue, double sat, double val) {
    int[] t = tables(hue, sat, val, plane);
    boolean table = plane >= VALUE_DIFF_TABLE_PIXELS;
    int[] ls = table ? null : clipTable(sat * 255), lv = clipTable(val * 255);
    byte[] p = PLANES.get();
    for (int from = 0; from < plane; from += SCALAR_BLOCK) {
      int n = Math.min(SCALAR_BLOCK, plane - from);
      System.arraycopy(x, from, p, 0, n);
      System.arraycopy(x, plane + from, p, GAP, n);
      System.arraycopy(x, 2 * plane + from, p, 2 * GAP, n);
      scalarBlock(p, 0, n, t, ls, lv);
      System.arraycopy(p, 0, x, from, n);
      System.arraycopy(p, GAP, x, plane + from, n);
      System.arraycopy(p, 2 * GAP, x, 2 * plane + from, n);
    }
  }

  /**
   * Pixels {@code [from, n)} of the planes in {@code p} ({@link #PLANES}), in place; {@code t} as in
   * {@link #TABLES}, whose (value, max - min) part is computed per pixel instead when {@code ls} is not null.
   * Runs of one colour (letterbox borders, flat regions) take the result of their first pixel, filled at once:
   * found by eight-pixel groups of one colour, outside the pixel loop, which then has no test for them.
   */
  private static void scalarBlock(byte[] p, int from, int n, int[] t, int[] ls, int[] lv) {
    for (int j = from; j < n; ) {
      int run = uniformGroup(p, j, n);
      scalarSpan(p, j, run, t, ls, lv);
      if (run == n) {
        return;
      }
      int r = p[run] & 0xFF, g = p[run + GAP] & 0xFF, b = p[run + 2 * GAP] & 0xFF;
      scalarSpan(p, run, run + 1, t, ls, lv);
      int end = runEnd(p, run + 1, n, r, g, b);
      java.util.Arrays.fill(p, run + 1, end, p[run]);
      java.util.Arrays.fill(p, run + 1 + GAP, end + GAP, p[run + GAP]);
      java.util.Arrays.fill(p, run + 1 + 2 * GAP, end + 2 * GAP, p[run + 2 * GAP]);
      j = end;
    }
  }

  private static final long ONES = 0x0101010101010101L;

  /**
   * The first pixel of the first group of eight (at a multiple of eight, from {@code j} on, within {@code n}) whose
   * pixels all have one colour, or {@code n}. Checks one plane's word per group unless it is uniform.
   */
  private static int uniformGroup(byte[] p, int j, int n) {
    for (int w = (j + 7) & ~7; w + 8 <= n; w += 8) {
      long a = (long) LONGS.get(p, w);
      if (a == (a & 0xFF) * ONES) {
        long c = (long) LONGS.get(p, w + GAP), d = (long) LONGS.get(p, w + 2 * GAP);
        if (c == (c & 0xFF) * ONES && d == (d & 0xFF) * ONES) {
          return w;
        }
      }
    }
    return n;
  }

  /** Shifts pixels {@code [j, to)} of the block planes {@code p}; see {@link #scalarBlock}. */
  private static void scalarSpan(byte[] p, int j, int to, int[] t, int[] ls, int[] lv) {
    final int half = 1 << (HSV_SHIFT - 1);
    boolean table = ls == null;
    for (; j < to; j++) {
      int r = p[j] & 0xFF, g = p[j + GAP] & 0xFF, b = p[j + 2 * GAP] & 0xFF;
      int v = Math.max(b, Math.max(g, r)), vmin = Math.min(b, Math.min(g, r));
      int diff = v - vmin;
      int e = table ? t[v << 8 | diff] : valueDiff(v, diff, ls, lv);
      // -1 where v is red (green), by arithmetic: v >= r, so v - r - 1 < 0 exactly when they are equal.
      int vr = (v - r - 1) >> 31, vg = (v - g - 1) >> 31;
      int hh = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + (~vg & (r - g + 4 * diff))));
      // Hues from -30 (red, blue above green) on: the table's entries below 0 are those of hue + 180.
      int hp = t[HUE_AT + ((hh * HDIV[diff] + half) >> HSV_SHIFT)];
      // OpenCV's HSV2RGB_b as its vector code computes it (what cv2.cvtColor runs on all but the last n mod 32
      // pixels of an image on an AVX2 machine): floats, the compiler's fused multiply-adds, truncation.
      float fs = (e & 0xFF) * (1.0f / 255.0f);
      float fv = ((e >>> 8) & 0xFF) * (1.0f / 255.0f);
      int t2 = (int) ((fv * Math.fma(-fs, HUE_FRACTION[hp], 1.0f)) * 255.0f);
      int t3 = (int) ((fv * Math.fma(-fs, HUE_FRACTION_REST[hp], 1.0f)) * 255.0f);
      int tabs = e >>> 16 | t2 << 16 | t3 << 24;
      int shifts = CHANNEL_SHIFTS[hp];
      p[j] = (byte) (tabs >>> shifts);
      p[j + GAP] = (byte) (tabs >>> (shifts >> 8));
      p[j + 2 * GAP] = (byte) (tabs >>> (shifts >> 16));
    }
  }

  /**
   * The first pixel from {@code j} on (before {@code n}) of the block planes {@code p} whose colour is not
   * {@code (r, g, b)}, or {@code n}.
   */
  private static int runEnd(byte[] p, int j, int n, int r, int g, int b) {
    long wr = ONES * r, wg = ONES * g, wb = ONES * b;
    int k = j;
    while (k + 8 <= n && (long) LONGS.get(p, k) == wr && (long) LONGS.get(p, k + GAP) == wg
        && (long) LONGS.get(p, k + 2 * GAP) == wb) {
      k += 8;
    }
    while (k < n && (p[k] & 0xFF) == r && (p[k + GAP] & 0xFF) == g && (p[k + 2 * GAP] & 0xFF) == b) {
      k++;
    }
    return k;
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
