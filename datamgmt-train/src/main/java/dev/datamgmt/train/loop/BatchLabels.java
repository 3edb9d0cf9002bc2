package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.datamgmt.core.error.InvalidDataException;

/** Checks that a batch's labels are class indices in [0, numClasses), naming epoch, batch and sample otherwise. */
final class BatchLabels {
  private final int numClasses;

  BatchLabels(int numClasses) {
    this.numClasses = numClasses;
  }

  /**
   * The labels as ints.
   *
   * @param batchNo the training batch, or -1 for validation data
   * @param indices the samples' dataset indices (may be null, or hold -1 where unknown)
   */
  int[] check(NDArray labels, int epoch, int batchNo, long[] indices) throws InvalidDataException {
    NDArray flat = labels.getShape().dimension() > 1 ? labels.reshape(-1) : labels;
    if (flat.getDataType().isFloating()) {
      float[] f = flat.toFloatArray();
      int[] y = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        if (f[i] != Math.rint(f[i])) {
          throw error(epoch, batchNo, indices, i, String.valueOf(f[i]));
        }
        y[i] = (int) f[i];
      }
      return checkRange(y, epoch, batchNo, indices);
    }
    return checkRange(flat.toType(DataType.INT32, false).toIntArray(), epoch, batchNo, indices);
  }

  private int[] checkRange(int[] y, int epoch, int batchNo, long[] indices) throws InvalidDataException {
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= numClasses) {
        throw error(epoch, batchNo, indices, i, String.valueOf(y[i]));
      }
    }
    return y;
  }

  private InvalidDataException error(int epoch, int batchNo, long[] indices, int i, String found) {
    String where = batchNo < 0 ? "validation data in epoch " + epoch + ", row " + i
        : "epoch " + epoch + ", batch " + batchNo + ", sample " + (indices != null && indices[i] >= 0 ? indices[i] : i);
    return new InvalidDataException("class label out of range", where, "an integer class in 0.." + (numClasses - 1),
        found);
  }
}
