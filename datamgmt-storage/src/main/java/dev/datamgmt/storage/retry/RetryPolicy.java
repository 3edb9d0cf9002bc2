package dev.datamgmt.storage.retry;

import java.time.Duration;

/**
 * How often and how patiently a failed remote call is retried: up to {@link #maxAttempts()} attempts, with
 * "full jitter" exponential backoff between them (a delay drawn uniformly from {@code [0, min(maxDelay,
 * baseDelay * 2^retry)]}). The jitter is a pure function of (seed, call number, retry number), so a run with a
 * fixed seed waits exactly the same way every time.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.builder().optMaxAttempts(8).optBaseDelay(Duration.ofMillis(50)).optSeed(42).build();
 * }</pre>
 *
 * @param maxAttempts attempts in total, including the first; 1 means no retry
 * @param baseDelay the cap of the first backoff
 * @param maxDelay the largest cap of any backoff
 * @param seed the jitter seed
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, long seed) {
  /** Validates the settings. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    if (baseDelay == null || baseDelay.isNegative()) {
      throw new IllegalArgumentException("baseDelay must be >= 0: " + baseDelay);
    }
    if (maxDelay == null || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= baseDelay (" + baseDelay + "): " + maxDelay);
    }
  }

  /** 6 attempts, backoff from 100 ms up to 5 s, seed 0. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return builder().optMaxAttempts(1).build();
  }

  /** Starts a builder with the defaults of {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The wait before retry number {@code retry} (0 for the first retry) of call number {@code call}.
   *
   * @throws IllegalArgumentException if {@code retry < 0}
   */
  public Duration delay(long call, int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must be >= 0: " + retry);
    }
    if (baseDelay.isZero()) {
      return Duration.ZERO;
    }
    long cap = maxDelay.toNanos();
    // base << retry only when it cannot pass the cap, which also rules out overflow
    if (retry < 62 && baseDelay.toNanos() <= (cap >> retry)) {
      cap = baseDelay.toNanos() << retry;
    }
    if (cap == 0) {
      return Duration.ZERO;
    }
    double u = (mix(mix(seed ^ 0x9E3779B97F4A7C15L * (call + 1)) + retry) >>> 11) * 0x1.0p-53;
    return Duration.ofNanos((long) (u * cap));
  }

  /** SplitMix64's finalizer: a bijective mix, so nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Settings for a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 6;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(5);
    private long seed;

    private Builder() {}

    /** Attempts in total including the first (default 6). */
    public Builder optMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Cap of the first backoff (default 100 ms). */
    public Builder optBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
      return this;
    }

    /** Largest cap of any backoff (default 5 s). */
    public Builder optMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** Jitter seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalStateException if the maximum delay is shorter than the base delay (naming both settings)
     * @throws IllegalArgumentException naming the bad setting and value
     */
    public RetryPolicy build() {
      if (baseDelay != null && maxDelay != null && !baseDelay.isNegative() && maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalStateException("optMaxDelay(" + maxDelay + ") conflicts with optBaseDelay(" + baseDelay
            + "): the largest backoff cannot be shorter than the first");
      }
      return new RetryPolicy(maxAttempts, baseDelay, maxDelay, seed);
    }
  }
}
