package dev.datamgmt.synth.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG encoding for generated images: 8-bit RGB, "Up" filter, deflated by a {@link Deflater} reused per thread.
 * Noisy images (fewer than half of the filtered bytes zero) are coded with Huffman coding only: string matching
 * finds almost nothing in noise, and Huffman-only coding is about 2.5x faster than {@link Deflater#BEST_SPEED}
 * there with output no larger (300x32 noisy lines: 22.2 KB against 22.7 KB). Flat images, where matching pays, get
 * {@link Deflater#BEST_SPEED}. Output is deterministic for the same pixels.
 *
 * <p>The container (signature, IHDR, IDAT, IEND with CRCs) is written here rather than by storage's
 * {@code Png.encodeFiltered}, which deflates with a fresh default-strategy {@link Deflater} of a given level and has
 * no way to choose the strategy; a strategy parameter there would let this class go back to it.
 */
public final class FastPng {
  private static final ThreadLocal<Deflater> HUFFMAN = ThreadLocal.withInitial(() -> {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    d.setStrategy(Deflater.HUFFMAN_ONLY);
    return d;
  });
  private static final ThreadLocal<Deflater> FAST = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

  private FastPng() {}

  /** Encodes packed {@code 0xRRGGBB} pixels as an RGB PNG. */
  public static byte[] encodeRgb(int[] rgb, int width, int height) {
    int stride = width * 3;
    byte[] raw = new byte[height * (stride + 1)];
    for (int y = 0; y < height; y++) {
      int o = y * (stride + 1);
      raw[o] = (byte) (y == 0 ? 0 : 2);
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int c = rgb[row + x];
        int p = o + 1 + 3 * x;
        if (y == 0) {
          raw[p] = (byte) (c >>> 16);
          raw[p + 1] = (byte) (c >>> 8);
          raw[p + 2] = (byte) c;
        } else {
          int u = rgb[row - width + x];
          raw[p] = (byte) ((c >>> 16) - (u >>> 16));
          raw[p + 1] = (byte) ((c >>> 8) - (u >>> 8));
          raw[p + 2] = (byte) (c - u);
        }
      }
    }
    // Mostly-zero filtered rows (flat backgrounds) are where string matching pays: half the bytes zero or more
    int zeros = 0;
    for (byte b : raw) {
      zeros += b == 0 ? 1 : 0;
    }
    Deflater d = 2 * zeros >= raw.length ? FAST.get() : HUFFMAN.get();
    byte[] buf = BUFFER.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 128);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = 2;
    chunk(out, new byte[] {'I', 'H', 'D', 'R'}, ihdr, ihdr.length);
    ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length + 64);
    d.reset();
    d.setInput(raw);
    d.finish();
    while (!d.finished()) {
      int n = d.deflate(buf);
      z.write(buf, 0, n);
    }
    byte[] idat = z.toByteArray();
    chunk(out, new byte[] {'I', 'D', 'A', 'T'}, idat, idat.length);
    chunk(out, new byte[] {'I', 'E', 'N', 'D'}, new byte[0], 0);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, byte[] type, byte[] data, int length) {
    byte[] four = new byte[4];
    putInt(four, 0, length);
    out.writeBytes(four);
    out.writeBytes(type);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data, 0, length);
    putInt(four, 0, (int) crc.getValue());
    out.writeBytes(four);
  }

  private static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }
}
