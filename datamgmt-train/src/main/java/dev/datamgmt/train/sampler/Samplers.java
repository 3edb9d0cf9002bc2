package dev.datamgmt.train.sampler;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.ClassWeights;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The entry point for samplers. Every sampler is seeded and its order is a pure function of (seed, epoch).
 *
 * <pre>{@code
 * EpochSampler s = Samplers.classBalanced(labels, 10)
 *     .optScheme(ClassWeights.Scheme.EFFECTIVE_NUMBER, 0.999)
 *     .setBatchSize(128)
 *     .optSeed(42)
 *     .build();
 * for (int epoch = 0; epoch < 3; epoch++) {
 *   s.setEpoch(epoch);
 *   for (Batch b : dataset.getData(manager, s)) { ... }
 * }
 * }</pre>
 */
public final class Samplers {
  private Samplers() {}

  /** A uniform random permutation of the dataset every epoch. */
  public static EpochSampler random(int batchSize, long seed) {
    requireBatchSize(batchSize);
    return new RandomEpochSampler(batchSize, false, seed);
  }

  /** Draws indices in proportion to {@code weights} (one per dataset sample). */
  public static WeightedBuilder weighted(double[] weights) {
    return new WeightedBuilder(Objects.requireNonNull(weights, "weights").clone());
  }

  /** Draws every class equally often (or per {@link ClassWeights.Scheme}) given each sample's class label. */
  public static ClassBalancedBuilder classBalanced(int[] labels, int numClasses) {
    return new ClassBalancedBuilder(Objects.requireNonNull(labels, "labels").clone(), numClasses);
  }

  /** Batches that contain at least a given number of samples of every class. */
  public static StratifiedBuilder stratified(int[] labels, int numClasses) {
    return new StratifiedBuilder(Objects.requireNonNull(labels, "labels").clone(), numClasses);
  }

  /**
   * This rank's share of {@code inner}'s epochs. Give every rank an inner sampler built with the same seed.
   *
   * @throws IllegalArgumentException if worldSize &lt; 1 or rank is not in [0, worldSize)
   */
  public static EpochSampler distributed(EpochSampler inner, int rank, int worldSize) {
    Objects.requireNonNull(inner, "inner");
    if (worldSize < 1) {
      throw new IllegalArgumentException("worldSize must be >= 1: " + worldSize);
    }
    if (rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("rank must be in 0.." + (worldSize - 1) + ": " + rank);
    }
    return new DistributedEpochSampler(inner, rank, worldSize);
  }

