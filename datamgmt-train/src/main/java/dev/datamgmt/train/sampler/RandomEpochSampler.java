package dev.datamgmt.train.sampler;

import java.util.SortedMap;

/** A fresh uniform permutation of the whole dataset every epoch. */
final class RandomEpochSampler extends AbstractEpochSampler {

  RandomEpochSampler(int batchSize, boolean dropLast, long seed) {
    super(batchSize, dropLast, seed);
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    return Mix.permutation(seed, epoch, toIntSize(datasetSize));
  }

  @Override
  public SortedMap<String, String> describe() {
    return baseDescription("random");
  }
}
