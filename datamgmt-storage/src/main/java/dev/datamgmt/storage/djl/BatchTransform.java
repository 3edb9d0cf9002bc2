package dev.datamgmt.storage.djl;

import ai.djl.training.dataset.Batch;

/**
 * A per-batch operation applied after decoding, on the batch's device: augmentation, normalization. It sees
 * images and labels together (so boxes can follow the image) and the stable sample indices, from which
 * per-sample randomness must be derived so results do not depend on batch size or thread count.
 */
@FunctionalInterface
public interface BatchTransform {
  /**
   * Returns the transformed batch. Create new arrays in {@code batch.getManager()} so they are freed with the
   * batch; returning {@code batch} itself is fine.
   *
   * @param epoch the epoch being read
   * @param sampleIndices stable dataset index of each sample in the batch, in batch order
   */
  Batch apply(Batch batch, long epoch, long[] sampleIndices);
}
