package dev.datamgmt.train.sampler;

import java.util.SortedMap;

/**
 * One rank's share of an inner sampler's epoch: positions {@code rank, rank + worldSize, ...} of the inner
 * order. Every rank computes the same inner order from the same seed and epoch, so when the inner order is a
 * permutation each index is served exactly once per epoch across all ranks. Ranks' shares differ by at most
 * one sample; nothing is padded or dropped, because padding would serve some samples twice.
 */
final class DistributedEpochSampler implements EpochSampler {
  private final EpochSampler inner;
  private final int rank;
  private final int worldSize;

  DistributedEpochSampler(EpochSampler inner, int rank, int worldSize) {
    this.inner = inner;
    this.rank = rank;
    this.worldSize = worldSize;
  }

  @Override
  public void setEpoch(int epoch) {
    inner.setEpoch(epoch);
  }

  @Override
  public int getEpoch() {
    return inner.getEpoch();
  }

  @Override
  public int getBatchSize() {
    return inner.getBatchSize();
  }

  @Override
  public boolean dropLast() {
    return inner.dropLast();
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    long[] all = inner.epochOrder(epoch, datasetSize);
    int n = all.length;
    int mine = n / worldSize + (rank < n % worldSize ? 1 : 0);
    long[] out = new long[mine];
    for (int i = 0, j = rank; i < mine; i++, j += worldSize) {
      out[i] = all[j];
    }
    return out;
  }

  @Override
  public SortedMap<String, String> describe() {
    SortedMap<String, String> d = new java.util.TreeMap<>(inner.describe());
    d.put("rank", String.valueOf(rank));
    d.put("worldSize", String.valueOf(worldSize));
    return d;
  }
}
