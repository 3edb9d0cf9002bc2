package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * Draws indices in proportion to per-sample weights: with replacement through an {@link AliasTable} (draw j
 * of an epoch depends only on (seed, epoch, j)), or without replacement by Efraimidis-Spirakis keys
 * {@code log(u_i) / w_i}, keeping the largest.
 */
final class WeightedEpochSampler extends AbstractEpochSampler {
  private final double[] weights;
  private final AliasTable table;
  private final boolean replacement;
  private final long epochLength;
  private final String kind;
  private final SortedMap<String, String> extra;

  WeightedEpochSampler(String kind, double[] weights, boolean replacement, long epochLength, int batchSize,
      boolean dropLast, long seed, SortedMap<String, String> extra) {
    super(batchSize, dropLast, seed);
    this.kind = kind;
    this.weights = weights.clone();
    this.table = AliasTable.of(this.weights);
    this.replacement = replacement;
    this.epochLength = epochLength <= 0 ? weights.length : epochLength;
    if (!replacement && this.epochLength > weights.length) {
      throw new IllegalArgumentException("epochLength without replacement must be at most the dataset size "
          + weights.length + ": " + this.epochLength);
    }
    this.extra = extra;
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    checkSize(kind + " sampler", weights.length, datasetSize);
    long key = Seeds.epochKey(seed, epoch);
    int len = toIntSize(epochLength);
    long[] order = new long[len];
    if (replacement) {
      for (int j = 0; j < len; j++) {
        order[j] = table.sample(Seeds.absorb(key, j));
      }
      return order;
    }
    // -log(u)/w is Exp(w): the smallest len of them are a weighted sample without replacement, in draw order
    int n = weights.length;
    double[] keys = new double[n];
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      double u = Seeds.unit(Seeds.absorb(key, i));
      keys[i] = -Math.log1p(-u) / weights[i];
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      int c = Double.compare(keys[a], keys[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int j = 0; j < len; j++) {
      order[j] = idx[j];
    }
    return order;
  }

  @Override
  public SortedMap<String, String> describe() {
    SortedMap<String, String> d = baseDescription(kind);
    d.put("replacement", String.valueOf(replacement));
    d.put("epochLength", String.valueOf(epochLength));
    d.putAll(extra);
    return d;
  }
}
