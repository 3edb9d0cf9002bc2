package dev.datamgmt.core.seed;

import java.util.SplittableRandom;

/**
 * The one seed function: derives independent 64-bit stream seeds from (seed, epoch, index) or, for things
 * without epochs (a synthetic item, a sub-stream), from (seed, index).
 *
 * <p>The arithmetic (64-bit, wrapping; {@code G = 0x9E3779B97F4A7C15}; {@code mix64} the SplitMix64
 * finalizer) is the one FORMAT.md documents under "Randomness":
 *
 * <pre>
 * absorb(h, x)               = mix64(h ^ mix64(x + G))
 * derive(seed, epoch, index) = absorb(absorb(absorb(G, seed), epoch), index)
 * derive(seed, index)        = absorb(absorb(0xD1B54A32D192ED03, seed), index)
 * </pre>
 *
 * <p>Each {@code absorb} is a bijection of {@code h} for a fixed {@code x} and of {@code x} for a fixed
 * {@code h}, so two argument lists that differ in exactly one position always give different seeds; lists that
 * differ in more collide with probability 2<sup>-64</sup>. The two- and three-argument forms start from
 * different constants, so {@code derive(s, i)} is not {@code derive(s, 0, i)}.
 *
 * <p>A stream is {@code new SplittableRandom(derive(...))}: plain SplitMix64, whose {@code n}-th
 * {@code nextLong()} (0-based) is {@link #nth nth(s, n)} {@code = mix64(s + (n + 1) * G)} and whose
 * {@code nextDouble()} is {@link #unit unit(nextLong())}.
 *
 * <pre>{@code
 * SplittableRandom rng = Seeds.random(pipelineSeed, epoch, sampleIndex);   // one sample's parameters
 * long key = Seeds.epochKey(samplerSeed, epoch);                           // many draws of one epoch:
 * long bits = Seeds.absorb(key, position);                                 //   == derive(samplerSeed, epoch, position)
 * }</pre>
 */
public final class Seeds {
  /** The golden-ratio increment of SplitMix64, {@code 0x9E3779B97F4A7C15}. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** The starting value of the two-argument form, {@code 0xD1B54A32D192ED03}. */
  static final long NO_EPOCH_START = 0xD1B54A32D192ED03L;

  private Seeds() {}

  /**
   * The stream seed of item {@code index} in epoch {@code epoch} under {@code seed}. An {@code int} epoch is
   * sign-extended, so {@code epoch} may be given as either type.
   */
  public static long derive(long seed, long epoch, long index) {
    return absorb(epochKey(seed, epoch), index);
  }

  /** The stream seed of item {@code index} under {@code seed}, for things with no epoch. */
  public static long derive(long seed, long index) {
    return absorb(absorb(NO_EPOCH_START, seed), index);
  }

  /** The random stream of item {@code index} in epoch {@code epoch}: {@code SplittableRandom(derive(...))}. */
  public static SplittableRandom random(long seed, long epoch, long index) {
    return new SplittableRandom(derive(seed, epoch, index));
  }

  /** The random stream of item {@code index}, no epoch: {@code SplittableRandom(derive(seed, index))}. */
  public static SplittableRandom random(long seed, long index) {
    return new SplittableRandom(derive(seed, index));
  }

  /**
   * The first two steps of {@link #derive(long, long, long)}, for loops that derive many indices of one
   * epoch: {@code derive(seed, epoch, i) == absorb(epochKey(seed, epoch), i)}.
   */
  public static long epochKey(long seed, long epoch) {
    return absorb(absorb(GOLDEN, seed), epoch);
  }

  /** One step of the derivation: {@code mix64(h ^ mix64(x + G))}. */
  public static long absorb(long h, long x) {
    return mix64(h ^ mix64(x + GOLDEN));
  }

  /** The SplitMix64 finalizer (Stafford's variant 13): a bijection of 64-bit values with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The {@code n}-th (0-based) {@code nextLong()} of {@code new SplittableRandom(streamSeed)}, without running
   * the stream: {@code mix64(streamSeed + (n + 1) * G)}.
   */
  public static long nth(long streamSeed, long n) {
    return mix64(streamSeed + (n + 1) * GOLDEN);
  }

  /** A uniform double in [0, 1) from the high 53 bits: {@code (bits >>> 11) * 2^-53}, as SplittableRandom does. */
  public static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  /**
   * Maps random bits to [0, {@code bound}) by a multiply-shift of the high 32 bits (Lemire):
   * {@code ((bits >>> 32) * bound) >>> 32}. The bias is below 2<sup>-32</sup> per value.
   *
   * @throws IllegalArgumentException if {@code bound < 1}
   */
  public static int bounded(long bits, int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1: " + bound);
    }
    return (int) (((bits >>> 32) * bound) >>> 32);
  }

  /**
   * Shuffles {@code a[from, to)} in place (Fisher-Yates, from the top): for {@code i} from {@code to - 1} down to
   * {@code from + 1}, swap {@code a[i]} with {@code a[from + bounded(absorb(key, i - from), i - from + 1)]}.
   * With {@code key = epochKey(seed, epoch)} the draw at offset {@code k} is {@code derive(seed, epoch, k)}.
   */
  public static void shuffle(long[] a, int from, int to, long key) {
    for (int i = to - 1; i > from; i--) {
      int j = from + bounded(absorb(key, i - from), i - from + 1);
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The permutation of 0..n-1 of one epoch: the identity {@link #shuffle shuffled} with {@code epochKey(seed, epoch)}. */
  public static long[] permutation(long seed, long epoch, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, 0, n, epochKey(seed, epoch));
    return order;
  }
}
