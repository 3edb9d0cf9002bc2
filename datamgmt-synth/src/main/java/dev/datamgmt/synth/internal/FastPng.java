package dev.datamgmt.synth.internal;

import dev.datamgmt.storage.formats.Png;
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
    return Png.encodeFiltered(raw, width, height, 3, Deflater.BEST_SPEED);
  }
}
