package dev.datamgmt.augment;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from (seed, epoch, sample index) and from a parent stream.
 *
 * <p>The derivation is a pure function of its arguments, so a sample gets the same random parameters
 * whatever the batch size, thread count or backend that processes it.
 */
public final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The SplitMix64 finalizer: a bijective 64-bit mix with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A 64-bit seed for sample {@code index} of epoch {@code epoch} under pipeline seed {@code seed}. */
  public static long sampleSeed(long seed, long epoch, long index) {
    long h = mix64(seed + GOLDEN);
    h = mix64(h ^ (epoch * 0xD1B54A32D192ED03L + GOLDEN));
    return mix64(h ^ (index * 0xAEF17502108EF2D9L + 0x632BE59BD9B4E019L));
  }

  /** The random stream of one sample. */
  public static SplittableRandom forSample(long seed, long epoch, long index) {
    return new SplittableRandom(sampleSeed(seed, epoch, index));
  }
}
