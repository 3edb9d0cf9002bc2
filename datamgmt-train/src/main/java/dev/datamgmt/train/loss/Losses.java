package dev.datamgmt.train.loss;

import java.util.Arrays;
import java.util.Objects;

/**
 * The entry point for losses.
 *
 * <pre>{@code
 * Loss focal = Losses.softmaxFocal().optGamma(2).optAlpha(ClassWeights.effectiveNumber(counts, 0.999)).build();
 * Loss binary = Losses.sigmoidFocal().build();                      // torchvision defaults: alpha 0.25, gamma 2
 * Loss ce = Losses.crossEntropy().optClassWeights(w).optLabelSmoothing(0.1f).build();
 * Loss balanced = Losses.balancedSoftmax(counts).build();
 * Loss simclr = Losses.ntXent().optTemperature(0.5f).build();        // self-supervised, two views
 * }</pre>
 */
public final class Losses {
  private Losses() {}

  /** Sigmoid focal loss, torchvision semantics (alpha 0.25, gamma 2, mean). */
  public static SigmoidFocalBuilder sigmoidFocal() {
    return new SigmoidFocalBuilder();
  }

  /** Softmax focal loss (gamma 2, no alpha, mean). */
  public static SoftmaxFocalBuilder softmaxFocal() {
    return new SoftmaxFocalBuilder();
  }

  /** Softmax cross-entropy with optional per-class weights and label smoothing. */
  public static CrossEntropyBuilder crossEntropy() {
    return new CrossEntropyBuilder("cross-entropy");
  }

  /**
   * Balanced softmax: cross-entropy on {@code logits + tau * log(prior)} with the prior from the training
   * class counts (tau 1 by default). At inference use the plain logits.
   *
   * @throws IllegalArgumentException if a count is zero or negative (its log prior would be -infinity)
   */
  public static CrossEntropyBuilder balancedSoftmax(long[] classCounts) {
    Objects.requireNonNull(classCounts, "classCounts");
    if (classCounts.length == 0) {
      throw new IllegalArgumentException("classCounts must name at least one class");
    }
    double total = 0;
    for (int c = 0; c < classCounts.length; c++) {
      if (classCounts[c] <= 0) {
        throw new IllegalArgumentException("classCounts[" + c + "] must be > 0: " + classCounts[c]
            + " in " + Arrays.toString(classCounts));
      }
      total += classCounts[c];
    }
    double[] logPrior = new double[classCounts.length];
    for (int c = 0; c < classCounts.length; c++) {
      logPrior[c] = Math.log(classCounts[c] / total);
    }
    CrossEntropyBuilder b = new CrossEntropyBuilder("balanced-softmax");
    b.logPrior = logPrior;
    return b;
  }

  /** NT-Xent (SimCLR) on two views' embeddings (temperature 0.5); see {@link NtXentLoss}. */
  public static NtXentBuilder ntXent() {
    return new NtXentBuilder();
  }

  /** Builds an {@link NtXentLoss}. */
  public static final class NtXentBuilder {
    private String name = "NtXentLoss";
    private float temperature = 0.5f;

    private NtXentBuilder() {}

