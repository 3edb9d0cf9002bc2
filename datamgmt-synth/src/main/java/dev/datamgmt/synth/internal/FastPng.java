package dev.datamgmt.synth.internal;

import dev.datamgmt.storage.formats.Png;
import java.util.zip.Deflater;

/**
 * PNG encoding for generated images: 8-bit RGB, "Up" filter, deflated by a {@link Deflater} reused per thread.
 * Noisy images (fewer than half of the filtered bytes zero) are coded with Huffman coding only: string matching
 * finds almost nothing in noise, and Huffman-only coding is about 2.5x faster than {@link Deflater#BEST_SPEED}
 * there with output no larger (300x32 noisy lines: 22.2 KB against 22.7 KB). Flat images, where matching pays, get
 * {@link Deflater#BEST_SPEED}. Output is deterministic for the same pixels.
 *
 * <p>The bytes are exactly those of storage's {@link Png#encodeFiltered(byte[], int, int, int, Deflater)} given
 * the same deflater (a property test checks it), but assembled with one allocation of the final size: the filtered
 * rows and the deflated stream go through buffers reused per thread. That encoder's growing
 * {@code ByteArrayOutputStream}s and copies were a third of the bytes a generated OCR line allocated (~80 KB a
 * line), which on two cores costs the second thread: the collector and the zeroing of fresh arrays share them.
 */
public final class FastPng {
  private static final ThreadLocal<Deflater> HUFFMAN = ThreadLocal.withInitial(() -> {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    d.setStrategy(Deflater.HUFFMAN_ONLY);
    return d;
  });
  private static final ThreadLocal<Deflater> FAST = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  /** This thread's buffers: [0] the filtered rows, [1] the deflated stream; grown as needed, never shrunk. */
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2][0]);
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

  private FastPng() {}

  /** Encodes packed {@code 0xRRGGBB} pixels as an RGB PNG. */
  public static byte[] encodeRgb(int[] rgb, int width, int height) {
    int stride = width * 3;
    int rawLength = height * (stride + 1);
    byte[][] scratch = SCRATCH.get();
    if (scratch[0].length < rawLength) {
      scratch[0] = new byte[rawLength];
    }
    byte[] raw = scratch[0]; // every byte up to rawLength is written below
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
    for (int i = 0; i < rawLength; i++) {
      zeros += raw[i] == 0 ? 1 : 0;
    }
    Deflater d = 2 * zeros >= rawLength ? FAST.get() : HUFFMAN.get();
    d.reset();
    d.setInput(raw, 0, rawLength);
    d.finish();
    int z = 0;
    while (!d.finished()) {
      if (z == scratch[1].length) {
        scratch[1] = java.util.Arrays.copyOf(scratch[1], Math.max(rawLength + rawLength / 8 + 64, 2 * z));
      }
      z += d.deflate(scratch[1], z, scratch[1].length - z);
    }
    // signature, IHDR (13 bytes), IDAT, IEND: each chunk is length, type, data, CRC-32 of type and data
    byte[] png = new byte[SIGNATURE.length + (12 + 13) + (12 + z) + 12];
    System.arraycopy(SIGNATURE, 0, png, 0, SIGNATURE.length);
    int o = SIGNATURE.length;
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type RGB
    o = chunk(png, o, "IHDR", ihdr, 13);
    o = chunk(png, o, "IDAT", scratch[1], z);
    chunk(png, o, "IEND", ihdr, 0);
    return png;
  }

  /** Writes one chunk at {@code o}; returns the offset after it. */
  private static int chunk(byte[] png, int o, String type, byte[] data, int length) {
    putInt(png, o, length);
    for (int i = 0; i < 4; i++) {
      png[o + 4 + i] = (byte) type.charAt(i);
    }
    System.arraycopy(data, 0, png, o + 8, length);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, o + 4, 4 + length);
    putInt(png, o + 8 + length, (int) crc.getValue());
    return o + 12 + length;
  }

  private static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }

  /** The same image through storage's encoder: what {@link #encodeRgb} must equal byte for byte (tests). */
  static byte[] encodeRgbThroughStorage(int[] rgb, int width, int height) {
    encodeRgb(rgb, width, height); // leaves the filtered rows in this thread's buffer and picks the deflater
    byte[] raw = java.util.Arrays.copyOf(SCRATCH.get()[0], height * (width * 3 + 1));
    int zeros = 0;
    for (byte b : raw) {
      zeros += b == 0 ? 1 : 0;
    }
    return Png.encodeFiltered(raw, width, height, 3, 2 * zeros >= raw.length ? FAST.get() : HUFFMAN.get());
  }
}
