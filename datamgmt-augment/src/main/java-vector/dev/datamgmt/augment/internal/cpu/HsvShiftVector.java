package dev.datamgmt.augment.internal.cpu;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2B;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-bit HSV shift of {@link ByteKernels#hsvShiftScalar} eight pixels at a time with the incubating Vector API
 * (256-bit lanes: AVX2 and up), giving the same bytes. Loaded only through {@link HsvVectorKernels}, never linked
 * otherwise. Not API.
 *
 * <p>Same bytes by construction, checked over every 24-bit colour in the tests:
 * <ul>
 *   <li>OpenCV's reciprocal tables ({@code round(255 * 4096 / v)}, {@code round(30 * 4096 / diff)}) come from a
 *       float division rounded to an integer: exact for every index (no quotient is within float error of a
 *       half), so no table gathers, which the JDK 17 Vector API runs slowly;</li>
 *   <li>the three lookup tables of Albumentations are offsets: {@code clip(i + k)} for saturation and value and
 *       {@code (i + k) mod 180} for hue, with {@code k} an integer; {@link #hsvShift} checks that the tables of
 *       these shifts are exactly that (a fractional shift within rounding of an integer may not be) and declines
 *       otherwise;</li>
 *   <li>the HSV to RGB floats are the scalar kernel's operations in the same order ({@code fma} where OpenCV's
 *       compiled code fuses); truncation to int, which the JDK 17 API does not compile (F2I), is done with the
 *       2<sup>23</sup> trick and a correction where rounding went up.</li>
 * </ul>
 *
 * <p>The work runs in five passes over blocks of {@link #BLOCK} pixels, each a small loop with every vector
 * operation written out in it: C2 inlines the Vector API only up to a node budget per compilation, and a vector
 * that crosses a call not inlined is boxed (30 times slower). So no helper methods take or return vectors, and
 * the passes are called through an array of five passes of four classes (a megamorphic call C2 does not inline),
 * so that the block loop cannot pull them back into one compilation.
 */
final class HsvShiftVector implements HsvVectorKernels.Kernel {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
  private static final int LANES = INTS.length();
  static final int BLOCK = 1024;
  private static final int HALF = 1 << 11;
  private static final float HSCALE = 6.0f / 180;
  /** 2^23: adding it to a float in [0, 2^22) rounds it to an integer, which its bits then hold. */
  private static final float MAGIC = 8388608f;
  private static final int MAGIC_BITS = 0x4B000000;
  /** Per sector (2 bits each), which tab red, green and blue take (see {@link ByteKernels#CHANNEL_SHIFTS}). */
  private static final int RED_TABS = tabsBySector(0), GREEN_TABS = tabsBySector(1), BLUE_TABS = tabsBySector(2);

  private static final Pass[] PASSES = {
    new ToHsv(), new LowTabs(), new HighTab(false), new HighTab(true), new Channels(),
  };

  /**
   * Public for {@link HsvVectorKernels}' reflective load.
   *
   * @throws UnsupportedOperationException on a CPU without 256-bit vectors, where the API would run this in plain
   *     Java, far slower than the scalar kernel
   */
  public HsvShiftVector() {
    if (IntVector.SPECIES_PREFERRED.vectorBitSize() < INTS.vectorBitSize()) {
      throw new UnsupportedOperationException(
          "the CPU's vectors are " + IntVector.SPECIES_PREFERRED.vectorBitSize() + " bits, the kernel needs 256");
    }
  }

  private static int tabsBySector(int channel) {
    int packed = 0;
    for (int h = 0; h < 180; h += 30) {
      packed |= ((ByteKernels.CHANNEL_SHIFTS[h] >> (8 * channel)) & 0xFF) / 8 << (2 * (h / 30));
    }
    return packed;
  }

  /** One block of pixels and its scratch: packed {@code h' | s' << 8 | v' << 16}, then the four tabs. */
  private static final class Block {
    final byte[] x;
    final int plane;
    final int satOffset, valOffset, hueOffset;
    final int[] hsv = new int[BLOCK], tabs = new int[BLOCK];
    int start, length;

    Block(byte[] x, int plane, int satOffset, int valOffset, int hueOffset) {
      this.x = x;
      this.plane = plane;
      this.satOffset = satOffset;
      this.valOffset = valOffset;
      this.hueOffset = hueOffset;
    }
  }

  private abstract static class Pass {
    abstract void run(Block b);
  }

  @Override
  public boolean hsvShift(byte[] x, int plane, double hue, double sat, double val) {
    HsvVectorKernels.Ranges ranges = ranges(hue, sat, val);
    if (ranges == null) {
      return false;
    }
    int vectorEnd = ranges.shift(x, plane, 0, plane);
    int rest = plane - vectorEnd;
    if (rest > 0) {
      byte[] tail = new byte[3 * rest];
      for (int c = 0; c < 3; c++) {
        System.arraycopy(x, c * plane + vectorEnd, tail, c * rest, rest);
      }
      ByteKernels.hsvShiftScalar(tail, rest, hue, sat, val);
      for (int c = 0; c < 3; c++) {
        System.arraycopy(tail, c * rest, x, c * plane + vectorEnd, rest);
      }
    }
    return true;
  }

  @Override
  public HsvVectorKernels.Ranges ranges(double hue, double sat, double val) {
    if (!Double.isFinite(hue) || !Double.isFinite(sat) || !Double.isFinite(val)) {
      return null;
    }
    int[] lh = ByteKernels.hueTable(hue / 2);
    int[] ls = ByteKernels.clipTable(sat * 255), lv = ByteKernels.clipTable(val * 255);
    int ks = (int) Math.max(-256, Math.min(256, Math.floor(sat * 255)));
    int kv = (int) Math.max(-256, Math.min(256, Math.floor(val * 255)));
    int kh = (int) Math.floorMod((long) Math.floor(hue / 2), 180L);
    for (int i = 0; i < 256; i++) {
      if (ls[i] != Math.max(0, Math.min(255, i + ks)) || lv[i] != Math.max(0, Math.min(255, i + kv))) {
        return null;
      }
    }
    // The converted hue is 0..179 (OpenCV adds 180 to negative hues; the largest is 150 + 29).
    for (int i = 0; i < 180; i++) {
      int w = i + kh;
      if (lh[i] != (w >= 180 ? w - 180 : w)) {
        return null;
      }
    }
    return new HsvVectorKernels.Ranges() {
      private Block b;

      @Override
      public int shift(byte[] x, int stride, int from, int to) {
        if (b == null || b.x != x || b.plane != stride) {
          b = new Block(x, stride, ks, kv, kh);
        }
        int end = from + Math.max(0, to - from) / LANES * LANES;
        for (int start = from; start < end; start += BLOCK) {
          b.start = start;
          b.length = Math.min(BLOCK, end - start);
          for (Pass p : PASSES) {
            p.run(b);
          }
        }
        return end;
      }
    };
  }

  /** RGB to OpenCV's 8-bit HSV with the shifts: {@code h' | s' << 8 | v' << 16}. */
  private static final class ToHsv extends Pass {
    @Override
    void run(Block blk) {
      byte[] x = blk.x;
      int plane = blk.plane;
      FloatVector sdivNum = FloatVector.broadcast(FLOATS, 255 << 12);
      FloatVector hdivNum = FloatVector.broadcast(FLOATS, 30 << 12);
      for (int j = 0; j < blk.length; j += LANES) {
        int i = blk.start + j;
        IntVector r = ((IntVector) ByteVector.fromArray(BYTES, x, i).convertShape(B2I, INTS, 0)).and(0xFF);
        IntVector g = ((IntVector) ByteVector.fromArray(BYTES, x, plane + i).convertShape(B2I, INTS, 0)).and(0xFF);
        IntVector b = ((IntVector) ByteVector.fromArray(BYTES, x, 2 * plane + i).convertShape(B2I, INTS, 0)).and(0xFF);
        IntVector v = r.max(g).max(b);
        IntVector diff = v.sub(r.min(g).min(b));
        // rint(255 * 4096 / v), rint(30 * 4096 / diff): rounded by adding 2^23, read from the float's bits.
        IntVector sdiv = sdivNum.div((FloatVector) v.max(1).convert(I2F, 0)).add(MAGIC)
            .reinterpretAsInts().sub(MAGIC_BITS);
        IntVector hdiv = hdivNum.div((FloatVector) diff.max(1).convert(I2F, 0)).add(MAGIC)
            .reinterpretAsInts().sub(MAGIC_BITS);
        IntVector s = diff.mul(sdiv).add(HALF).lanewise(ASHR, 12);
        IntVector sp = s.add(blk.satOffset).max(0).min(255);
        IntVector vp = v.add(blk.valOffset).max(0).min(255);
        IntVector num = r.sub(g).add(diff.lanewise(LSHL, 2));
        num = num.blend(b.sub(r).add(diff.lanewise(LSHL, 1)), v.eq(g));
        num = num.blend(g.sub(b), v.eq(r));
        IntVector h = num.mul(hdiv).add(HALF).lanewise(ASHR, 12);
        h = h.add(180, h.lt(0)).add(blk.hueOffset);
        h = h.sub(180, h.compare(GE, 180));
        h.or(sp.lanewise(LSHL, 8)).or(vp.lanewise(LSHL, 16)).intoArray(blk.hsv, j);
      }
    }
  }

  /** {@code t0 = (int) (v * 255)} and {@code t1 = (int) (v (1 - s) * 255)} (v, s as fractions of 255). */
  private static final class LowTabs extends Pass {
    @Override
    void run(Block blk) {
      FloatVector one = FloatVector.broadcast(FLOATS, 1f);
      for (int j = 0; j < blk.length; j += LANES) {
        IntVector e = IntVector.fromArray(INTS, blk.hsv, j);
        FloatVector fs = ((FloatVector) e.lanewise(LSHR, 8).and(0xFF).convert(I2F, 0)).mul(1.0f / 255.0f);
        FloatVector fv = ((FloatVector) e.lanewise(LSHR, 16).convert(I2F, 0)).mul(1.0f / 255.0f);
        // (int) of a float in [0, 2^22): rounded by adding 2^23, less one where the rounding went up (positive
        // floats order as their bits).
        FloatVector x0 = fv.mul(255.0f), y0 = x0.add(MAGIC);
        IntVector t0 = y0.reinterpretAsInts().sub(MAGIC_BITS)
            .add(-1, y0.sub(MAGIC).reinterpretAsInts().compare(GT, x0.reinterpretAsInts()));
        FloatVector x1 = fv.mul(one.sub(fs)).mul(255.0f), y1 = x1.add(MAGIC);
        IntVector t1 = y1.reinterpretAsInts().sub(MAGIC_BITS)
            .add(-1, y1.sub(MAGIC).reinterpretAsInts().compare(GT, x1.reinterpretAsInts()));
        t0.or(t1.lanewise(LSHL, 8)).intoArray(blk.tabs, j);
      }
    }
  }

  /**
   * {@code t2 = (int) (v (1 - s f) * 255)} or ({@code rest}) {@code t3 = (int) (v (1 - s (1 - f)) * 255)}, f the
   * hue's fraction within its sector: one pass each (two would not fit one compilation's inlining budget).
   */
  private static final class HighTab extends Pass {
    private final boolean rest;

    HighTab(boolean rest) {
      this.rest = rest;
    }

    @Override
    void run(Block blk) {
      FloatVector one = FloatVector.broadcast(FLOATS, 1f);
      int shift = rest ? 24 : 16;
      for (int j = 0; j < blk.length; j += LANES) {
        IntVector e = IntVector.fromArray(INTS, blk.hsv, j);
        IntVector h = e.and(0xFF);
        // The sector (int) (h * 6 / 180) is h / 30 for h in 0..180: (h * 2185) >> 16.
        FloatVector f = ((FloatVector) h.convert(I2F, 0)).mul(HSCALE)
            .sub((FloatVector) h.mul(2185).lanewise(ASHR, 16).convert(I2F, 0));
        FloatVector nfs = ((FloatVector) e.lanewise(LSHR, 8).and(0xFF).convert(I2F, 0)).mul(1.0f / 255.0f).neg();
        FloatVector fv = ((FloatVector) e.lanewise(LSHR, 16).convert(I2F, 0)).mul(1.0f / 255.0f);
        FloatVector x = fv.mul(nfs.fma(rest ? one.sub(f) : f, one)).mul(255.0f), y = x.add(MAGIC);
        IntVector t = y.reinterpretAsInts().sub(MAGIC_BITS)
            .add(-1, y.sub(MAGIC).reinterpretAsInts().compare(GT, x.reinterpretAsInts()));
        IntVector.fromArray(INTS, blk.tabs, j).or(t.lanewise(LSHL, shift)).intoArray(blk.tabs, j);
      }
    }
  }

  /** Each channel's tab by the hue's sector, stored as bytes. */
  private static final class Channels extends Pass {
    @Override
    void run(Block blk) {
      byte[] x = blk.x;
      int plane = blk.plane;
      IntVector red = IntVector.broadcast(INTS, RED_TABS), green = IntVector.broadcast(INTS, GREEN_TABS);
      IntVector blue = IntVector.broadcast(INTS, BLUE_TABS);
      for (int j = 0; j < blk.length; j += LANES) {
        int i = blk.start + j;
        IntVector sector = IntVector.fromArray(INTS, blk.hsv, j).and(0xFF).mul(2185).lanewise(ASHR, 16);
        sector = sector.sub(6, sector.compare(GE, 6));
        IntVector bits = sector.add(sector);
        IntVector tabs = IntVector.fromArray(INTS, blk.tabs, j);
        // Each channel's tab index (2 bits per sector), times 8: the shift that brings its byte down.
        IntVector rs = red.lanewise(LSHR, bits).and(3).lanewise(LSHL, 3);
        IntVector gs = green.lanewise(LSHR, bits).and(3).lanewise(LSHL, 3);
        IntVector bs = blue.lanewise(LSHR, bits).and(3).lanewise(LSHL, 3);
        ((ByteVector) tabs.lanewise(LSHR, rs).convertShape(I2B, BYTES, 0)).intoArray(x, i);
        ((ByteVector) tabs.lanewise(LSHR, gs).convertShape(I2B, BYTES, 0)).intoArray(x, plane + i);
        ((ByteVector) tabs.lanewise(LSHR, bs).convertShape(I2B, BYTES, 0)).intoArray(x, 2 * plane + i);
      }
    }
  }
}
