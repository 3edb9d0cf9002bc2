package dev.datamgmt.augment.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.device.DeviceBatch;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import java.util.Objects;

/**
 * Augments DJL batches on their device after batching: the first data array of the batch ({@code (N, C, H, W)})
 * is augmented with per-sample parameters from (seed, epoch, record index), where the record indices come from
 * {@link Batch#getIndices()}.
 *
 * <pre>{@code
 * BatchAugmentation aug = BatchAugmentation.of(pipeline);
 * for (Batch batch : trainer.iterateDataset(dataset)) {
 *   NDList data = aug.augmentData(batch, epoch);   // lives on the batch's manager, closed with the batch
 *   ...
 *   batch.close();
 * }
 * }</pre>
 */
public final class BatchAugmentation {
  private final DeviceAugmenter augmenter;

  private BatchAugmentation(Pipeline pipeline) {
    this.augmenter = DeviceAugmenter.of(pipeline);
  }

  /** An adapter for {@code pipeline}. */
  public static BatchAugmentation of(Pipeline pipeline) {
    return new BatchAugmentation(Objects.requireNonNull(pipeline, "pipeline"));
  }

  /**
   * The batch's data with its first array augmented (other arrays unchanged). The new array is attached to the
   * batch's manager, so closing the batch frees it.
   *
   * @throws InvalidDataException if the batch carries no record indices or its images are malformed
   */
  public NDList augmentData(Batch batch, long epoch) throws InvalidDataException {
    NDList data = batch.getData();
    NDArray images = data.head();
    long[] indices = indices(batch);
    NDArray augmented = augmenter.apply(images, epoch, indices);
    NDList out = new NDList(data.size());
    out.add(augmented);
    for (int i = 1; i < data.size(); i++) {
      out.add(data.get(i));
    }
    return out;
  }

  /**
   * A new batch with augmented data and the same labels, manager and progress; closing it closes the original
   * batch's manager too.
   */
  public Batch augment(Batch batch, long epoch) throws InvalidDataException {
    NDList data = augmentData(batch, epoch);
    return new Batch(batch.getManager(), data, batch.getLabels(), batch.getSize(), null, null,
        batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
  }

  /**
   * For segmentation: a new batch whose first data array (images {@code (N, C, H, W)}) and first label array
   * (masks {@code (N, H, W)}) are augmented together, the masks moved by the same geometry with nearest-neighbour
   * sampling (see {@link DeviceBatch}); other arrays unchanged. Closing it closes the original batch's manager.
   *
   * @throws InvalidDataException if the batch carries no record indices, or its images or masks are malformed
   */
  public Batch augmentSegmentation(Batch batch, long epoch) throws InvalidDataException {
    NDList data = batch.getData(), labels = batch.getLabels();
    if (labels == null || labels.isEmpty()) {
      throw new InvalidDataException("segmentation batch has no masks", "DJL batch", "masks (N, H, W) as labels",
          "no labels");
    }
    DeviceBatch out = augmenter.apply(
        DeviceBatch.builder().setImages(data.head()).optMasks(labels.head()).build(), epoch, indices(batch));
    NDList newData = new NDList(data.size());
    newData.add(out.images());
    for (int i = 1; i < data.size(); i++) {
      newData.add(data.get(i));
    }
    NDList newLabels = new NDList(labels.size());
    newLabels.add(out.masks());
    for (int i = 1; i < labels.size(); i++) {
      newLabels.add(labels.get(i));
    }
    return new Batch(batch.getManager(), newData, newLabels, batch.getSize(), null, null,
        batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
  }

  static long[] indices(Batch batch) throws InvalidDataException {
    List<?> list = batch.getIndices();
    if (list == null || list.size() != batch.getSize()) {
      throw new InvalidDataException("batch has no record indices", "DJL batch",
          batch.getSize() + " record indices (from a RandomAccessDataset)", list == null ? "none" : list.size() + "");
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object o = list.get(i);
      if (!(o instanceof Number n)) {
        throw new InvalidDataException("batch index is not a number", "DJL batch position " + i, "a record index",
            String.valueOf(o));
      }
      out[i] = n.longValue();
    }
    return out;
  }
}
