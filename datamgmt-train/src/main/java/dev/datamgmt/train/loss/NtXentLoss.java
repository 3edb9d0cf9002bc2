package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
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
  private static final float MASK = 1e9f;
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
    // the temperature divides the (D, 2N) factor, not the (2N, 2N) product: one pass over 2N*D values, not 4N^2
    NDArray sim = unit.matMul(unit.transpose().div(temperature));
    // a row is not its own negative: its similarity is pushed down by MASK, far enough that exp gives exactly 0
    // (as masked_fill(-inf) in PyTorch), with the same value and gradient; the mask is a constant, built natively
    NDArray masked = sim.sub(z.getManager().eye((int) n2, (int) n2, 0, sim.getDataType()).muli(MASK));
    // the positive of row i is column (i + N) mod 2N: the other view of the same sample
    long[] partner = new long[(int) n2];
    for (int i = 0; i < n2; i++) {
      partner[i] = (i + n) % n2;
    }
    NDArray index = z.getManager().create(partner, new Shape(n2, 1));
    return masked.logSoftmax(1).gather(index, 1).mean().neg();
  }

  /** The settings, for lineage. */
  public SortedMap<String, String> describe() {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("loss", "nt-xent");
    d.put("temperature", String.format(Locale.ROOT, "%s", temperature));
    return d;
  }
}
