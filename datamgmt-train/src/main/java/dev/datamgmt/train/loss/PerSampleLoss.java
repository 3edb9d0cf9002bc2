package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.SortedMap;

/**
 * A loss that can report one value per sample, which the training loop logs for hard-example sampling, and
 * reduce those values to the loss it trains on, so the per-sample values cost no second forward pass.
 */
public interface PerSampleLoss {

  /** One loss value per sample, shape (N). */
  NDArray perSample(NDList labels, NDList predictions);

  /** The training loss from {@link #perSample}'s values: equal to {@code evaluate(labels, predictions)}. */
  NDArray reduce(NDArray perSample, NDList labels);

  /** The settings of this loss, for lineage. */
  SortedMap<String, String> describe();
}
