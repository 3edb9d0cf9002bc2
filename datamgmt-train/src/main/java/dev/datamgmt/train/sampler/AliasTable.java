package dev.datamgmt.train.sampler;

import java.util.Arrays;

/**
 * Walker's alias method (Vose's construction): O(n) to build, O(1) per draw from a discrete distribution
 * given by non-negative weights. Immutable and thread-safe.
 *
 * <pre>{@code
 * AliasTable t = AliasTable.of(new double[] {1, 3});   // draws 1 three times as often as 0
 * int i = t.sample(randomLong);
 * }</pre>
 */
public final class AliasTable {
  private final int[] alias;
  /** The chance of keeping column i, scaled to [0, 2^31]; an int compare is cheaper than a double one. */
  private final int[] keep;

  private AliasTable(int[] alias, int[] keep) {
    this.alias = alias;
    this.keep = keep;
  }

  /**
   * Builds the table.
   *
   * @throws IllegalArgumentException if there are no weights, or a weight is zero, negative or not finite
   *     (naming its index)
   */
  public static AliasTable of(double[] weights) {
    if (weights == null || weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty: " + Arrays.toString(weights));
    }
    int n = weights.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double w = weights[i];
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "weight at index " + i + " must be positive and finite: " + w);
      }
      sum += w;
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      if (scaled[i] < 1) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    int[] alias = new int[n];
    double[] prob = new double[n];
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      prob[s] = scaled[s];
      alias[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1;
      if (scaled[l] < 1) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    // what is left is 1 up to rounding
    while (nl > 0) {
      int l = large[--nl];
      prob[l] = 1;
      alias[l] = l;
    }
    while (ns > 0) {
      int s = small[--ns];
      prob[s] = 1;
      alias[s] = s;
    }
    int[] keep = new int[n];
    for (int i = 0; i < n; i++) {
      keep[i] = prob[i] >= 1 ? Integer.MAX_VALUE : (int) Math.round(prob[i] * 0x1.0p31);
    }
    return new AliasTable(alias, keep);
  }

  /** The number of outcomes. */
  public int size() {
    return alias.length;
  }

  /**
   * Draws an outcome from 64 uniformly random bits: the high 32 pick the column, the low 31 the coin.
   */
  public int sample(long bits) {
    int col = (int) (((bits >>> 32) * alias.length) >>> 32);
    int coin = (int) bits & 0x7FFFFFFF;
    return coin < keep[col] ? col : alias[col];
  }
}
