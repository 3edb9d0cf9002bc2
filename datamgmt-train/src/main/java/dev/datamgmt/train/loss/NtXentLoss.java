package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * NT-Xent, the normalized temperature-scaled cross-entropy of SimCLR (Chen et al. 2020): each embedding's cosine
 * similarities to the other 2N-1 embeddings of the batch, divided by the temperature, in a softmax cross-entropy
 * whose target is the other view of the same sample; the mean over the 2N rows.
 *
 * <p>Predictions are embeddings (2N, D) whose rows 0..N-1 are view 0 and rows N..2N-1 view 1 of the same N samples
 * (the layout of {@code dev.datamgmt.train.selfsup.ViewBatches}); labels are ignored. Embeddings are normalized as
 * PyTorch's {@code F.normalize} does ({@code x / max(||x||, 1e-12)}); golden values and gradients from PyTorch are
 * checked in the tests.
 */
public final class NtXentLoss extends Loss {
  private static final float NORM_EPS = 1e-12f;
  private final float temperature;

  NtXentLoss(String name, float temperature) {
    super(name);
    this.temperature = temperature;
  }

  /** The temperature. */
  public float temperature() {
    return temperature;
  }

  /**
   * The mean NT-Xent loss of the batch.
   *
   * @throws IllegalArgumentException if the predictions are not (2N, D) with N >= 1
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray z = predictions.singletonOrThrow();
    Shape shape = z.getShape();
    if (shape.dimension() != 2 || shape.get(0) < 2 || shape.get(0) % 2 != 0) {
      throw new IllegalArgumentException("NT-Xent needs embeddings (2N, D), two views of N samples: found " + shape);
    }
    long n2 = shape.get(0);
    long n = n2 / 2;
    NDArray norm = z.norm(new int[] {1}, true).maximum(NORM_EPS);
    NDArray unit = z.div(norm);
    NDArray sim = unit.matMul(unit.transpose()).div(temperature);
    // a row is not its own negative: -inf on the diagonal (exp gives exactly 0, as masked_fill(-inf) in PyTorch)
    boolean[] diagonal = new boolean[(int) (n2 * n2)];
    boolean[] positive = new boolean[(int) (n2 * n2)];
    for (int i = 0; i < n2; i++) {
      diagonal[(int) (i * n2 + i)] = true;
      positive[(int) (i * n2 + (i + n) % n2)] = true;
    }
    Shape square = new Shape(n2, n2);
    NDArray masked = NDArrays.where(z.getManager().create(diagonal, square),
        z.getManager().full(square, Float.NEGATIVE_INFINITY, sim.getDataType()), sim);
    NDArray logProb = masked.logSoftmax(1);
    // -inf * 0 would be NaN: take the positives with a where, not a product
    NDArray picked = NDArrays.where(z.getManager().create(positive, square), logProb, logProb.zerosLike());
    return picked.sum(new int[] {1}).neg().mean();
  }

  /** The settings, for lineage. */
  public SortedMap<String, String> describe() {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("loss", "nt-xent");
    d.put("temperature", String.format(Locale.ROOT, "%s", temperature));
    return d;
  }
}
