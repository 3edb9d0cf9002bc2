package dev.datamgmt.label.active;

/**
 * How uncertain a model is about one record, from its class probabilities; higher means more worth labeling.
 * The three classic measures (Settles, "Active Learning Literature Survey", 2009).
 */
public enum Uncertainty {
  /** {@code 1 - max p}: the model's best guess is weak. */
  LEAST_CONFIDENCE {
    @Override
    public double score(double[] p) {
      return 1 - top2(p)[0];
    }
  },
  /** {@code 1 - (p1 - p2)}: the two best classes are close. */
  MARGIN {
    @Override
    public double score(double[] p) {
      double[] t = top2(p);
      return 1 - (t[0] - t[1]);
    }
  },
  /** {@code -sum p log p}: the probability is spread over many classes. */
  ENTROPY {
    @Override
    public double score(double[] p) {
      double h = 0;
      for (double v : p) {
        if (v > 0) {
          h -= v * Math.log(v);
        }
      }
      return h;
    }
  };

  /**
   * The uncertainty of one record.
   *
   * @param probabilities class probabilities (non-negative; not re-normalised)
   */
  public abstract double score(double[] probabilities);

  private static double[] top2(double[] p) {
    if (p.length == 0) {
      throw new IllegalArgumentException("no class probabilities");
    }
    double a = Double.NEGATIVE_INFINITY;
    double b = 0;
    for (double v : p) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("class probability must be finite and >= 0: " + v);
      }
      if (v > a) {
        b = Math.max(a, 0);
        a = v;
      } else if (v > b) {
        b = v;
      }
    }
    return new double[] {a, b};
  }
}
