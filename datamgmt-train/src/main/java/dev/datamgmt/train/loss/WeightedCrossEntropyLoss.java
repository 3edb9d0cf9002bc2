package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Softmax cross-entropy with PyTorch's {@code cross_entropy} semantics for per-class weights and label
 * smoothing, plus an optional logit adjustment {@code x + tau log(prior)} before the softmax, which makes it
 * the balanced softmax / logit-adjusted loss (Ren et al. 2020, Menon et al. 2021).
 *
 * <p>Per sample: {@code (1 - eps) w[y] (-log p_y) + eps / C * sum_c w_c (-log p_c)}; {@link Reduction#MEAN}
 * divides the sum by {@code sum_i w[y_i]} (by N without weights), exactly as PyTorch does.
 */
public final class WeightedCrossEntropyLoss extends Loss implements PerSampleLoss {
  private final float[] classWeights;
  private final float labelSmoothing;
  private final float[] logitAdjustment;
  private final Reduction reduction;
  private final String kind;

  WeightedCrossEntropyLoss(String name, String kind, float[] classWeights, float labelSmoothing,
      float[] logitAdjustment, Reduction reduction) {
    super(name);
    this.kind = kind;
    this.classWeights = classWeights;
    this.labelSmoothing = labelSmoothing;
    this.logitAdjustment = logitAdjustment;
    this.reduction = reduction;
  }

  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    LossSupport.checkClasses(getName(), x, classWeights, "classWeights");
    LossSupport.checkClasses(getName(), x, logitAdjustment, "class prior");
    if (logitAdjustment != null) {
      x = x.add(LossSupport.constant(x, logitAdjustment));
    }
    NDArray y = LossSupport.classIndices(labels.singletonOrThrow());
    NDArray logp = x.logSoftmax(-1);
    NDArray nll = logp.gather(y.reshape(-1, 1), 1).reshape(-1).neg();
    NDArray w = classWeights == null ? null : LossSupport.constant(x, classWeights);
    if (w != null) {
      nll = nll.mul(w.gather(y, 0));
    }
    if (labelSmoothing == 0f) {
      return nll;
    }
    NDArray smooth = (w == null ? logp : logp.mul(w)).sum(new int[] {-1}).neg();
    long c = x.getShape().get(x.getShape().dimension() - 1);
    return nll.mul(1f - labelSmoothing).add(smooth.mul(labelSmoothing / c));
  }

  @Override
  public NDArray reduce(NDArray perSample, NDList labels) {
    if (reduction == Reduction.SUM) {
      return perSample.sum();
    }
    if (classWeights == null) {
      return perSample.mean();
    }
    NDArray y = LossSupport.classIndices(labels.singletonOrThrow());
    return perSample.sum().div(LossSupport.constant(perSample, classWeights).gather(y, 0).sum());
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray loss = perSample(labels, predictions);
    return reduction == Reduction.NONE ? loss : reduce(loss, labels);
  }

  @Override
  public SortedMap<String, String> describe() {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("loss", kind);
    d.put("reduction", reduction.torchName());
    d.put("labelSmoothing", String.valueOf(labelSmoothing));
    if (classWeights != null) {
      d.put("classWeights", Arrays.toString(classWeights));
    }
    if (logitAdjustment != null) {
      d.put("logitAdjustment", Arrays.toString(logitAdjustment));
    }
    return d;
  }
}
