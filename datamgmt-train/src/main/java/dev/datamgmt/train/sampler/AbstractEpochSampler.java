package dev.datamgmt.train.sampler;

import java.util.SortedMap;
import java.util.TreeMap;

/** Holds what every epoch sampler has: batch size, drop-last, seed and the current epoch. */
abstract class AbstractEpochSampler implements EpochSampler {
  final int batchSize;
  final boolean dropLast;
  final long seed;
  private volatile int epoch;

  AbstractEpochSampler(int batchSize, boolean dropLast, long seed) {
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.seed = seed;
  }

  @Override
  public void setEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
    }
    this.epoch = epoch;
  }

  @Override
  public int getEpoch() {
    return epoch;
  }

  @Override
  public int getBatchSize() {
    return batchSize;
  }

  @Override
  public boolean dropLast() {
    return dropLast;
  }

  /** Settings common to all samplers; subclasses add theirs. */
  SortedMap<String, String> baseDescription(String kind) {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("sampler", kind);
    d.put("batchSize", String.valueOf(batchSize));
    d.put("dropLast", String.valueOf(dropLast));
    d.put("seed", String.valueOf(seed));
    return d;
  }

  static void checkSize(String what, long expected, long datasetSize) {
    if (expected != datasetSize) {
      throw new IllegalArgumentException(
          what + " was built for " + expected + " samples, but the dataset has " + datasetSize);
    }
  }

  static int toIntSize(long datasetSize) {
    if (datasetSize < 0 || datasetSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("dataset size must be in 0.." + (Integer.MAX_VALUE - 8) + ": " + datasetSize);
    }
    return (int) datasetSize;
  }
}
