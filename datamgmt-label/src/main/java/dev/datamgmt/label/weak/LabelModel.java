package dev.datamgmt.label.weak;

import dev.datamgmt.label.qa.Ratings;
import java.util.Arrays;

/**
 * A generative label model: each labeling function has one unknown accuracy (when it votes, it is right with
 * probability {@code a_j}, otherwise it picks one of the other classes uniformly), the classes have a prior, and
 * functions are independent given the true class. Fitted by EM from the votes alone (no ground truth), it weighs
 * each vote by {@code log(a_j (k-1) / (1 - a_j))}, so accurate functions outvote noisy ones where majority vote
 * counts them equally. Built by {@link WeakSupervision#labelModel()}.
 *
 * <p>This is the "one-coin" model of the crowdsourcing literature, a simpler relative of Snorkel's matrix-completion
 * label model: it does not model correlated functions (two copies of one heuristic count twice).
 */
public final class LabelModel {
  private final int maxIterations;
  private final double tolerance;
  private final double initialAccuracy;

  private LabelModel(Builder b) {
    this.maxIterations = b.maxIterations;
    this.tolerance = b.tolerance;
    this.initialAccuracy = b.initialAccuracy;
  }

  /** The fitted model: estimated accuracies and probabilistic labels. */
  public static final class Fit {
    private final Ratings votes;
    private final double[] accuracy;
    private final double[] prior;
    private final double[][] posterior;

    private Fit(Ratings votes, double[] accuracy, double[] prior, double[][] posterior) {
      this.votes = votes;
      this.accuracy = accuracy;
      this.prior = prior;
      this.posterior = posterior;
    }

    /** The estimated accuracy of function {@code j} (column of the label matrix). */
    public double accuracy(int j) {
      return accuracy[j];
    }

    /** The estimated class prior. */
    public double[] prior() {
      return prior.clone();
    }

    /** The probabilistic label of item {@code i} (the prior where no function voted). */
    public double[] probabilities(int i) {
      return posterior[i].clone();
    }

    /** The most probable class of item {@code i}, or {@link Ratings#MISSING} if no function voted on it. */
    public int label(int i) {
      boolean voted = false;
      for (int j = 0; j < votes.numRaters(); j++) {
        voted |= votes.get(i, j) != Ratings.MISSING;
      }
      if (!voted) {
        return Ratings.MISSING;
      }
      int best = 0;
      for (int c = 1; c < posterior[i].length; c++) {
        if (posterior[i][c] > posterior[i][best]) {
          best = c;
        }
      }
      return best;
    }
  }

  /** Fits the model to a label matrix ({@link WeakSupervision#apply}); deterministic. */
  public Fit fit(Ratings votes) {
    int n = votes.numItems();
    int m = votes.numRaters();
    int k = votes.numClasses();
    if (k < 2) {
      throw new IllegalArgumentException("a label model needs >= 2 classes: " + k);
    }
    double[] acc = new double[m];
    Arrays.fill(acc, initialAccuracy);
    double[] prior = new double[k];
    Arrays.fill(prior, 1.0 / k);
    double[][] post = new double[n][k];
    for (int it = 0; it < maxIterations; it++) {
      // E step
      for (int i = 0; i < n; i++) {
        double[] lp = new double[k];
        for (int c = 0; c < k; c++) {
          lp[c] = Math.log(prior[c]);
        }
        for (int j = 0; j < m; j++) {
          int v = votes.get(i, j);
          if (v == Ratings.MISSING) {
            continue;
          }
          double right = Math.log(acc[j]);
          double wrong = Math.log((1 - acc[j]) / (k - 1));
          for (int c = 0; c < k; c++) {
            lp[c] += c == v ? right : wrong;
          }
        }
        double max = Arrays.stream(lp).max().orElseThrow();
        double z = 0;
        for (int c = 0; c < k; c++) {
          lp[c] = Math.exp(lp[c] - max);
          z += lp[c];
        }
        for (int c = 0; c < k; c++) {
          post[i][c] = lp[c] / z;
        }
      }
      // M step: accuracies and prior, with a weak pull toward the initial accuracy so that a function with few
      // votes does not reach 0 or 1
      double change = 0;
      for (int j = 0; j < m; j++) {
        double right = 1;
        double total = 1 / initialAccuracy;
        for (int i = 0; i < n; i++) {
          int v = votes.get(i, j);
          if (v != Ratings.MISSING) {
            right += post[i][v];
            total += 1;
          }
        }
        double a = Math.min(Math.max(right / total, 1e-4), 1 - 1e-4);
        change = Math.max(change, Math.abs(a - acc[j]));
        acc[j] = a;
      }
      Arrays.fill(prior, 1.0);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          prior[c] += post[i][c];
        }
      }
      for (int c = 0; c < k; c++) {
        prior[c] /= n + k;
      }
      if (change < tolerance) {
        break;
      }
    }
    return new Fit(votes, acc, prior, post);
  }

  /** Builds a label model. */
  public static final class Builder {
    private int maxIterations = 500;
    private double tolerance = 1e-6;
    private double initialAccuracy = 0.7;

    Builder() {}

    /** The most EM iterations (default 500). */
    public Builder optMaxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /** Stop when no accuracy moves more than this (default 1e-6). */
    public Builder optTolerance(double tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The accuracy every function starts from (default 0.7: better than chance, which breaks the symmetry
     * between a labeling and its permutation).
     */
    public Builder optInitialAccuracy(double initialAccuracy) {
      this.initialAccuracy = initialAccuracy;
      return this;
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public LabelModel build() {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations < 1: " + maxIterations);
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("tolerance must be > 0: " + tolerance);
      }
      if (!(initialAccuracy > 0 && initialAccuracy < 1)) {
        throw new IllegalArgumentException("initialAccuracy not in (0, 1): " + initialAccuracy);
      }
      return new LabelModel(this);
    }
  }
}
