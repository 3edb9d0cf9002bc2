package dev.datamgmt.augment.djl;

import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.augment.internal.djl.BatchIndices;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.util.Objects;

/**
 * The per-batch DJL hook: transforms a batch's inputs on their device, typically augmentation. Implementations
 * derive each sample's randomness from (seed, epoch, sample index) (see {@link dev.datamgmt.core.seed.Seeds}), so
 * the result does not depend on batch size, batch composition or thread count. The device augmenter makes one
 * ({@link dev.datamgmt.augment.device.DeviceAugmenter#asBatchTransform()}), {@code TrainingLoop} applies one, and
 * a lambda is one.
 *
 * <p>In a DJL loop of your own, one line per batch:
 *
 * <pre>{@code
 * BatchTransform augment = DeviceAugmenter.of(pipeline).asBatchTransform();
 * for (Batch batch : trainer.iterateDataset(dataset)) {
 *   try (Batch b = augment.applyTo(batch, epoch)) {   // the batch's record indices key the parameters
 *     EasyTrain.trainBatch(trainer, b);
 *     trainer.step();
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BatchTransform {

  /**
   * Returns the transformed inputs. Arrays it creates should live in the input arrays' manager (the batch's
   * scope), so they are freed with the batch. Bad input is thrown as {@link UncheckedDataException}.
   *
   * @param data the batch's inputs, batch dimension first
   * @param epoch the epoch (0-based)
   * @param sampleIndices the dataset index of each row of the batch
   */
  NDList apply(NDList data, int epoch, long[] sampleIndices);

  /** What this transform does, as recorded in a model's lineage (the device augmenter gives its pipeline's JSON). */
  default String describe() {
    return "{\"transform\":\"" + getClass().getName() + "\"}";
  }

  /**
   * {@link #apply} on a DJL batch, keyed by its record indices ({@link Batch#getIndices()}): a new batch with the
   * transformed data and the same labels, manager, progress and indices. Closing either batch frees both.
   *
   * @throws UncheckedDataException (an {@link InvalidDataException}) if the batch carries no record indices
   *     (batches of a {@code RandomAccessDataset} do) or its data is malformed
   */
  default Batch applyTo(Batch batch, int epoch) {
    long[] indices;
    try {
      indices = BatchIndices.of(batch);
    } catch (InvalidDataException e) {
      throw new UncheckedDataException(e);
    }
    NDList data = apply(batch.getData(), epoch, indices);
    return new Batch(batch.getManager(), data, batch.getLabels(), batch.getSize(), null, null, batch.getProgress(),
        batch.getProgressTotal(), batch.getIndices());
  }

  /** {@code transform} described as {@code description} (e.g. a pipeline's JSON) in a model's lineage. */
  static BatchTransform describedAs(String description, BatchTransform transform) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(transform, "transform");
    return new BatchTransform() {
      @Override
      public NDList apply(NDList data, int epoch, long[] sampleIndices) {
        return transform.apply(data, epoch, sampleIndices);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