  /**
   * Deferred re-sampling: {@code before}'s epochs until {@code fromEpoch}, {@code after}'s from it on (e.g.
   * uniform shuffling, then class-balanced sampling for the last epoch).
   *
   * @throws IllegalArgumentException if fromEpoch &lt; 0 or the two batch sizes differ
   */
  public static EpochSampler deferred(EpochSampler before, EpochSampler after, int fromEpoch) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (fromEpoch < 0) {
      throw new IllegalArgumentException("fromEpoch must be >= 0: " + fromEpoch);
    }
    if (before.getBatchSize() != after.getBatchSize()) {
      throw new IllegalArgumentException("batch sizes differ: before " + before.getBatchSize() + ", after "
          + after.getBatchSize());
    }
    return new DeferredEpochSampler(before, after, fromEpoch);
  }

  /** Re-weights samples by the previous epoch's losses and mistakes. */
  public static HardExampleBuilder hardExample(int datasetSize) {
    return new HardExampleBuilder(datasetSize);
  }

  static void requireBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
  }

  /** Builds a weighted sampler. */
  public static final class WeightedBuilder {
    private final double[] weights;
    private int batchSize;
    private long seed;
    private boolean replacement = true;
    private long epochLength;
    private boolean dropLast;

    private WeightedBuilder(double[] weights) {
      this.weights = weights;
    }

    /** Samples per batch (required). */
    public WeightedBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The seed (default 0). */
    public WeightedBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether an index may be drawn more than once per epoch (default true). */
    public WeightedBuilder optReplacement(boolean replacement) {
      this.replacement = replacement;
      return this;
    }

    /** Draws per epoch (default: the dataset size). */
    public WeightedBuilder optEpochLength(long epochLength) {
      this.epochLength = epochLength;
      return this;
    }

    /** Whether to drop a last, smaller batch (default false). */
    public WeightedBuilder optDropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @throws IllegalArgumentException naming the setting and value: batch size &lt; 1, a weight that is zero,
     *     negative or not finite, an epoch length &lt; 1 or, without replacement, above the dataset size
     */
    public EpochSampler build() {
      requireBatchSize(batchSize);
      if (epochLength < 0) {
        throw new IllegalArgumentException("epochLength must be >= 1: " + epochLength);
      }
      return new WeightedEpochSampler("weighted", weights, replacement, epochLength, batchSize, dropLast, seed,
          new TreeMap<>());
    }
  }

  /** Builds a class-balanced sampler. */
  public static final class ClassBalancedBuilder {
    private final int[] labels;
    private final int numClasses;
    private ClassWeights.Scheme scheme = ClassWeights.Scheme.INVERSE_FREQUENCY;
    private double beta;
    private int batchSize;
    private long seed;
    private long epochLength;
    private boolean replacement = true;

    private ClassBalancedBuilder(int[] labels, int numClasses) {
      this.labels = labels;
      this.numClasses = numClasses;
    }

    /**
     * How class counts become class weights (default inverse frequency, which draws every class equally
     * often). {@code beta} is used by {@link ClassWeights.Scheme#EFFECTIVE_NUMBER} only.
     */
    public ClassBalancedBuilder optScheme(ClassWeights.Scheme scheme, double beta) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      this.beta = beta;
      return this;
    }

    /** Samples per batch (required). */
    public ClassBalancedBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The seed (default 0). */
    public ClassBalancedBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Draws per epoch (default: the dataset size). */
    public ClassBalancedBuilder optEpochLength(long epochLength) {
      this.epochLength = epochLength;
      return this;
    }

    /** Whether an index may be drawn more than once per epoch (default true). */
    public ClassBalancedBuilder optReplacement(boolean replacement) {
      this.replacement = replacement;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @throws InvalidDataException if a label is outside [0, numClasses)
     * @throws IllegalArgumentException if a class has no samples, or a setting is invalid
     */
    public EpochSampler build() throws InvalidDataException {
      requireBatchSize(batchSize);
      long[] counts = ClassWeights.countLabels(labels, numClasses);
      float[] cw = ClassWeights.of(scheme, counts, beta);
      double[] w = new double[labels.length];
      for (int i = 0; i < labels.length; i++) {
        w[i] = cw[labels[i]];
      }
      TreeMap<String, String> extra = new TreeMap<>();
      extra.put("scheme", scheme.name());
      if (scheme == ClassWeights.Scheme.EFFECTIVE_NUMBER) {
        extra.put("beta", String.valueOf(beta));
      }
      extra.put("classCounts", Arrays.toString(counts));
      return new WeightedEpochSampler("class-balanced", w, replacement, epochLength, batchSize, false, seed, extra);
    }
  }

  /** Builds a stratified batch sampler. */
  public static final class StratifiedBuilder {
    private final int[] labels;
    private final int numClasses;
    private int batchSize;
    private int perClass = 1;
    private long seed;
    private long batchesPerEpoch;
    private boolean classBalancedRest;

    private StratifiedBuilder(int[] labels, int numClasses) {
      this.labels = labels;
      this.numClasses = numClasses;
    }

    /** Samples per batch (required); at least {@code perClass * numClasses}. */
    public StratifiedBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The minimum number of samples of each class in every batch (default 1). */
    public StratifiedBuilder optPerClass(int perClass) {
      this.perClass = perClass;
      return this;
    }

    /** The seed (default 0). */
    public StratifiedBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Batches per epoch (default: dataset size / batch size, rounded up). */
    public StratifiedBuilder optBatchesPerEpoch(long batchesPerEpoch) {
      this.batchesPerEpoch = batchesPerEpoch;
      return this;
    }

    /**
     * Where the rest of each batch (batchSize - perClass x numClasses samples) comes from: false (the default)
     * a shuffled pass over the whole dataset, which keeps the data's class proportions for those slots; true the
     * class pools in turn, so every class gets the same number of samples per epoch (within one) and the
     * sampler is a class-balanced sampler with less batch-to-batch variance than independent draws: each
     * class's samples are used without replacement until its pool is exhausted.
     */
    public StratifiedBuilder optClassBalancedRest(boolean classBalancedRest) {
      this.classBalancedRest = classBalancedRest;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @throws InvalidDataException if a label is outside [0, numClasses)
     * @throws IllegalArgumentException if a class is empty or the batch cannot hold perClass of every class
     */
    public EpochSampler build() throws InvalidDataException {
      requireBatchSize(batchSize);
      if (perClass < 1) {
        throw new IllegalArgumentException("perClass must be >= 1: " + perClass);
      }
      if ((long) perClass * numClasses > batchSize) {
        throw new IllegalArgumentException("batchSize " + batchSize + " cannot hold perClass " + perClass
            + " samples of each of " + numClasses + " classes");
      }
      long[] counts = ClassWeights.countLabels(labels, numClasses);
      long[][] byClass = new long[numClasses][];
      int[] fill = new int[numClasses];
      for (int c = 0; c < numClasses; c++) {
        if (counts[c] == 0) {
          throw new IllegalArgumentException("class " + c + " has no samples: a stratified batch needs "
              + perClass + " of every class (counts " + Arrays.toString(counts) + ")");
        }
        byClass[c] = new long[(int) counts[c]];
      }
      for (int i = 0; i < labels.length; i++) {
        byClass[labels[i]][fill[labels[i]]++] = i;
      }
      return new StratifiedBatchSampler(labels, byClass, perClass, classBalancedRest, batchesPerEpoch, batchSize,
          seed);
    }
  }

  /** Builds a hard-example sampler. */
  public static final class HardExampleBuilder {
    private final int size;
    private int batchSize;
    private long seed;
    private double lossWeight = 1;
    private double missWeight = 1;

    private HardExampleBuilder(int size) {
      this.size = size;
    }

    /** Samples per batch (required). */
    public HardExampleBuilder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The seed (default 0). */
    public HardExampleBuilder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How much a loss of the mean size adds to a sample's weight of 1 (default 1). */
    public HardExampleBuilder optLossWeight(double lossWeight) {
      this.lossWeight = lossWeight;
      return this;
    }

    /** How much a misclassification adds to a sample's weight (default 1). */
    public HardExampleBuilder optMissWeight(double missWeight) {
      this.missWeight = missWeight;
      return this;
    }

    /** Builds the sampler; rejects a size &lt; 1 and negative or non-finite weights. */
    public HardExampleSampler build() {
      requireBatchSize(batchSize);
      if (size < 1) {
        throw new IllegalArgumentException("datasetSize must be >= 1: " + size);
      }
      if (!(lossWeight >= 0) || Double.isInfinite(lossWeight)) {
        throw new IllegalArgumentException("lossWeight must be finite and >= 0: " + lossWeight);
      }
      if (!(missWeight >= 0) || Double.isInfinite(missWeight)) {
        throw new IllegalArgumentException("missWeight must be finite and >= 0: " + missWeight);
      }
      return new HardExampleEpochSampler(size, lossWeight, missWeight, batchSize, seed);
    }
  }
}
