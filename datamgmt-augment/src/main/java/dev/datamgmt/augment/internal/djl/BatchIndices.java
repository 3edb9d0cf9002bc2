package dev.datamgmt.augment.internal.djl;

import ai.djl.training.dataset.Batch;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;

/** Reads the record indices a DJL {@link Batch} carries. Not API: shared by the augment module's DJL adapters. */
public final class BatchIndices {
  private BatchIndices() {}

  /**
   * The batch's record indices, one per row.
   *
   * @throws InvalidDataException if the batch carries none (not from a RandomAccessDataset), too few, or one that
   *     is not a number
   */
  public static long[] of(Batch batch) throws InvalidDataException {
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
