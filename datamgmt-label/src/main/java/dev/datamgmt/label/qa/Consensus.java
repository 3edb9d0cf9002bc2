package dev.datamgmt.label.qa;

/**
 * The entry point for consensus: one class per item from several annotators' labels.
 *
 * <pre>{@code
 * ConsensusResult mv = Consensus.majorityVote(ratings);
 * ConsensusResult ds = Consensus.dawidSkene(ratings).optMaxIterations(200).build().fit();
 * }</pre>
 *
 * <p>Majority vote trusts every annotator equally. Dawid–Skene (1979) learns, by EM, a confusion matrix per
 * annotator and weighs their votes by it, so a few careful annotators outvote many careless ones; it beats
 * majority vote when annotators differ in quality (see the simulated test).
 */
public final class Consensus {
  private Consensus() {}

  /**
   * The class most raters chose per item; ties go to the lowest class index (deterministic). Posteriors are the
   * vote shares.
   */
  public static ConsensusResult majorityVote(Ratings ratings) {
    int[][] counts = ratings.counts();
    int[] labels = new int[counts.length];
    double[][] post = new double[counts.length][ratings.numClasses()];
    for (int i = 0; i < counts.length; i++) {
      int best = Ratings.MISSING;
      int total = 0;
      for (int c = 0; c < counts[i].length; c++) {
        total += counts[i][c];
        if (counts[i][c] > 0 && (best == Ratings.MISSING || counts[i][c] > counts[i][best])) {
          best = c;
        }
      }
      labels[i] = best;
      for (int c = 0; c < counts[i].length && total > 0; c++) {
        post[i][c] = counts[i][c] / (double) total;
      }
    }
    return new ConsensusResult(ratings, labels, post, null, 0);
  }

  /** A Dawid–Skene EM model for {@code ratings}. */
  public static DawidSkeneBuilder dawidSkene(Ratings ratings) {
    return new DawidSkeneBuilder(java.util.Objects.requireNonNull(ratings, "ratings"));
  }

  /** Builds a Dawid–Skene fit; deterministic (initialised from majority vote, no randomness). */
  public static final class DawidSkeneBuilder {
    private final Ratings ratings;
    private int maxIterations = 500;
    private double tolerance = 1e-5;
    private double smoothing = 0.01;

    private DawidSkeneBuilder(Ratings ratings) {
      this.ratings = ratings;
    }

    /** The most EM iterations (default 500; EM converges linearly, slowly when annotators are poor). */
    public DawidSkeneBuilder optMaxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /** Stop when no posterior moves more than this (default 1e-5). */
    public DawidSkeneBuilder optTolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /** Pseudo-count added to every confusion cell, so unseen cells are not zero (default 0.01). */
    public DawidSkeneBuilder optSmoothing(double smoothing) {
      this.smoothing = smoothing;
      return this;
    }

    /**
     * Validates the settings into a model.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public DawidSkene build() {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations < 1: " + maxIterations);
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("tolerance must be > 0: " + tolerance);
      }
      if (!(smoothing >= 0)) {
        throw new IllegalArgumentException("smoothing must be >= 0: " + smoothing);
      }
      return new DawidSkene(ratings, maxIterations, tolerance, smoothing);
    }
  }
}
