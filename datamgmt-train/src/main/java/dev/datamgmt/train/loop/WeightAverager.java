package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The running average of a block's parameters that {@link WeightAveraging} describes, held in its own
 * sub-manager next to the trained weights. Updates read the weights through a gradient-free view, so the
 * average never joins an autograd graph.
 */
final class WeightAverager implements AutoCloseable {
  private final WeightAveraging spec;
  private final List<Parameter> params = new ArrayList<>();
  private final NDManager manager;
  private final NDArray[] average;
  private long updates;

  WeightAverager(WeightAveraging spec, Block block, NDManager parent) {
    this.spec = spec;
    for (Pair<String, Parameter> p : block.getParameters()) {
      params.add(p.getValue());
    }
    this.manager = parent.newSubManager();
    this.average = new NDArray[params.size()];
  }

  /** Folds the current weights into the average; called after every optimizer step of {@code epoch}. */
  void afterStep(int epoch) {
    if (spec.kind() == WeightAveraging.Kind.UNIFORM && epoch < spec.fromEpoch()) {
      return;
    }
    updates++;
    double k = spec.newWeight(updates);
    for (int i = 0; i < average.length; i++) {
      NDArray w = params.get(i).getArray();
      if (average[i] == null) {
        average[i] = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
      }
      try (NDManager scope = manager.newSubManager()) {
        NDArray view = w.stopGradient();
        view.attach(scope);
        // avg += k * (w - avg): the weighted mean with the newest weights weighing k
        NDArray delta = view.sub(average[i]);
        delta.attach(scope);
        average[i].addi(delta.muli(k));
      }
    }
  }

  /** Whether an average exists yet (false before the first update, e.g. before a uniform average's first epoch). */
  boolean hasAverage() {
    return updates > 0;
  }

  /** The number of weight snapshots folded in so far. */
  long updates() {
    return updates;
  }

  /** Copies the block's current weights out and the average in; returns the copies for {@link #restore}. */
  NDArray[] swapIn() {
    NDArray[] saved = new NDArray[average.length];
    for (int i = 0; i < average.length; i++) {
      NDArray w = params.get(i).getArray();
      try (NDManager scope = manager.newSubManager()) {
        NDArray view = w.stopGradient();
        view.attach(scope);
        saved[i] = view.duplicate();
        saved[i].attach(manager);
      }
      copyInto(average[i], w);
    }
    return saved;
  }

  /** Puts back the weights {@link #swapIn} returned and frees them. */
  void restore(NDArray[] saved) {
    for (int i = 0; i < saved.length; i++) {
      copyInto(saved[i], params.get(i).getArray());
      saved[i].close();
    }
  }

  /** Leaves the average in the block for good. */
  void install() {
    for (int i = 0; i < average.length; i++) {
      copyInto(average[i], params.get(i).getArray());
    }
  }

  private static void copyInto(NDArray from, NDArray to) {
    // set() writes the values in place: the parameter keeps its array (and the optimizer its state for it)
    to.set(from.toByteBuffer());
  }

  @Override
  public void close() {
    manager.close();
  }
}
