package dev.datamgmt.train.predict;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.Sample;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.metrics.LogitAdjustment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A classifier's logits for every record of a {@link DatasetReader}, in reader order, with each record's id and
 * given class ({@code -1} for an unlabeled record). Immutable.
 *
 * <pre>{@code
 * Predictions pool = Predictions.of(model, poolReader, tensors, 256);          // evaluation mode, no gradients
 * Predictions adjusted = pool.adjusted(LogitAdjustment.of(trainCounts, 0.3));
 * List<String> next = ActiveLearning.uncertainty(Uncertainty.MARGIN).setBatchSize(200).build()
 *     .select(adjusted.probabilitiesById());
 * ConfusionMatrix cm = Predictions.of(model, testReader, tensors, 256).confusion();
 * }</pre>
 */
public final class Predictions {
  private final List<String> ids;
  private final float[] logits;
  private final int[] labels;
  private final int numClasses;

  private Predictions(List<String> ids, float[] logits, int[] labels, int numClasses) {
    this.ids = ids;
    this.logits = logits;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /**
   * Runs {@code model}'s block forward (inference mode) over every record of {@code reader}, {@code batchSize}
   * records at a time, each in its own {@link NDManager} scope under the model's manager.
   *
   * @throws DataException if a record cannot be read or decoded (naming it)
   * @throws IllegalStateException if the model's output is not (batch, classes) or its width changes
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public static Predictions of(Model model, DatasetReader reader, ImageTensors tensors, int batchSize)
      throws DataException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(tensors, "tensors");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize < 1: " + batchSize);
    }
    int n = Math.toIntExact(reader.size());
    List<String> ids = new ArrayList<>(n);
    int[] labels = new int[n];
    float[] out = null;
    int k = -1;
    ParameterStore params = new ParameterStore(model.getNDManager(), false);
    byte[] px = new byte[tensors.imageBytes() * Math.min(batchSize, Math.max(n, 1))];
    for (int from = 0; from < n; from += batchSize) {
      int size = Math.min(batchSize, n - from);
      for (int i = 0; i < size; i++) {
        Sample s = reader.get(from + i);
        ids.add(s.id());
        labels[from + i] = s.classIndex();
        tensors.decode(s, px, i * tensors.imageBytes());
      }
      try (NDManager batch = model.getNDManager().newSubManager()) {
        NDArray x = tensors.images(batch, px, size);
        NDArray y = model.getBlock().forward(params, new NDList(x), false).head();
        if (y.getShape().dimension() != 2 || y.getShape().get(0) != size || (k >= 0 && y.getShape().get(1) != k)) {
          throw new IllegalStateException("model output for records " + from + ".." + (from + size - 1)
              + ": expected (" + size + ", " + (k < 0 ? "classes" : k) + "), found " + y.getShape());
        }
        if (k < 0) {
          k = Math.toIntExact(y.getShape().get(1));
          out = new float[n * k];
        }
        System.arraycopy(y.toFloatArray(), 0, out, from * k, size * k);
      }
    }
    return new Predictions(List.copyOf(ids), out == null ? new float[0] : out, labels, Math.max(k, 0));
  }

  /**
   * Predictions from arrays already computed: {@code logits} row-major {@code (ids.size() x numClasses)}.
   *
   * @throws IllegalArgumentException if the lengths do not fit or a label is below -1 or not below numClasses
   */
  public static Predictions of(List<String> ids, float[] logits, int[] labels, int numClasses) {
    if (numClasses < 1 || logits.length != (long) ids.size() * numClasses || labels.length != ids.size()) {
      throw new IllegalArgumentException("expected " + ids.size() + " ids, " + ids.size() + " labels and "
          + ids.size() + " x " + numClasses + " logits, found " + labels.length + " labels and " + logits.length
          + " logits");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < -1 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label of " + ids.get(i) + " is " + labels[i] + ": expected -1 (none) "
            + "or a class in [0, " + numClasses + ")");
      }
    }
    return new Predictions(List.copyOf(ids), logits.clone(), labels.clone(), numClasses);
  }

  /** The number of records. */
  public int size() {
    return ids.size();
  }

  /** The number of classes (the model's output width; 0 when there are no records). */
  public int numClasses() {
    return numClasses;
  }

  /** The record ids, in reader order. */
  public List<String> ids() {
    return ids;
  }

  /** The given classes, {@code -1} where a record has none (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** The logits, row-major {@code (size x numClasses)} (a copy). */
  public float[] logits() {
    return logits.clone();
  }

  /** These predictions with {@code adjustment}'s offsets subtracted from every row of logits. */
  public Predictions adjusted(LogitAdjustment adjustment) {
    if (adjustment.numClasses() != numClasses) {
      throw new IllegalArgumentException("the adjustment has " + adjustment.numClasses() + " classes, the "
          + "predictions " + numClasses);
    }
    float[] off = adjustment.offsets();
    float[] out = logits.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= off[i % numClasses];
    }
    return new Predictions(ids, out, labels, numClasses);
  }

  /** Record {@code i}'s class probabilities (softmax of its logits). */
  public double[] probabilities(int i) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < numClasses; c++) {
      max = Math.max(max, logits[i * numClasses + c]);
    }
    double[] p = new double[numClasses];
    double sum = 0;
    for (int c = 0; c < numClasses; c++) {
      p[c] = Math.exp(logits[i * numClasses + c] - max);
      sum += p[c];
    }
    for (int c = 0; c < numClasses; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** Every record's probabilities by id, in reader order (the input of the label module's selectors). */
  public Map<String, double[]> probabilitiesById() {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      out.put(ids.get(i), probabilities(i));
    }
    return out;
  }

  /** The predicted class of every record: the arg-max of its logits, the lowest class on ties. */
  public int[] predicted() {
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int c = 1; c < numClasses; c++) {
        if (logits[i * numClasses + c] > logits[i * numClasses + best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Every record's confidence: the probability of its predicted class. */
  public double[] confidence() {
    double[] out = new double[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.stream(probabilities(i)).max().orElse(Double.NaN);
    }
    return out;
  }

  /**
   * Whether each record's prediction equals its given class.
   *
   * @throws IllegalStateException if a record has no label
   */
  public boolean[] correct() {
    int[] p = predicted();
    boolean[] out = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] == requireLabel(i);
    }
    return out;
  }

  /**
   * The confusion matrix of the predictions against the given classes.
   *
   * @throws IllegalStateException if a record has no label
   * @throws InvalidDataException if a label is outside the model's classes
   */
  public ConfusionMatrix confusion() throws InvalidDataException {
    ConfusionMatrix cm = new ConfusionMatrix(numClasses);
    int[] p = predicted();
    for (int i = 0; i < p.length; i++) {
      cm.add(requireLabel(i), p[i]);
    }
    return cm;
  }

  private int requireLabel(int i) {
    if (labels[i] < 0) {
      throw new IllegalStateException("record " + ids.get(i) + " has no label: expected every record labeled");
    }
    return labels[i];
  }

  @Override
  public String toString() {
    return "Predictions{" + ids.size() + " records x " + numClasses + " classes}";
  }
}
