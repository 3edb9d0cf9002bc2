package dev.datamgmt.storage.internal.parquet;

/**
 * Decompresses a raw Snappy block (the format Parquet's SNAPPY codec writes: a varint length, then literals and
 * back-references), in Java: no native library to extract and load on first use, and a loop small enough for
 * the JIT to compile early. Bounds-checked throughout; damage is a {@link LeanParquetException}.
 */
final class Snappy {
  private Snappy() {}

  /** Decompresses {@code src[from, from + len)} into a new array of exactly {@code expected} bytes. */
  static byte[] decompress(byte[] src, int from, int len, int expected) {
    int end = from + len;
    long read = LeanParquet.uvarint(src, from, end);
    long n = read >>> 3;
    int p = from + (int) (read & 7);
    if (n != expected) {
      throw new LeanParquetException("Snappy block holds " + n + " bytes, the page header says " + expected);
    }
    byte[] out = new byte[expected];
    int o = 0;
    while (p < end) {
      int tag = src[p++] & 0xff;
      int kind = tag & 3;
      if (kind == 0) {
        int l = tag >>> 2;
        if (l >= 60) {
          int bytes = l - 59;
          if (bytes > end - p) {
            throw new LeanParquetException("Snappy literal length runs past the end");
          }
          l = 0;
          for (int i = 0; i < bytes; i++) {
            l |= (src[p + i] & 0xff) << (8 * i);
          }
          p += bytes;
        }
        if (l < 0 || l >= end - p || l >= expected - o) {
          throw new LeanParquetException("Snappy literal of " + (l + 1L) + " bytes does not fit");
        }
        int count = l + 1;
        System.arraycopy(src, p, out, o, count);
        p += count;
        o += count;
      } else {
        int count;
        int offset;
        if (kind == 1) {
          if (p >= end) {
            throw new LeanParquetException("Snappy copy runs past the end");
          }
          count = 4 + ((tag >>> 2) & 7);
          offset = ((tag >>> 5) << 8) | (src[p++] & 0xff);
        } else if (kind == 2) {
          if (2 > end - p) {
            throw new LeanParquetException("Snappy copy runs past the end");
          }
          count = 1 + (tag >>> 2);
          offset = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8;
          p += 2;
        } else {
          if (4 > end - p) {
            throw new LeanParquetException("Snappy copy runs past the end");
          }
          count = 1 + (tag >>> 2);
          offset = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8 | (src[p + 2] & 0xff) << 16 | (src[p + 3] & 0xff) << 24;
          p += 4;
        }
        if (offset <= 0 || offset > o || count > expected - o) {
          throw new LeanParquetException("Snappy copy of " + count + " bytes from offset " + offset + " at " + o
              + " does not fit");
        }
        int s = o - offset;
        if (offset >= count) {
          System.arraycopy(out, s, out, o, count);
          o += count;
        } else {
          // overlapping copy: repeats the last `offset` bytes
          for (int i = 0; i < count; i++) {
            out[o++] = out[s + i];
          }
        }
      }
    }
    if (o != expected) {
      throw new LeanParquetException("Snappy block decoded to " + o + " bytes, expected " + expected);
    }
    return out;
  }
}
