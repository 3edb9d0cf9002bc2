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
   * The loss as {@code -w . log p_y} with {@code w = alpha[y] (1 - p_y)^gamma}: {@code [log p_y, w]}, both of
   * shape (N), {@code w} null when it is 1 everywhere. Keeping the weight apart lets the reduction be one dot
   * product (sum and mean) instead of a multiply, a reduction and a negation: at 128 x 10 a batch pays per
   * tensor operation (a JNI call and an autograd node), hardly per element, so the operation count is the cost.
   */
  private NDArray[] parts(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    LossSupport.checkClasses(getName(), x, alpha, "alpha");
    NDArray raw = labels.singletonOrThrow();
    NDArray logpt;
    NDArray y = null;
    if (alpha == null && raw.getShape().dimension() == 1) {
      // one pick of the label's log-probability (as DJL's cross-entropy does), with no label cast or reshape
      logpt = x.logSoftmax(-1).get(new ai.djl.ndarray.index.NDIndex().addAllDim(1).addPickDim(raw));
      if (logpt.getShape().dimension() != 1) {
        logpt = logpt.reshape(-1);
      }
    } else {
      y = LossSupport.classIndexColumn(raw);
      logpt = x.logSoftmax(-1).gather(y, 1).reshape(-1);
    }
    NDArray w = null;
    if (gamma != 0f) {
      // (1 - p)^gamma == (p - 1)^gamma for gamma 2, and |p - 1|^gamma in general since p <= 1
      NDArray pMinusOne = logpt.exp().sub(1f);
      w = gamma == 2f ? pMinusOne.square() : LossSupport.modulator(pMinusOne.neg(), gamma);
    }
    if (alpha != null) {
      NDArray a = LossSupport.constant(x, alpha).gather(y.reshape(-1), 0);
      w = w == null ? a : w.mul(a);
    }
    return new NDArray[] {logpt, w};
  }

  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    NDArray[] p = parts(labels, predictions);
    return (p[1] == null ? p[0] : p[1].mul(p[0])).neg();
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
    NDArray[] p = parts(labels, predictions);
    long n = p[0].getShape().get(0);
    if (p[1] == null) {
      return (reduction == Reduction.SUM ? p[0].sum() : p[0].mean()).neg();
    }
    NDArray dot = p[1].dot(p[0]);
    // an empty batch: the mean is NaN, as in PyTorch
    return reduction == Reduction.SUM ? dot.neg() : dot.mul(n == 0 ? Float.NaN : -1f / n);
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
