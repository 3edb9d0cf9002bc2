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
          throw error("class label is not an integer", epoch, batchNo, indices, i, String.valueOf(f[i]));
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
        throw error("class label out of range", epoch, batchNo, indices, i, String.valueOf(y[i]));
      }
    }
    return y;
  }

  private InvalidDataException error(String problem, int epoch, int batchNo, long[] indices, int i, String found) {
    boolean known = indices != null && i < indices.length && indices[i] >= 0;
    String where = batchNo < 0
        ? "validation data in epoch " + epoch + (known ? ", sample " + indices[i] : ", row " + i)
        : "epoch " + epoch + ", batch " + batchNo + ", sample " + (known ? indices[i] : i);
    return new InvalidDataException(problem, where, "an integer class in 0.." + (numClasses - 1), found);
  }
}
