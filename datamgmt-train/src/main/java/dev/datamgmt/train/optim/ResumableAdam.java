package dev.datamgmt.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.error.IntegrityException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose state (each parameter's first and second moments and step count) can be saved and loaded, so that a
 * run resumed from a checkpoint continues exactly as if it had not stopped. The update is DJL's own Adam kernel
 * ({@code adamUpdate}, bias-corrected learning rate {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)}) with the same
 * defaults (beta1 0.9, beta2 0.999, epsilon 1e-8); what differs is that the moments are reachable.
 *
 * <pre>{@code
 * TrainingLoop.builder()...
 *     .optOptimizer(ResumableAdam.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
 *     .optCheckpointDir(dir).optResume(true)        // checkpoints then hold the moments: "optimizerState": "saved"
 * }</pre>
 *
 * <p>State is kept per parameter on one device (the loop trains on one). It is saved by parameter name, so it
 * loads into a fresh model of the same architecture (DJL's parameter ids differ between model instances).
 */
public final class ResumableAdam extends Optimizer {
  private static final int MAGIC = 0x52414431; // "RAD1"
  private final ParameterTracker learningRateTracker;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, NDArray> means = new ConcurrentHashMap<>();
  private final Map<String, NDArray> variances = new ConcurrentHashMap<>();
  private final Map<String, Integer> steps = new ConcurrentHashMap<>();

  private ResumableAdam(Builder b) {
    super(b);
    this.learningRateTracker = b.learningRateTracker;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  /** Starts a builder (learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8, as DJL's Adam). */
  public static Builder builder() {
    return new Builder();
  }

  /** {@inheritDoc} */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = steps.merge(parameterId, 1, Integer::sum);
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float lr = learningRateTracker.getNewValue(parameterId, t);
    float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
    float weightDecay = getWeightDecay();
    if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
      throw new IllegalStateException("learning rate or weight decay is not finite: lr " + corrected
          + ", weight decay " + weightDecay);
    }
    NDArray m = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
    NDArray v = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), lr, corrected,
        weightDecay, rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
  }

  /** Whether any parameter has been updated (there is state to save). */
  public boolean hasState() {
    return !steps.isEmpty();
  }

  /**
   * Writes the state of {@code block}'s parameters, by name in block order: per parameter its step count and both
   * moments (parameters not yet updated are skipped).
   */
  public void saveState(Block block, OutputStream out) throws IOException {
    DataOutputStream dos = new DataOutputStream(out);
    Map<String, Parameter> byName = parameters(block);
    int count = 0;
    for (Parameter p : byName.values()) {
      count += steps.containsKey(p.getId()) ? 1 : 0;
    }
    dos.writeInt(MAGIC);
    dos.writeInt(count);
    for (Map.Entry<String, Parameter> e : byName.entrySet()) {
      String id = e.getValue().getId();
      if (!steps.containsKey(id)) {
        continue;
      }
      dos.writeUTF(e.getKey());
      dos.writeInt(steps.get(id));
      byte[] m = means.get(id).encode();
      byte[] v = variances.get(id).encode();
      dos.writeInt(m.length);
      dos.write(m);
      dos.writeInt(v.length);
      dos.write(v);
    }
    dos.flush();
  }

  /**
   * Replaces the state with the one {@link #saveState} wrote, mapped onto {@code block}'s parameters by name;
   * arrays are created in {@code manager} (the model's).
   *
   * @param where the file read, for messages
   * @throws IntegrityException if the data is not such a state or names a parameter the block does not have
   */
  public void loadState(Block block, NDManager manager, InputStream in, String where)
      throws IOException, IntegrityException {
    DataInputStream dis = new DataInputStream(in);
    int magic = dis.readInt();
    if (magic != MAGIC) {
      throw new IntegrityException("not a ResumableAdam state", where, "magic 0x52414431",
          "0x" + Integer.toHexString(magic));
    }
    Map<String, Parameter> byName = parameters(block);
    Map<String, NDArray> m = new HashMap<>();
    Map<String, NDArray> v = new HashMap<>();
    Map<String, Integer> t = new HashMap<>();
    int count = dis.readInt();
    for (int i = 0; i < count; i++) {
      String name = dis.readUTF();
      Parameter p = byName.get(name);
      if (p == null) {
        throw new IntegrityException("optimizer state for an unknown parameter", where,
            "one of " + byName.keySet(), name);
      }
      t.put(p.getId(), dis.readInt());
      m.put(p.getId(), manager.decode(readBytes(dis)));
      v.put(p.getId(), manager.decode(readBytes(dis)));
    }
    means.clear();
    variances.clear();
    steps.clear();
    means.putAll(m);
    variances.putAll(v);
    steps.putAll(t);
  }

  private static byte[] readBytes(DataInputStream dis) throws IOException {
    int n = dis.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    byte[] b = new byte[n];
    dis.readFully(b);
    return b;
  }

  private static Map<String, Parameter> parameters(Block block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    block.getParameters().forEach(pair -> out.put(pair.getKey(), pair.getValue()));
    return out;
  }

  /** Builds a {@link ResumableAdam}; the weight decay, gradient rescaling and clipping come from DJL's builder. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRateTracker = Tracker.fixed(0.001f);
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The learning rate tracker (default fixed 1e-3). */
    public Builder optLearningRateTracker(ParameterTracker tracker) {
      this.learningRateTracker = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    /** The first moment's decay (default 0.9). */
    public Builder optBeta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    /** The second moment's decay (default 0.999). */
    public Builder optBeta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    /** The denominator's epsilon (default 1e-8). */
    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * Builds the optimizer.
     *
     * @throws IllegalArgumentException if a beta is outside [0, 1) or epsilon is not positive
     */
    public ResumableAdam build() {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1): " + beta1 + ", " + beta2);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be > 0: " + epsilon);
      }
      return new ResumableAdam(this);
    }
  }
}
