package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.ClassWeights;
import java.util.Arrays;

/**
 * SMOTE-style oversampling (Chawla et al. 2002) of feature vectors or embeddings: every class is topped up
 * to the size of the largest class (or a set target) with points on the segment between a sample and one
 * of its k nearest same-class neighbours. Deterministic for a seed: synthetic point j of class c depends
 * only on (seed, c, j).
 *
 * <pre>{@code
 * Smote.Result r = Smote.builder().optK(5).optSeed(7).build().oversample(features, labels, 3);
 * }</pre>
 */
public final class Smote {
  private final int k;
  private final long seed;
  private final int targetPerClass;

  private Smote(Builder b) {
    this.k = b.k;
    this.seed = b.seed;
    this.targetPerClass = b.targetPerClass;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The originals followed by the synthetic samples.
   *
   * @param features all feature vectors, originals first
   * @param labels their classes
   * @param sourceIndex for each synthetic sample, the original it was interpolated from (-1 for originals)
   */
  public record Result(float[][] features, int[] labels, int[] sourceIndex) {}

  /**
   * Oversamples.
   *
   * @throws InvalidDataException if a label is out of range, vectors differ in length or hold a non-finite
   *     value (naming the sample)
   * @throws IllegalArgumentException if a class has no samples (nothing to interpolate from)
   */
  public Result oversample(float[][] features, int[] labels, int numClasses) throws InvalidDataException {
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          "features and labels differ in length: " + features.length + " vs " + labels.length);
    }
    long[] counts = ClassWeights.countLabels(labels, numClasses);
    int dim = features.length == 0 ? 0 : features[0].length;
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != dim) {
        throw new InvalidDataException("feature vector length differs", "sample " + i, dim + " values",
            features[i].length + " values");
      }
      for (float v : features[i]) {
        if (!Float.isFinite(v)) {
          throw new InvalidDataException("non-finite feature", "sample " + i, "finite values", String.valueOf(v));
        }
      }
    }
    long max = Arrays.stream(counts).max().orElse(0);
    long target = targetPerClass > 0 ? targetPerClass : max;
    int[][] members = new int[numClasses][];
    int[] fill = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      if (counts[c] == 0) {
        throw new IllegalArgumentException("class " + c + " has no samples: SMOTE needs at least one to oversample"
            + " (counts " + Arrays.toString(counts) + ")");
      }
      members[c] = new int[(int) counts[c]];
    }
    for (int i = 0; i < labels.length; i++) {
      members[labels[i]][fill[labels[i]]++] = i;
    }
    int extra = 0;
    for (int c = 0; c < numClasses; c++) {
      extra += (int) Math.max(0, target - counts[c]);
    }
    float[][] outX = Arrays.copyOf(features, features.length + extra);
    int[] outY = Arrays.copyOf(labels, labels.length + extra);
    int[] src = new int[outY.length];
    Arrays.fill(src, -1);
    int o = features.length;
    for (int c = 0; c < numClasses; c++) {
      int need = (int) Math.max(0, target - counts[c]);
      if (need == 0) {
        continue;
      }
      int[] m = members[c];
      int[][] nn = neighbours(features, m);
      long key = Seeds.derive(seed, c); // no epoch: one stream per class
      for (int j = 0; j < need; j++) {
        int base = m[j % m.length];
        int[] cand = nn[j % m.length];
        float[] x = features[base];
        float[] y = new float[dim];
        if (cand.length == 0) {
          // a single-sample class has no segment to walk: repeat the point
          System.arraycopy(x, 0, y, 0, dim);
        } else {
          long bits = Seeds.derive(key, j);
          float[] z = features[cand[Seeds.bounded(bits, cand.length)]];
          float u = (float) Seeds.unit(Seeds.nth(bits, 0));
          for (int d = 0; d < dim; d++) {
            y[d] = x[d] + u * (z[d] - x[d]);
          }
        }
        outX[o] = y;
        outY[o] = c;
        src[o] = base;
        o++;
      }
    }
    return new Result(outX, outY, src);
  }

  /** The k nearest same-class neighbours of each member (brute force: minority classes are small). */
  private int[][] neighbours(float[][] x, int[] members) {
    int n = members.length;
    int kk = Math.min(k, n - 1);
    int[][] out = new int[n][];
    double[] dist = new double[n];
    Integer[] order = new Integer[n];
    for (int a = 0; a < n; a++) {
      float[] xa = x[members[a]];
      for (int b = 0; b < n; b++) {
        float[] xb = x[members[b]];
        double s = 0;
        for (int d = 0; d < xa.length; d++) {
          double t = xa[d] - xb[d];
          s += t * t;
        }
        dist[b] = b == a ? Double.POSITIVE_INFINITY : s;
        order[b] = b;
      }
      Arrays.sort(order, (p, q) -> {
        int c = Double.compare(dist[p], dist[q]);
        return c != 0 ? c : Integer.compare(p, q);
      });
      out[a] = new int[kk];
      for (int i = 0; i < kk; i++) {
        out[a][i] = members[order[i]];
      }
    }
    return out;
  }

  /** Builds a {@link Smote}. */
  public static final class Builder {
    private int k = 5;
    private long seed;
    private int targetPerClass;

    private Builder() {}

    /** Neighbours to interpolate towards (default 5). */
    public Builder optK(int k) {
      this.k = k;
      return this;
    }

    /** The seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Samples per class after oversampling (default: the largest class's count). */
    public Builder optTargetPerClass(int targetPerClass) {
      this.targetPerClass = targetPerClass;
      return this;
    }

    /** Builds; rejects k &lt; 1 and a negative target. */
    public Smote build() {
      if (k < 1) {
        throw new IllegalArgumentException("k must be >= 1: " + k);
      }
      if (targetPerClass < 0) {
        throw new IllegalArgumentException("targetPerClass must be >= 0: " + targetPerClass);
      }
      return new Smote(this);
    }
  }
}
