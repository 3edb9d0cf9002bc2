package dev.datamgmt.train.sampler;

import dev.datamgmt.core.seed.Seeds;
import java.util.SortedMap;

final class HardExampleEpochSampler extends AbstractEpochSampler implements HardExampleSampler {
  private final int size;
  private final double lossWeight;
  private final double missWeight;
  private volatile AliasTable table;
  private volatile int observations;

  HardExampleEpochSampler(int size, double lossWeight, double missWeight, int batchSize, long seed) {
    super(batchSize, false, seed);
    this.size = size;
    this.lossWeight = lossWeight;
    this.missWeight = missWeight;
  }

  @Override
  public synchronized void observe(SampleLossLog log) {
    checkSize("hard-example sampler", size, log.size());
    int seen = log.seenCount();
    if (seen == 0) {
      table = null;
      return;
    }
    double meanLoss = 0;
    double missRate = 0;
    for (int i = 0; i < size; i++) {
      if (log.seen(i)) {
        meanLoss += log.loss(i);
        missRate += log.misclassified(i) ? 1 : 0;
      }
    }
    meanLoss /= seen;
    missRate /= seen;
    double[] w = new double[size];
    double unseen = 1 + lossWeight + missWeight * missRate;
    for (int i = 0; i < size; i++) {
      if (!log.seen(i)) {
        w[i] = unseen;
      } else {
        double rel = meanLoss > 0 ? log.loss(i) / meanLoss : 1;
        w[i] = 1 + lossWeight * rel + (log.misclassified(i) ? missWeight : 0);
      }
    }
    table = AliasTable.of(w);
    observations++;
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    checkSize("hard-example sampler", size, datasetSize);
    AliasTable t = table;
    if (t == null) {
      return Seeds.permutation(seed, epoch, size);
    }
    long key = Seeds.epochKey(seed, epoch);
    long[] order = new long[size];
    for (int j = 0; j < size; j++) {
      order[j] = t.sample(Seeds.absorb(key, j));
    }
    return order;
  }

  @Override
  public SortedMap<String, String> describe() {
    SortedMap<String, String> d = baseDescription("hard-example");
    d.put("lossWeight", String.valueOf(lossWeight));
    d.put("missWeight", String.valueOf(missWeight));
    d.put("observedEpochs", String.valueOf(observations));
    return d;
  }
}
