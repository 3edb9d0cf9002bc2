package dev.datamgmt.label.qa;

import java.util.List;
import java.util.Optional;

/**
 * The consensus of {@link Ratings}: a class per item with its posterior probabilities and, for models of the
 * annotators (Dawid–Skene), each annotator's estimated confusion matrix.
 */
public final class ConsensusResult {
  private final Ratings ratings;
  private final int[] labels;
  private final double[][] posteriors;
  private final double[][][] confusions;
  private final int iterations;

  ConsensusResult(Ratings ratings, int[] labels, double[][] posteriors, double[][][] confusions, int iterations) {
    this.ratings = ratings;
    this.labels = labels;
    this.posteriors = posteriors;
    this.confusions = confusions;
    this.iterations = iterations;
  }

  /** The item ids, in the order of {@link #label(int)}. */
  public List<String> itemIds() {
    return ratings.itemIds();
  }

  /** The consensus class of item {@code item}, or {@link Ratings#MISSING} if nobody rated it. */
  public int label(int item) {
    return labels[item];
  }

  /** All consensus classes, by item. */
  public int[] labels() {
    return labels.clone();
  }

  /** The probability of each class for item {@code item} (vote shares for majority vote). */
  public double[] posterior(int item) {
    return posteriors[item].clone();
  }

  /** The consensus class's probability for item {@code item}: a confidence. */
  public double confidence(int item) {
    return labels[item] == Ratings.MISSING ? 0 : posteriors[item][labels[item]];
  }

  /**
   * Annotator {@code rater}'s estimated confusion matrix: {@code [true class][given class]} probabilities (rows sum
   * to 1); empty for majority vote.
   */
  public Optional<double[][]> confusion(int rater) {
    if (confusions == null) {
      return Optional.empty();
    }
    double[][] c = new double[confusions[rater].length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = confusions[rater][i].clone();
    }
    return Optional.of(c);
  }

  /**
   * Annotator {@code rater}'s estimated accuracy: the probability their label is right, weighted by how often each
   * true class occurs among the items they rated (posterior-weighted); NaN for majority vote.
   */
  public double estimatedAccuracy(int rater) {
    if (confusions == null) {
      return Double.NaN;
    }
    double right = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      if (ratings.get(i, rater) == Ratings.MISSING) {
        continue;
      }
      for (int c = 0; c < posteriors[i].length; c++) {
        right += posteriors[i][c] * confusions[rater][c][c];
        total += posteriors[i][c];
      }
    }
    return total == 0 ? Double.NaN : right / total;
  }

  /** EM iterations run (0 for majority vote). */
  public int iterations() {
    return iterations;
  }
}
