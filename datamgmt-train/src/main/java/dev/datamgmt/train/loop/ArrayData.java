package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.List;

/**
 * The datasets the loop makes from arrays: training data with no batching of its own (the loop's sampler batches
 * it) and validation data batched in order.
 */
final class ArrayData {
  private ArrayData() {}

  /** Training data batched only by the loop's sampler; iterating it without that sampler fails, naming why. */
  static RandomAccessDataset training(NDArray features, NDArray labels) {
    if (labels == null) {
      return new ArrayDataset.Builder().setData(features).setSampling(new LoopOwned()).build();
    }
    check(features, labels, "setTrainingData");
    return new ArrayDataset.Builder().setData(features).optLabels(labels).setSampling(new LoopOwned()).build();
  }

  /** Validation data in order, in batches of {@code batchSize}. */
  static RandomAccessDataset validation(NDArray features, NDArray labels, int batchSize) {
    check(features, labels, "optValidationData");
    return new ArrayDataset.Builder().setData(features).optLabels(labels).setSampling(batchSize, false).build();
  }

  private static void check(NDArray features, NDArray labels, String setting) {
    long n = features.getShape().dimension() == 0 ? 0 : features.getShape().get(0);
    long m = labels.getShape().dimension() == 0 ? 0 : labels.getShape().get(0);
    if (n != m) {
      throw new IllegalArgumentException(setting + ": features and labels differ in their first dimension: "
          + features.getShape() + " vs " + labels.getShape());
    }
  }

  /** The placeholder sampler of loop-owned training data: batching belongs to {@code optSampler}. */
  private static final class LoopOwned implements Sampler {
    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
      throw new IllegalStateException("this dataset was made by TrainingLoop.Builder.setTrainingData(NDArray, NDArray)"
          + " and is batched by the loop's sampler (optSampler); iterate it with getData(manager, sampler)");
    }

    @Override
    public int getBatchSize() {
      return -1;
    }
  }
}
