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
   * The loss as {@code -(w . log p_y)} with {@code w = alpha[y] (1 - p_y)^gamma}, returned as factors of shape (N):
   * {@code [log p_y, f, g]} with {@code w = f * g}; {@code f} and {@code g} are null where they are 1. For gamma 2
   * without alpha the weight is {@code (p - 1) * (p - 1)} and the mean is {@code ((p - 1) * log p) . (p - 1) / -N}:
   * at 128 x 10 a batch pays per tensor operation (a JNI call, an autograd node and its backward), hardly per
   * element, so the operation count is the cost. The label column is gathered ({@code gather} with an int64 column
   * measured cheaper than DJL's pick index at that size, cast and reshape included).
   */
  private NDArray[] parts(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    LossSupport.checkClasses(getName(), x, alpha, "alpha");
    NDArray y = LossSupport.classIndexColumn(labels.singletonOrThrow());
    NDArray logpt = x.logSoftmax(-1).gather(y, 1).reshape(-1);
    NDArray f = null;
    NDArray g = null;
    if (gamma == 2f) {
      // (1 - p)^2 == (p - 1)^2, kept as two factors so the reduction is one dot product
      f = logpt.exp().sub(1f);
      g = f;
    } else if (gamma != 0f) {
      f = LossSupport.modulator(logpt.exp().sub(1f).neg(), gamma);
    }
    if (alpha != null) {
      NDArray a = LossSupport.constant(x, alpha).gather(y.reshape(-1), 0);
      if (f == null) {
        f = a;
      } else {
        g = g == null ? a : g.mul(a);
      }
    }
    return new NDArray[] {logpt, f, g};
  }

  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    NDArray[] p = parts(labels, predictions);
    NDArray l = p[1] == null ? p[0] : p[1].mul(p[0]);
    return (p[2] == null ? l : l.mul(p[2])).neg();
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
    NDArray dot = p[2] == null ? p[1].dot(p[0]) : p[1].mul(p[0]).dot(p[2]);
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
