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

  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    LossSupport.checkClasses(getName(), x, alpha, "alpha");
    NDArray y = LossSupport.classIndices(labels.singletonOrThrow());
    NDArray logpt = x.logSoftmax(-1).gather(y.reshape(-1, 1), 1).reshape(-1);
    NDArray loss = logpt.neg();
    NDArray mod = LossSupport.modulator(logpt.exp().neg().add(1f), gamma);
    if (mod != null) {
      loss = loss.mul(mod);
    }
    if (alpha != null) {
      loss = loss.mul(LossSupport.constant(x, alpha).gather(y, 0));
    }
    return loss;
  }

  @Override
  public NDArray reduce(NDArray perSample, NDList labels) {
    return reduction == Reduction.SUM ? perSample.sum() : perSample.mean();
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray loss = perSample(labels, predictions);
    return reduction == Reduction.NONE ? loss : reduce(loss, labels);
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
