package dev.datamgmt.train.metrics;

import ai.djl.ndarray.NDArray;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of (true class, predicted class) pairs and the metrics derived from them. Rows are true classes,
 * columns predictions. A class with no true samples has recall NaN and is left out of balanced accuracy and
 * macro averages (so they average over the classes present); a class never predicted has precision 0.
 * Not thread-safe.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(10);
 * cm.add(labels, logits);            // per batch
 * double bal = cm.balancedAccuracy();
 * }</pre>
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix for {@code numClasses} classes. */
  public ConfusionMatrix(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
    }
    counts = new long[numClasses][numClasses];
  }

  /** The number of classes. */
  public int numClasses() {
    return counts.length;
  }

  /**
   * Adds one (true, predicted) pair.
   *
   * @throws InvalidDataException if either class is outside [0, numClasses)
   */
  public void add(int trueClass, int predicted) throws InvalidDataException {
    check("true class", trueClass);
    check("predicted class", predicted);
    counts[trueClass][predicted]++;
  }

  /** Adds pairs; {@code trueClasses} and {@code predicted} have equal length. */
  public void add(int[] trueClasses, int[] predicted) throws InvalidDataException {
    if (trueClasses.length != predicted.length) {
      throw new IllegalArgumentException(
          "true and predicted classes differ in length: " + trueClasses.length + " vs " + predicted.length);
    }
    for (int i = 0; i < trueClasses.length; i++) {
      add(trueClasses[i], predicted[i]);
    }
  }

  /** Adds a batch: class-index labels (N) or (N, 1) and scores (N, C), predicting the arg-max. */
  public void add(NDArray labels, NDArray scores) throws InvalidDataException {
    int[] y = toInts(labels);
    int[] p = toInts(scores.argMax(-1));
    add(y, p);
  }

  static int[] toInts(NDArray a) {
    if (a.getDataType() == ai.djl.ndarray.types.DataType.INT32) {
      return a.toIntArray();
    }
    return a.toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
  }

  private void check(String what, int c) throws InvalidDataException {
    if (c < 0 || c >= counts.length) {
      throw new InvalidDataException(what + " out of range", "confusion matrix", "0.." + (counts.length - 1),
          String.valueOf(c));
    }
  }

  /** Adds all counts of {@code other} (same class count). */
  public void merge(ConfusionMatrix other) {
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException("cannot merge " + other.counts.length + " classes into " + counts.length);
    }
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        counts[i][j] += other.counts[i][j];
      }
    }
  }

  /** A copy of the counts, rows = true class. */
  public long[][] counts() {
    long[][] c = new long[counts.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts[i].clone();
    }
    return c;
  }

  /** All pairs counted. */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long v : row) {
        t += v;
      }
    }
    return t;
  }

  /** Samples of class c. */
  public long support(int c) {
    return Arrays.stream(counts[c]).sum();
  }

  /** Fraction predicted correctly (NaN when empty). */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    long t = total();
    return t == 0 ? Double.NaN : (double) correct / t;
  }

  /** TP / (TP + FP); 0 when the class was never predicted. */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  /** TP / (TP + FN); NaN when the class has no samples. */
  public double recall(int c) {
    long s = support(c);
    return s == 0 ? Double.NaN : (double) counts[c][c] / s;
  }

  /** Harmonic mean of precision and recall; 0 when both are 0, NaN when the class has no samples. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    if (Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the classes that have samples. */
  public double macroF1() {
    return meanOverPresent(this::f1);
  }

  /** Mean recall over the classes that have samples. */
  public double balancedAccuracy() {
    return meanOverPresent(this::recall);
  }

  /** The smallest recall over the classes that have samples, and which class it is. */
  public int worstRecallClass() {
    int worst = -1;
    for (int c = 0; c < counts.length; c++) {
      double r = recall(c);
      if (!Double.isNaN(r) && (worst < 0 || r < recall(worst))) {
        worst = c;
      }
    }
    return worst;
  }

  private double meanOverPresent(java.util.function.IntToDoubleFunction f) {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < counts.length; c++) {
      if (support(c) > 0) {
        sum += f.applyAsDouble(c);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Accuracy, balanced accuracy, macro-F1 and per-class precision/recall/F1 as text, for lineage. */
  public Map<String, String> summary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("accuracy", fmt(accuracy()));
    m.put("balancedAccuracy", fmt(balancedAccuracy()));
    m.put("macroF1", fmt(macroF1()));
    StringBuilder p = new StringBuilder();
    StringBuilder r = new StringBuilder();
    StringBuilder f = new StringBuilder();
    for (int c = 0; c < counts.length; c++) {
      String sep = c == 0 ? "" : ",";
      p.append(sep).append(fmt(precision(c)));
      r.append(sep).append(fmt(recall(c)));
      f.append(sep).append(fmt(f1(c)));
    }
    m.put("precision", "[" + p + "]");
    m.put("recall", "[" + r + "]");
    m.put("f1", "[" + f + "]");
    m.put("samples", String.valueOf(total()));
    return m;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ConfusionMatrix").append(summary()).append('\n');
    for (long[] row : counts) {
      sb.append(Arrays.toString(row)).append('\n');
    }
    return sb.toString();
  }
}
