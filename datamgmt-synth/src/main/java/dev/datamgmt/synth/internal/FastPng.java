package dev.datamgmt.synth.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG encoding for generated images: 8-bit gray or RGB, "Up" filter, deflate at {@link Deflater#BEST_SPEED}.
 * Synthetic images are mostly noise, which no deflate level compresses much, so the fastest level costs a few
 * percent of size and saves most of the encoding time. Output is deterministic for the same pixels.
 */
public final class FastPng {
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
    return wrap(raw, width, height, 2);
  }

  private static byte[] wrap(byte[] raw, int width, int height, int colourType) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    byte[] z;
    try {
      d.setInput(raw);
      d.finish();
      byte[] buf = new byte[raw.length + raw.length / 100 + 64];
      int n = 0;
      while (!d.finished()) {
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        n += d.deflate(buf, n, buf.length - n);
      }
      z = java.util.Arrays.copyOf(buf, n);
    } finally {
      d.end();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(z.length + 64);
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = (byte) colourType;
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
