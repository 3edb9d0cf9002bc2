package dev.datamgmt.train.sampler;

/**
 * Stateless mixing of (seed, epoch, index) into random bits, so a draw never depends on the draws before it
 * (and so not on batch size or thread count).
 */
final class Mix {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Mix() {}

  /** SplitMix64's finalizer: a bijection with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A key for one epoch of one seed; draws are {@code mix64(key + (index + 1) * GOLDEN)}. */
  static long epochKey(long seed, int epoch) {
    return mix64(mix64(seed ^ 0x5DEECE66DL) + (epoch + 1L) * GOLDEN);
  }

  static long draw(long key, long index) {
    return mix64(key + (index + 1) * GOLDEN);
  }

  /** A uniform double in [0, 1) from 53 of the bits. */
  static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** A Fisher-Yates permutation of 0..n-1 seeded by (seed, epoch). */
  static long[] permutation(long seed, int epoch, int n) {
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, 0, n, epochKey(seed, epoch));
    return order;
  }

  static void shuffle(long[] a, int from, int to, long key) {
    for (int i = to - 1; i > from; i--) {
      int j = from + bounded(draw(key, i), i - from + 1);
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Maps bits to [0, bound) by a multiply-shift (Lemire), without modulo bias worth caring about at 2^-32. */
  static int bounded(long bits, int bound) {
    return (int) (((bits >>> 32) * bound) >>> 32);
  }
}
