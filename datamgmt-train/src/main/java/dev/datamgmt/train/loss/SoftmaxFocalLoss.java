package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Softmax focal loss for single-label multi-class targets: {@code -alpha[y] (1 - p_y)^gamma log p_y} per sample,
 * with {@code log p} from a log-softmax (finite for any finite logits). A per-class alpha vector is where
 * class-balanced weights go ({@link dev.datamgmt.train.ClassWeights}); without one every class weighs 1.
 *
 * <p>Predictions are logits (N, C); labels are class indices (N) or (N, 1).
 */
public final class SoftmaxFocalLoss extends Loss implements PerSampleLoss {
  private final float gamma;
  private final float[] alpha;
  private final Reduction reduction;

  SoftmaxFocalLoss(String name, float gamma, float[] alpha, Reduction reduction) {
    super(name);
    this.gamma = gamma;
    this.alpha = alpha;
    this.reduction = reduction;
  }

  /**
   * {@code alpha[y] (1 - p_y)^gamma log p_y}, shape (N, 1): the loss with its sign flipped. Keeping the
   * column shape and negating only after the reduction saves tensor operations, which is what a small batch's
   * cost is made of.
   */
  private NDArray negatedColumn(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    LossSupport.checkClasses(getName(), x, alpha, "alpha");
    NDArray y = LossSupport.classIndices(labels.singletonOrThrow()).reshape(-1, 1);
    NDArray logpt = x.logSoftmax(-1).gather(y, 1);
    NDArray loss = logpt;
    if (gamma != 0f) {
      // (1 - p)^gamma == (p - 1)^gamma for gamma 2, and |p - 1|^gamma in general since p <= 1
      NDArray pMinusOne = logpt.exp().sub(1f);
      NDArray mod = gamma == 2f ? pMinusOne.square() : LossSupport.modulator(pMinusOne.neg(), gamma);
      loss = loss.mul(mod);
    }
    if (alpha != null) {
      loss = loss.mul(LossSupport.constant(x, alpha).gather(y.reshape(-1), 0).reshape(-1, 1));
    }
    return loss;
  }

  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    return negatedColumn(labels, predictions).reshape(-1).neg();
  }

  @Override
  public NDArray reduce(NDArray perSample, NDList labels) {
    return reduction == Reduction.SUM ? perSample.sum() : perSample.mean();
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (reduction == Reduction.NONE) {
      return perSample(labels, predictions);
    }
    NDArray negated = negatedColumn(labels, predictions);
    return (reduction == Reduction.SUM ? negated.sum() : negated.mean()).neg();
  }

  @Override
  public SortedMap<String, String> describe() {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("loss", "softmax-focal");
    d.put("gamma", String.valueOf(gamma));
    d.put("reduction", reduction.torchName());
    if (alpha != null) {
      d.put("alpha", Arrays.toString(alpha));
    }
    return d;
  }
}
