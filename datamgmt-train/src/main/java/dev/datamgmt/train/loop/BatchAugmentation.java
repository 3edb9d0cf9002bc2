package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDList;

/**
 * Augments one training batch on its device. Implementations derive each sample's randomness from
 * (seed, epoch, sample index) so the result does not depend on batch composition; the device backend of
 * datamgmt-augment is one such implementation, a lambda is another.
 *
 * <pre>{@code
 * BatchAugmentation flip = (data, epoch, indices) -> ...;
 * }</pre>
 */
@FunctionalInterface
public interface BatchAugmentation {

  /**
   * Returns the augmented batch; arrays it creates should live in the input arrays' manager (the batch's
   * scope), so they are freed with the batch.
   *
   * @param data the batch's inputs, batch dimension first
   * @param epoch the epoch (0-based)
   * @param sampleIndices the dataset index of each row of the batch
   */
  NDList apply(NDList data, int epoch, long[] sampleIndices);

  /** The pipeline's settings as JSON, recorded in the model's lineage. */
  default String describe() {
    return "{\"augmentation\":\"" + getClass().getName() + "\"}";
  }

  /**
   * {@code hook} with {@code description} (typically the augmentation pipeline's JSON) as what the model's
   * lineage records, e.g.
   * {@code BatchAugmentation.describedAs(pipeline.toJson(), DeviceAugmenter.of(pipeline)::applyData)}.
   */
  static BatchAugmentation describedAs(String description, BatchAugmentation hook) {
    java.util.Objects.requireNonNull(description, "description");
    java.util.Objects.requireNonNull(hook, "hook");
    return new BatchAugmentation() {
      @Override
      public NDList apply(NDList data, int epoch, long[] sampleIndices) {
        return hook.apply(data, epoch, sampleIndices);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
