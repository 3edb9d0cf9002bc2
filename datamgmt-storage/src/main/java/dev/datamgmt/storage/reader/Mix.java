package dev.datamgmt.storage.reader;

/** Derives independent 64-bit seeds from several inputs (SplitMix64 finalizer), so randomness can be split. */
final class Mix {
  private Mix() {}

  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = fmix(h ^ fmix(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
