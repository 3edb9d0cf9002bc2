package dev.datamgmt.label.studio;

import java.io.ByteArrayOutputStream;

/**
 * Label Studio's brush RLE: the {@code @thi.ng/rle-pack} encoding of a mask's RGBA bytes (width x height x 4) that
 * Label Studio's frontend writes in a {@code brushlabels} result's {@code value.rle} and that
 * label-studio-converter's {@code decode_rle} reads. Bits are written most significant first: a 32-bit count of
 * values, the word size minus 1 (5 bits), four run-length size classes minus 1 (4 bits each), then chunks: a flag
 * bit (1: a run of one repeated value, 0: literal values), a 2-bit size class, the chunk length minus 1 in that
 * class's bits, then the value (run) or the values (literal) in word-size bits each.
 */
final class BrushRle {
  private static final int WORD = 8;
  private static final int[] SIZES = {3, 4, 8, 16};

  private BrushRle() {}

  /** Thrown for an RLE that cannot be decoded; the message says what was wrong. */
  static final class MalformedRleException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRleException(String message) {
      super(message);
    }
  }

  /** Encodes {@code data} (bytes, e.g. RGBA pixels) as Label Studio's RLE, one int 0..255 per byte. */
  static int[] encode(byte[] data) {
    BitWriter w = new BitWriter();
    w.write(data.length, 32);
    w.write(WORD - 1, 5);
    for (int s : SIZES) {
      w.write(s - 1, 4);
    }
    int max = 1 << SIZES[SIZES.length - 1];
    int i = 0;
    while (i < data.length) {
      int run = 1;
      while (i + run < data.length && data[i + run] == data[i] && run < max) {
        run++;
      }
      if (run >= 2) {
        w.write(1, 1);
        writeLength(w, run);
        w.write(data[i] & 0xFF, WORD);
        i += run;
      } else {
        // literal values up to the next run of two or more
        int j = i + 1;
        while (j < data.length && j - i < max && !(j + 1 < data.length && data[j + 1] == data[j])) {
          j++;
        }
        w.write(0, 1);
        writeLength(w, j - i);
        for (int k = i; k < j; k++) {
          w.write(data[k] & 0xFF, WORD);
        }
        i = j;
      }
    }
    byte[] bytes = w.toByteArray();
    int[] out = new int[bytes.length];
    for (int k = 0; k < bytes.length; k++) {
      out[k] = bytes[k] & 0xFF;
    }
    return out;
  }

  private static void writeLength(BitWriter w, int n) {
    for (int c = 0; c < SIZES.length; c++) {
      if (n - 1 < (1L << SIZES[c])) {
        w.write(c, 2);
        w.write(n - 1, SIZES[c]);
        return;
      }
    }
    throw new AssertionError(n);
  }

  /**
   * Decodes an RLE whose decoded length must be {@code expectedLength}.
   *
   * @throws MalformedRleException if a value is not a byte, the header is impossible, the bits end early, or the
   *     decoded length differs
   */
  static byte[] decode(int[] rle, int expectedLength) throws MalformedRleException {
    byte[] bytes = new byte[rle.length];
    for (int k = 0; k < rle.length; k++) {
      if (rle[k] < 0 || rle[k] > 255) {
        throw new MalformedRleException("rle[" + k + "] is " + rle[k] + ", not a byte (0..255)");
      }
      bytes[k] = (byte) rle[k];
    }
    BitReader r = new BitReader(bytes);
    long num = r.read(32);
    if (num != expectedLength) {
      throw new MalformedRleException("it decodes to " + num + " values, not width x height x 4 = "
          + expectedLength);
    }
    int word = (int) r.read(5) + 1;
    if (word > WORD) {
      throw new MalformedRleException("word size " + word + " bits, more than a byte");
    }
    int[] sizes = new int[4];
    for (int c = 0; c < 4; c++) {
      sizes[c] = (int) r.read(4) + 1;
    }
    byte[] out = new byte[expectedLength];
    int i = 0;
    while (i < expectedLength) {
      boolean repeat = r.read(1) == 1;
      long n = r.read(sizes[(int) r.read(2)]) + 1;
      if (i + n > expectedLength) {
        throw new MalformedRleException("a chunk of " + n + " values at value " + i + " runs past the end ("
            + expectedLength + ")");
      }
      if (repeat) {
        byte v = (byte) r.read(word);
        java.util.Arrays.fill(out, i, (int) (i + n), v);
        i += (int) n;
      } else {
        for (long k = 0; k < n; k++) {
          out[i++] = (byte) r.read(word);
        }
      }
    }
    return out;
  }

  private static final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int used;

    void write(long value, int bits) {
      for (int b = bits - 1; b >= 0; b--) {
        current = (current << 1) | (int) ((value >>> b) & 1);
        if (++used == 8) {
          out.write(current);
          current = 0;
          used = 0;
        }
      }
    }

    byte[] toByteArray() {
      if (used > 0) {
        out.write(current << (8 - used));
        current = 0;
        used = 0;
      }
      return out.toByteArray();
    }
  }

  private static final class BitReader {
    private final byte[] data;
    private long pos;

    BitReader(byte[] data) {
      this.data = data;
    }

    long read(int bits) throws MalformedRleException {
      if (pos + bits > data.length * 8L) {
        throw new MalformedRleException("the bits end early (" + data.length + " bytes)");
      }
      long v = 0;
      for (int b = 0; b < bits; b++, pos++) {
        v = (v << 1) | ((data[(int) (pos >>> 3)] >> (7 - (pos & 7))) & 1);
      }
      return v;
    }
  }
}
