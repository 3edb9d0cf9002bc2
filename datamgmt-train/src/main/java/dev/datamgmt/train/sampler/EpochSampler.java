package dev.datamgmt.train.sampler;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;

/**
 * A DJL {@link Sampler} whose order is a pure function of (seed, epoch, dataset size): the same epoch gives
 * the same batches on every run, machine and thread count, and a resumed run continues where it stopped.
 *
 * <p>{@link #sample(RandomAccessDataset)} serves the epoch set by {@link #setEpoch(int)}; the training loop
 * sets it before every epoch.
 */
public interface EpochSampler extends Sampler {

  /** Selects the epoch that the next {@link #sample(RandomAccessDataset)} serves. */
  void setEpoch(int epoch);

  /** The epoch that the next {@link #sample(RandomAccessDataset)} serves (0 at first). */
  int getEpoch();

  /**
   * The flat sequence of dataset indices drawn in {@code epoch}, batch after batch.
   *
   * @param datasetSize the number of samples in the dataset
   * @throws IllegalArgumentException if the sampler was built for a different dataset size
   */
  long[] epochOrder(int epoch, long datasetSize);

  /** Whether a last, smaller batch is dropped. */
  boolean dropLast();

  /** The settings that determine the order (kind, seed, weights summary...), for lineage. */
  SortedMap<String, String> describe();

  /** Cuts {@link #epochOrder(int, long)} of the current epoch into batches of {@link #getBatchSize()}. */
  @Override
  default Iterator<List<Long>> sample(RandomAccessDataset dataset) {
    long[] order = epochOrder(getEpoch(), dataset.size());
    int batchSize = getBatchSize();
    boolean dropLast = dropLast();
    return new Iterator<>() {
      private int pos;

      @Override
      public boolean hasNext() {
        int left = order.length - pos;
        return dropLast ? left >= batchSize : left > 0;
      }

      @Override
      public List<Long> next() {
        if (!hasNext()) {
          throw new NoSuchElementException("epoch " + getEpoch() + " has no more batches");
        }
        int end = Math.min(order.length, pos + batchSize);
        List<Long> batch = new ArrayList<>(end - pos);
        for (int i = pos; i < end; i++) {
          batch.add(order[i]);
        }
        pos = end;
        return batch;
      }
    };
  }
}
