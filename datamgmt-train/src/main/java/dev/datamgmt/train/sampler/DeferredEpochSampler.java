package dev.datamgmt.train.sampler;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Deferred re-sampling (Cao et al. 2019, "DRS"): one sampler's epochs before {@code fromEpoch}, another's from
 * it on, so that features are first learnt from the natural distribution and the classifier is re-balanced
 * at the end. Both samplers keep their own seeds, so each epoch's order is still a pure function of the
 * epoch.
 */
final class DeferredEpochSampler implements EpochSampler {
  private final EpochSampler before;
  private final EpochSampler after;
  private final int fromEpoch;
  private volatile int epoch;

  DeferredEpochSampler(EpochSampler before, EpochSampler after, int fromEpoch) {
    this.before = before;
    this.after = after;
    this.fromEpoch = fromEpoch;
  }

  private EpochSampler at(int e) {
    return e >= fromEpoch ? after : before;
  }

  @Override
  public void setEpoch(int epoch) {
    before.setEpoch(epoch);
    after.setEpoch(epoch);
    this.epoch = epoch;
  }

  @Override
  public int getEpoch() {
    return epoch;
  }

  @Override
  public int getBatchSize() {
    return at(epoch).getBatchSize();
  }

  @Override
  public boolean dropLast() {
    return at(epoch).dropLast();
  }

  @Override
  public long[] epochOrder(int epoch, long datasetSize) {
    return at(epoch).epochOrder(epoch, datasetSize);
  }

  @Override
  public SortedMap<String, String> describe() {
    SortedMap<String, String> d = new TreeMap<>();
    d.put("sampler", "deferred");
    d.put("fromEpoch", String.valueOf(fromEpoch));
    before.describe().forEach((k, v) -> d.put("before." + k, v));
    after.describe().forEach((k, v) -> d.put("after." + k, v));
    return d;
  }
}
