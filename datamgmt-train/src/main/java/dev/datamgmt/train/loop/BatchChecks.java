package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch checks in the loop's words. Shapes, before the engine sees a mismatch: the model's output against the class count
 * (once, after initialization), each batch's input against the input shape and each output against the class
 * count (before the loss and the step). Values: which samples of a batch hold NaN or infinite inputs.
 */
final class BatchChecks {
  private BatchChecks() {}

  /**
   * Checks that the block maps {@code inputShape} to (N, numClasses). Blocks that cannot tell their output shape
   * without running (TorchScript) are checked on the first batch instead.
   *
   * @throws IllegalStateException if the output width is not the class count
   */
  static void checkOutput(Block block, Shape inputShape, int numClasses) {
    Shape[] out;
    try {
      out = block.getOutputShapes(new Shape[] {inputShape});
    } catch (RuntimeException e) {
      return; // the per-batch check covers it
    }
    if (out == null || out.length == 0 || out[0] == null) {
      return;
    }
    Shape o = out[0];
    if (o.dimension() != 2 || o.get(1) != numClasses) {
      throw new IllegalStateException("model output does not match setNumClasses(" + numClasses + ") for input "
          + inputShape + ": expected (N, " + numClasses + "), found " + o);
    }
  }

  /**
   * Checks a batch's input against the input shape the block was initialized with: the same rank and the same
   * sizes after the batch dimension.
   *
   * @param where e.g. "epoch 0, batch 3 (samples [...])"
   */
  static void checkInput(NDArray data, Shape inputShape, String what, String where) throws InvalidDataException {
    Shape got = data.getShape();
    if (!sameAfterBatch(got, inputShape)) {
      throw new InvalidDataException(what + " does not match setInputShape(" + inputShape + ")", where,
          "input of shape " + withBatch(inputShape, "N"), String.valueOf(got));
    }
  }

  /** Checks a batch's model output: (n, numClasses). */
  static void checkPredictions(NDArray predictions, int n, int numClasses, String where)
      throws InvalidDataException {
    Shape got = predictions.getShape();
    if (got.dimension() != 2 || got.get(0) != n || got.get(1) != numClasses) {
      throw new InvalidDataException("model output does not match setNumClasses(" + numClasses + ")", where,
          "output of shape (" + n + ", " + numClasses + ")", String.valueOf(got));
    }
  }

  /**
   * The samples of a batch whose inputs hold NaN or infinite values: their dataset indices where known, else their
   * rows in the batch.
   */
  static List<Long> nonFiniteSamples(NDArray data, long[] indices) {
    int n = (int) data.getShape().get(0);
    List<Long> out = new ArrayList<>();
    if (!data.getDataType().isFloating() || n == 0) {
      return out;
    }
    try (NDArray bad = data.isNaN().logicalOr(data.isInfinite()).reshape(n, -1).toType(DataType.FLOAT32, false)
        .sum(new int[] {1})) {
      float[] counts = bad.toFloatArray();
      for (int i = 0; i < n; i++) {
        if (counts[i] > 0) {
          out.add(indices != null && i < indices.length && indices[i] >= 0 ? indices[i] : i);
        }
      }
    }
    return out;
  }

  /** Up to 8 sample ids, and how many there are in all beyond that. */
  static String describe(long[] ids) {
    if (ids.length <= 8) {
      return Arrays.toString(ids);
    }
    return Arrays.toString(Arrays.copyOf(ids, 8)).replace("]", ", ... " + ids.length + " in all]");
  }

  /** Same as {@link #describe(long[])} for a list. */
  static String describe(List<Long> ids) {
    return describe(ids.stream().mapToLong(Long::longValue).toArray());
  }

  private static boolean sameAfterBatch(Shape a, Shape b) {
    if (a.dimension() != b.dimension()) {
      return false;
    }
    for (int i = 1; i < a.dimension(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static String withBatch(Shape s, String batch) {
    StringBuilder sb = new StringBuilder("(").append(batch);
    for (int i = 1; i < s.dimension(); i++) {
      sb.append(", ").append(s.get(i));
    }
    return sb.append(')').toString();
  }
}
