package dev.datamgmt.train.crossval;

import dev.datamgmt.train.loop.TrainingReport;
import java.util.List;

/**
 * Out-of-sample class probabilities: row {@code i} comes from the model of fold {@link #fold(int) fold(i)}, which
 * did not train on record {@code i}.
 */
public final class OutOfSample {
  private final float[][] probabilities;
  private final int[] fold;
  private final List<TrainingReport> reports;

  OutOfSample(float[][] probabilities, int[] fold, List<TrainingReport> reports) {
    this.probabilities = probabilities;
    this.fold = fold;
    this.reports = List.copyOf(reports);
  }

  /** The number of records. */
  public int size() {
    return fold.length;
  }

  /** Record {@code i}'s class probabilities (a copy), from the model that held it out. */
  public float[] probabilities(int i) {
    return probabilities[i].clone();
  }

  /** All probabilities, one row per record (a copy). */
  public float[][] probabilities() {
    float[][] out = new float[probabilities.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = probabilities[i].clone();
    }
    return out;
  }

  /** The fold whose model predicted record {@code i} (and did not train on it). */
  public int fold(int i) {
    return fold[i];
  }

  /** Each fold's training report, in fold order: its history and the lineage of its model. */
  public List<TrainingReport> reports() {
    return reports;
  }
}