    /** The name DJL reports the loss under. */
    public NtXentBuilder optName(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The temperature dividing the cosine similarities (default 0.5; SimCLR used 0.1 to 1). */
    public NtXentBuilder optTemperature(float temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Builds the loss.
     *
     * @throws IllegalArgumentException if the temperature is not a positive finite number
     */
    public NtXentLoss build() {
      if (!(temperature > 0) || !Float.isFinite(temperature)) {
        throw new IllegalArgumentException("temperature must be > 0 and finite: " + temperature);
      }
      return new NtXentLoss(name, temperature);
    }
  }

  static Reduction checkReduction(Reduction r) {
    return Objects.requireNonNull(r, "reduction");
  }

  /** Builds a {@link SigmoidFocalLoss}. */
  public static final class SigmoidFocalBuilder {
    private String name = "SigmoidFocalLoss";
    private float alpha = 0.25f;
    private float gamma = 2f;
    private Reduction reduction = Reduction.MEAN;
    private float[] classWeights;

    private SigmoidFocalBuilder() {}

    /** The name DJL reports the loss under. */
    public SigmoidFocalBuilder optName(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Weight of positives in [0, 1] (negatives get 1 - alpha); negative disables weighting. Default 0.25. */
    public SigmoidFocalBuilder optAlpha(float alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Focusing exponent, &gt;= 0 (0 gives cross-entropy). Default 2. */
    public SigmoidFocalBuilder optGamma(float gamma) {
      this.gamma = gamma;
      return this;
    }

    /** Default {@link Reduction#MEAN}. */
    public SigmoidFocalBuilder optReduction(Reduction reduction) {
      this.reduction = checkReduction(reduction);
      return this;
    }

    /** Per-class (per-column) weights, e.g. {@link dev.datamgmt.train.ClassWeights#effectiveNumber}. */
    public SigmoidFocalBuilder optClassWeights(float[] classWeights) {
      this.classWeights = classWeights;
      return this;
    }

    /** Builds; rejects alpha above 1 or NaN, gamma negative or not finite, and non-positive class weights. */
    public SigmoidFocalLoss build() {
      if (Float.isNaN(alpha) || alpha > 1) {
        throw new IllegalArgumentException("alpha must be in [0, 1], or negative to disable it: " + alpha);
      }
      checkGamma(gamma);
      return new SigmoidFocalLoss(name, alpha, gamma, reduction,
          LossSupport.checkedWeights("classWeights", classWeights, false));
    }
  }

  static void checkGamma(float gamma) {
    if (!(gamma >= 0) || Float.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma must be finite and >= 0: " + gamma);
    }
  }

  /** Builds a {@link SoftmaxFocalLoss}. */
  public static final class SoftmaxFocalBuilder {
    private String name = "SoftmaxFocalLoss";
    private float gamma = 2f;
    private float[] alpha;
    private Reduction reduction = Reduction.MEAN;

    private SoftmaxFocalBuilder() {}

    /** The name DJL reports the loss under. */
    public SoftmaxFocalBuilder optName(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Focusing exponent, &gt;= 0 (0 gives cross-entropy). Default 2. */
    public SoftmaxFocalBuilder optGamma(float gamma) {
      this.gamma = gamma;
      return this;
    }

    /** Per-class weights (alpha), one per class, each &gt; 0; e.g. class-balanced weights. */
    public SoftmaxFocalBuilder optAlpha(float[] alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Default {@link Reduction#MEAN} (over samples). */
    public SoftmaxFocalBuilder optReduction(Reduction reduction) {
      this.reduction = checkReduction(reduction);
      return this;
    }

    /** Builds; rejects a negative or non-finite gamma and alphas that are not positive and finite. */
    public SoftmaxFocalLoss build() {
      checkGamma(gamma);
      return new SoftmaxFocalLoss(name, gamma, LossSupport.checkedWeights("alpha", alpha, false), reduction);
    }
  }

  /** Builds a {@link WeightedCrossEntropyLoss}. */
  public static final class CrossEntropyBuilder {
    private final String kind;
    private String name;
    private float[] classWeights;
    private float labelSmoothing;
    private Reduction reduction = Reduction.MEAN;
    private double[] logPrior;
    private float tau = 1f;

    private CrossEntropyBuilder(String kind) {
      this.kind = kind;
      this.name = kind.equals("cross-entropy") ? "WeightedCrossEntropyLoss" : "BalancedSoftmaxLoss";
    }

    /** The name DJL reports the loss under. */
    public CrossEntropyBuilder optName(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Per-class weights, each &gt; 0 (e.g. class-balanced weights). */
    public CrossEntropyBuilder optClassWeights(float[] classWeights) {
      this.classWeights = classWeights;
      return this;
    }

    /** Label smoothing in [0, 1). Default 0. */
    public CrossEntropyBuilder optLabelSmoothing(float labelSmoothing) {
      this.labelSmoothing = labelSmoothing;
      return this;
    }

    /** Scale of the logit adjustment for a balanced softmax (default 1). */
    public CrossEntropyBuilder optTau(float tau) {
      this.tau = tau;
      return this;
    }

    /** Default {@link Reduction#MEAN}. */
    public CrossEntropyBuilder optReduction(Reduction reduction) {
      this.reduction = checkReduction(reduction);
      return this;
    }

    /** Builds; rejects label smoothing outside [0, 1), a non-finite tau and non-positive class weights. */
    public WeightedCrossEntropyLoss build() {
      if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
        throw new IllegalArgumentException("labelSmoothing must be in [0, 1): " + labelSmoothing);
      }
      if (!Float.isFinite(tau)) {
        throw new IllegalArgumentException("tau must be finite: " + tau);
      }
      float[] adjust = null;
      if (logPrior != null) {
        adjust = new float[logPrior.length];
        for (int c = 0; c < adjust.length; c++) {
          adjust[c] = (float) (tau * logPrior[c]);
        }
      }
      return new WeightedCrossEntropyLoss(name, kind, LossSupport.checkedWeights("classWeights", classWeights, false),
          labelSmoothing, adjust, reduction);
    }
  }
}
