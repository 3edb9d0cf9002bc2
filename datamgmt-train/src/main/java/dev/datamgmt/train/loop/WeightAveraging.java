package dev.datamgmt.train.loop;

import java.util.Locale;

/**
 * Which average of the weights the loop evaluates and hands back: the last step's weights jitter with the
 * last few batches, an average over the recent steps does not (Polyak averaging; Izmailov et al. 2018, SWA).
 * The loop keeps the average next to the trained weights, updates it after every optimizer step, evaluates the
 * validation data with it, and leaves it in the model when {@link TrainingLoop#fit()} returns.
 *
 * <pre>{@code
 * TrainingLoop.builder()...optWeightAveraging(WeightAveraging.ema(0.99)).build().fit();
 * // the model now holds the exponential moving average of its weights
 * }</pre>
 *
 * <p>Every parameter of the block is averaged, including those without gradients (batch-norm running
 * statistics), as timm's {@code ModelEmaV2} does. Checkpoints hold the trained weights, not the average; a
 * resumed run starts a new average from the resumed weights.
 */
public final class WeightAveraging {
  enum Kind { EMA, UNIFORM }

  private final Kind kind;
  private final double decay;
  private final int fromEpoch;

  private WeightAveraging(Kind kind, double decay, int fromEpoch) {
    this.kind = kind;
    this.decay = decay;
    this.fromEpoch = fromEpoch;
  }

  /**
   * An exponential moving average over all steps, {@code avg_t = decay * avg_(t-1) + (1 - decay) * w_t}, started
   * at zero and divided by {@code 1 - decay^t} (the bias correction Adam applies to its moments), so it is a
   * proper weighted mean of the weights seen so far from the first step on, with no pull towards the
   * initialization or zero. It averages over roughly the last {@code 1 / (1 - decay)} steps.
   *
   * @param decay in (0, 1), e.g. 0.99 for about the last 100 steps
   * @throws IllegalArgumentException if decay is outside (0, 1)
   */
  public static WeightAveraging ema(double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("ema decay must be in (0, 1): " + decay);
    }
    return new WeightAveraging(Kind.EMA, decay, 0);
  }

  /**
   * The plain mean of the weights after every step from the start of epoch {@code fromEpoch} on (stochastic
   * weight averaging with a per-step average). Before that epoch the average is the current weights.
   *
   * @throws IllegalArgumentException if fromEpoch is negative
   */
  public static WeightAveraging uniform(int fromEpoch) {
    if (fromEpoch < 0) {
      throw new IllegalArgumentException("uniform averaging fromEpoch must be >= 0: " + fromEpoch);
    }
    return new WeightAveraging(Kind.UNIFORM, 0, fromEpoch);
  }

  Kind kind() {
    return kind;
  }

  double decay() {
    return decay;
  }

  int fromEpoch() {
    return fromEpoch;
  }

  /**
   * The weight the average gives the newest weights at its {@code t}-th update (1-based) when it holds the
   * weighted mean: for EMA the bias-corrected {@code (1 - decay) / (1 - decay^t)}, for the uniform mean
   * {@code 1 / t}. The first update therefore copies the weights.
   */
  double newWeight(long t) {
    if (kind == Kind.UNIFORM) {
      return 1.0 / t;
    }
    return (1 - decay) / (1 - Math.pow(decay, t));
  }

  /** How the lineage records it, e.g. {@code ema(decay=0.99)} or {@code uniform(fromEpoch=2)}. */
  public String describe() {
    return kind == Kind.EMA ? String.format(Locale.ROOT, "ema(decay=%s)", decay)
        : "uniform(fromEpoch=" + fromEpoch + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
