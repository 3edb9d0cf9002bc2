package dev.datamgmt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sigmoid focal loss (Lin et al. 2017) for binary and multi-label targets, with torchvision's
 * {@code sigmoid_focal_loss} semantics: {@code alpha_t * (1 - p_t)^gamma * BCE(x, t)} elementwise, where
 * {@code alpha < 0} disables the alpha weighting, and optional per-class weights (class-balanced weighting,
 * Cui et al. 2019) multiply each column. With gamma 0 and alpha &lt; 0 it is plain binary cross-entropy from
 * logits.
 *
 * <p>Predictions are logits of shape (N, C) (or (N)); labels are targets in [0, 1] of the same shape. BCE is
 * computed as {@code softplus(x) - x t} and {@code 1 - p_t} as
 * {@code sigmoid(-x) t + sigmoid(x) (1 - t)}, both exact and finite for any finite logit.
 */
public final class SigmoidFocalLoss extends Loss implements PerSampleLoss {
  private final float alpha;
  private final float gamma;
  private final Reduction reduction;
  private final float[] classWeights;

  SigmoidFocalLoss(String name, float alpha, float gamma, Reduction reduction, float[] classWeights) {
    super(name);
    this.alpha = alpha;
    this.gamma = gamma;
    this.reduction = reduction;
    this.classWeights = classWeights;
  }

  /** The elementwise loss, same shape as the logits. */
  public NDArray elementwise(NDList labels, NDList predictions) {
    NDArray x = predictions.singletonOrThrow();
    NDArray t = labels.singletonOrThrow();
    if (!t.getShape().equals(x.getShape())) {
      t = t.reshape(x.getShape());
    }
    if (t.getDataType() != x.getDataType()) {
      t = t.toType(x.getDataType(), false);
    }
    LossSupport.checkClasses(getName(), x, classWeights, "classWeights");
    // softplus(x) - x t: PyTorch's softplus returns x above 20 and log1p(exp(x)) below, so it never overflows, and
    // unlike relu(x) + softplus(-|x|) its gradient is sigmoid(x) - t also at x = 0
    NDArray ce = Activation.softPlus(x).sub(x.mul(t));
    NDArray loss = ce;
    NDArray mod = null;
    if (gamma != 0f) {
      NDArray sx = Activation.sigmoid(x);
      // 1 - p_t = (1 - p) t + p (1 - t) = p + t (1 - 2p)
      NDArray oneMinusPt = sx.add(t.mul(sx.mul(-2f).add(1f)));
      mod = LossSupport.modulator(oneMinusPt, gamma);
      loss = loss.mul(mod);
    }
    if (alpha >= 0) {
      // alpha_t = alpha t + (1 - alpha)(1 - t)
      loss = loss.mul(t.mul(2 * alpha - 1).add(1 - alpha));
    }
    if (classWeights != null) {
      loss = loss.mul(LossSupport.constant(x, classWeights));
    }
    return loss;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray loss = elementwise(labels, predictions);
    return switch (reduction) {
      case NONE -> loss;
      case MEAN -> loss.mean();
      case SUM -> loss.sum();
    };
  }

  /** The mean over each sample's elements, so that the mean of these is the {@link Reduction#MEAN} loss. */
  @Override
  public NDArray perSample(NDList labels, NDList predictions) {
    NDArray loss = elementwise(labels, predictions);
    return loss.getShape().dimension() <= 1 ? loss : loss.reshape(loss.getShape().get(0), -1).mean(new int[] {1});
  }

  @Override
  public NDArray reduce(NDArray perSample, NDList labels) {
    return switch (reduction) {
      case NONE, MEAN -> perSample.mean();
      case SUM -> perSample.sum().mul(labels.singletonOrThrow().size() / Math.max(1, perSample.size()));
    };
  }

  @Override
  public SortedMap<String, String> describe() {
    TreeMap<String, String> d = new TreeMap<>();
    d.put("loss", "sigmoid-focal");
    d.put("alpha", String.valueOf(alpha));
    d.put("gamma", String.valueOf(gamma));
    d.put("reduction", reduction.torchName());
    if (classWeights != null) {
      d.put("classWeights", Arrays.toString(classWeights));
    }
    return d;
  }
}
