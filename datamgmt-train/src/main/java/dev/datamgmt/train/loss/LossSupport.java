package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Small pieces shared by the losses. */
final class LossSupport {
  private LossSupport() {}

  /** Class indices as an int64 vector of length N, whatever their shape (N) or (N, 1) and type. */
  static NDArray classIndices(NDArray labels) {
    NDArray l = labels.getShape().dimension() > 1 ? labels.reshape(-1) : labels;
    return l.getDataType() == DataType.INT64 ? l : l.toType(DataType.INT64, false);
  }

  /**
   * Class indices as an int64 column (N, 1), the index shape {@code gather} along the class axis wants: labels
   * of shape (N, 1) are only converted, labels of shape (N) are converted and reshaped.
   */
  static NDArray classIndexColumn(NDArray labels) {
    NDArray l = labels.getDataType() == DataType.INT64 ? labels : labels.toType(DataType.INT64, false);
    Shape s = l.getShape();
    return s.dimension() == 2 && s.get(1) == 1 ? l : l.reshape(-1, 1);
  }

  /** A constant vector on the same device as {@code like}. */
  static NDArray constant(NDArray like, float[] values) {
    NDManager m = like.getManager();
    NDArray a = m.create(values);
    return a.getDevice().equals(like.getDevice()) ? a : a.toDevice(like.getDevice(), false);
  }

  static float[] checkedWeights(String setting, float[] w, boolean allowZero) {
    if (w == null) {
      return null;
    }
    if (w.length == 0) {
      throw new IllegalArgumentException(setting + " must not be empty");
    }
    for (int i = 0; i < w.length; i++) {
      if (!Float.isFinite(w[i]) || w[i] < 0 || (!allowZero && w[i] == 0)) {
        throw new IllegalArgumentException(setting + "[" + i + "] must be " + (allowZero ? ">= 0" : "> 0")
            + " and finite: " + w[i] + " in " + Arrays.toString(w));
      }
    }
    return w.clone();
  }

  static void checkClasses(String loss, NDArray logits, float[] perClass, String setting) {
    long c = logits.getShape().get(logits.getShape().dimension() - 1);
    if (perClass != null && perClass.length != c) {
      throw new IllegalArgumentException(loss + ": " + setting + " has " + perClass.length
          + " entries but the predictions have " + c + " classes");
    }
  }

  /** (1 - p)^gamma with the common gammas computed by multiplication, which is cheaper than pow. */
  static NDArray modulator(NDArray oneMinusP, float gamma) {
    if (gamma == 0f) {
      return null;
    }
    if (gamma == 1f) {
      return oneMinusP;
    }
    if (gamma == 2f) {
      return oneMinusP.square();
    }
    return oneMinusP.pow(gamma);
  }
}
