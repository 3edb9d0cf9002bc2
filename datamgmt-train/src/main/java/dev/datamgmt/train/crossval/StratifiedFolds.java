package dev.datamgmt.train.crossval;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.seed.Seeds;

/**
 * Assigns records to k folds, stratified by class and seeded: each class's records are shuffled with
 * {@code Seeds.shuffle(members, Seeds.derive(seed, class))} and dealt to the folds round-robin, continuing where the
 * previous class stopped (FORMAT.md, "Randomness"). So every fold holds each class's count divided by k, give or
 * take one, and the folds' sizes differ by at most one; the assignment is a pure function of (labels, k, seed).
 */
public final class StratifiedFolds {
  private StratifiedFolds() {}

  /**
   * The fold (0..folds-1) of every record.
   *
   * @param labels each record's class in [0, numClasses)
   * @throws InvalidDataException naming the first record whose label is out of range
   * @throws IllegalArgumentException if {@code folds < 2}, {@code numClasses < 1} or there are fewer records than
   *     folds
   */
  public static int[] assign(int[] labels, int numClasses, int folds, long seed) throws InvalidDataException {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be >= 2: " + folds);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
    }
    if (labels.length < folds) {
      throw new IllegalArgumentException("fewer records than folds: " + labels.length + " < " + folds);
    }
    int[] counts = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new InvalidDataException("class label out of range", "record " + i,
            "an integer class in 0.." + (numClasses - 1), String.valueOf(labels[i]));
      }
      counts[labels[i]]++;
    }
    long[][] members = new long[numClasses][];
    int[] fill = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      members[c] = new long[counts[c]];
    }
    for (int i = 0; i < labels.length; i++) {
      members[labels[i]][fill[labels[i]]++] = i;
    }
    int[] fold = new int[labels.length];
    long before = 0;
    for (int c = 0; c < numClasses; c++) {
      Seeds.shuffle(members[c], 0, members[c].length, Seeds.derive(seed, c));
      for (int j = 0; j < members[c].length; j++) {
        fold[(int) members[c][j]] = (int) ((before + j) % folds);
      }
      before += members[c].length;
    }
    return fold;
  }
}
