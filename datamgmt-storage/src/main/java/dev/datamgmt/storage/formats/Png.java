package dev.datamgmt.storage.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for 8-bit grayscale and RGB pixels, used when importing raw pixel formats (IDX) so the
 * repository holds ordinary, viewable image files. Every row uses the "Up" filter, which suits scans and
 * renderings; output is a valid PNG any decoder reads.
 */
public final class Png {
  private Png() {}

  /**
   * Encodes {@code channels} (1 = gray, 3 = RGB) by {@code height} by {@code width} bytes, row-major, channels
   * interleaved.
   */
  public static byte[] encode(byte[] pixels, int width, int height, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (width <= 0 || height <= 0 || (long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException("pixels.length must be width*height*channels = "
          + ((long) width * height * channels) + ": " + pixels.length);
    }
    int stride = width * channels;
    byte[] raw = new byte[height * (stride + 1)];
    for (int y = 0; y < height; y++) {
      int o = y * (stride + 1);
      raw[o] = (byte) (y == 0 ? 0 : 2);
      for (int i = 0; i < stride; i++) {
        int v = pixels[y * stride + i];
        raw[o + 1 + i] = (byte) (y == 0 ? v : v - pixels[(y - 1) * stride + i]);
      }
    }
    return encodeFiltered(raw, width, height, channels, 6);
  }

  /**
   * Wraps rows that are already filtered (each {@code stride + 1} bytes: a PNG filter-type byte, then the
   * filtered samples) into a PNG, deflated at {@code level}; for encoders with their own pixel layout or speed
   * needs (the synthetic-data generators use {@link Deflater#BEST_SPEED}). Deterministic for the same input.
   *
   * @param filteredRows {@code height * (width * channels + 1)} bytes
   * @param channels 1 (gray) or 3 (RGB)
   * @param level a {@link Deflater} level, 0 to 9
   */
  public static byte[] encodeFiltered(byte[] filteredRows, int width, int height, int channels, int level) {
    Deflater d = new Deflater(level);
    try {
      return encodeFiltered(filteredRows, width, height, channels, d);
    } finally {
      d.end();
    }
  }

  /**
   * As {@link #encodeFiltered(byte[], int, int, int, int)}, deflated by the caller's {@code deflater} (its level and
   * strategy, e.g. {@link Deflater#HUFFMAN_ONLY} for noise): reset before use and left open, so a caller can keep
   * one per thread.
   */
  public static byte[] encodeFiltered(byte[] filteredRows, int width, int height, int channels, Deflater deflater) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if ((long) height * ((long) width * channels + 1) != filteredRows.length) {
      throw new IllegalArgumentException("filteredRows.length must be height*(width*channels+1) = "
          + ((long) height * ((long) width * channels + 1)) + ": " + filteredRows.length);
    }
    deflater.reset();
    deflater.setInput(filteredRows);
    deflater.finish();
    ByteArrayOutputStream zo = new ByteArrayOutputStream(filteredRows.length / 2 + 64);
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      int n = deflater.deflate(buf);
      zo.write(buf, 0, n);
    }
    byte[] z = zo.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(z.length + 64);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = (byte) (channels == 1 ? 0 : 2);
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int o, int v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }
}
