package dev.datamgmt.label.qa;

/**
 * Dawid–Skene EM (Dawid and Skene, 1979): class priors and a confusion matrix per annotator, fitted by
 * expectation–maximisation from the labels alone; built by {@link Consensus#dawidSkene(Ratings)}.
 */
public final class DawidSkene {
  private final Ratings ratings;
  private final int maxIterations;
  private final double tolerance;
  private final double smoothing;

  DawidSkene(Ratings ratings, int maxIterations, double tolerance, double smoothing) {
    this.ratings = ratings;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
    this.smoothing = smoothing;
  }

  /** Runs EM from the majority-vote shares until the posteriors settle or the iteration limit. */
  public ConsensusResult fit() {
    int items = ratings.numItems();
    int raters = ratings.numRaters();
    int k = ratings.numClasses();
    double[][] t = new double[items][];
    ConsensusResult mv = Consensus.majorityVote(ratings);
    for (int i = 0; i < items; i++) {
      t[i] = mv.posterior(i);
    }
    double[] prior = new double[k];
    double[][][] conf = new double[raters][k][k];
    int it = 0;
    while (it < maxIterations) {
      it++;
      // M step
      java.util.Arrays.fill(prior, 0);
      for (int r = 0; r < raters; r++) {
        for (double[] row : conf[r]) {
          java.util.Arrays.fill(row, smoothing);
        }
      }
      int rated = 0;
      for (int i = 0; i < items; i++) {
        double sum = 0;
        for (double v : t[i]) {
          sum += v;
        }
        if (sum == 0) {
          continue; // nobody rated it
        }
        rated++;
        for (int c = 0; c < k; c++) {
          prior[c] += t[i][c];
        }
        for (int r = 0; r < raters; r++) {
          int l = ratings.get(i, r);
          if (l != Ratings.MISSING) {
            for (int c = 0; c < k; c++) {
              conf[r][c][l] += t[i][c];
            }
          }
        }
      }
      for (int c = 0; c < k; c++) {
        prior[c] = (prior[c] + 1e-9) / (rated + k * 1e-9);
      }
      for (int r = 0; r < raters; r++) {
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (double v : conf[r][c]) {
            s += v;
          }
          for (int l = 0; l < k; l++) {
            conf[r][c][l] = s == 0 ? 1.0 / k : conf[r][c][l] / s;
          }
        }
      }
      // E step, in log space
      double change = 0;
      for (int i = 0; i < items; i++) {
        double[] logp = new double[k];
        boolean any = false;
        for (int c = 0; c < k; c++) {
          logp[c] = Math.log(prior[c]);
        }
        for (int r = 0; r < raters; r++) {
          int l = ratings.get(i, r);
          if (l != Ratings.MISSING) {
            any = true;
            for (int c = 0; c < k; c++) {
              logp[c] += Math.log(Math.max(conf[r][c][l], 1e-300));
            }
          }
        }
        if (!any) {
          continue;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logp) {
          max = Math.max(max, v);
        }
        double z = 0;
        for (int c = 0; c < k; c++) {
          logp[c] = Math.exp(logp[c] - max);
          z += logp[c];
        }
        for (int c = 0; c < k; c++) {
          double p = logp[c] / z;
          change = Math.max(change, Math.abs(p - t[i][c]));
          t[i][c] = p;
        }
      }
      if (change < tolerance) {
        break;
      }
    }
    int[] labels = new int[items];
    for (int i = 0; i < items; i++) {
      int best = Ratings.MISSING;
      for (int c = 0; c < k; c++) {
        if (t[i][c] > 0 && (best == Ratings.MISSING || t[i][c] > t[i][best])) {
          best = c;
        }
      }
      labels[i] = best;
    }
    return new ConsensusResult(ratings, labels, t, conf, it);
  }
}
