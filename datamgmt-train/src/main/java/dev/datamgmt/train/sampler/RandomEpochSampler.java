package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import java.util.SortedMap;

/** A fresh uniform permutation of the whole dataset every epoch. */
final class RandomEpochSampler extends AbstractEpochSampler {

  RandomEpochSampler(int batchSize, boolean dropLast, long seed) {
    super(batchSize, dropLast, seed);
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    return Seeds.permutation(seed, epoch, toIntSize(datasetSize));
  }

  @Override
  public SortedMap<String, String> describe() {
    return baseDescription("random");
  }
}
