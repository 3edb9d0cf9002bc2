package dev.datamgmt.label.weak;

import dev.datamgmt.label.qa.Ratings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The entry point for weak supervision: apply labeling functions to items (a label matrix, as {@link Ratings}
 * with one rater per function), summarise each function, and fit a {@link LabelModel} that estimates the
 * functions' accuracies without ground truth and outputs probabilistic labels.
 *
 * <pre>{@code
 * Ratings votes = WeakSupervision.apply(functions, records, Record::id, 2);
 * List<WeakSupervision.Summary> s = WeakSupervision.summarize(votes, gold);   // gold may be empty
 * LabelModel.Fit fit = WeakSupervision.labelModel().build().fit(votes);
 * double[] p = fit.probabilities(0);
 * }</pre>
 */
public final class WeakSupervision {
  private WeakSupervision() {}

  /**
   * Runs every function on every item.
   *
   * @throws IllegalArgumentException naming the function and item if a vote is neither a class in {@code [0,
   *     numClasses)} nor {@link LabelingFunction#ABSTAIN}, or two functions share a name
   */
  public static <T> Ratings apply(List<? extends LabelingFunction<T>> functions, List<T> items,
      Function<T, String> id, int numClasses) {
    Objects.requireNonNull(id, "id");
    List<String> names = new ArrayList<>();
    for (LabelingFunction<T> f : functions) {
      if (names.contains(f.name())) {
        throw new IllegalArgumentException("two labeling functions are named " + f.name());
      }
      names.add(f.name());
    }
    List<String> ids = new ArrayList<>();
    int[][] m = new int[items.size()][functions.size()];
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      ids.add(id.apply(item));
      for (int j = 0; j < functions.size(); j++) {
        int v = functions.get(j).vote(item);
        if (v != LabelingFunction.ABSTAIN && (v < 0 || v >= numClasses)) {
          throw new IllegalArgumentException("labeling function " + names.get(j) + " voted " + v + " on item "
              + ids.get(i) + ": expected a class in [0, " + numClasses + ") or ABSTAIN");
        }
        m[i][j] = v;
      }
    }
    return Ratings.of(ids, names, m, numClasses);
  }

  /**
   * What one labeling function does on the items (Snorkel's LF summary).
   *
   * @param name the function
   * @param coverage share of items it votes on
   * @param overlaps share of items it votes on together with another function
   * @param conflicts share of items it votes on where another function votes differently
   * @param goldVotes how many of its votes fall on items with a gold label
   * @param empiricalAccuracy share of those votes that match the gold label; NaN without gold
   */
  public record Summary(String name, double coverage, double overlaps, double conflicts, int goldVotes,
      double empiricalAccuracy) {}

  /** Summaries of every function (column) of {@code votes}; {@code gold}: true class by item id, may be empty. */
  public static List<Summary> summarize(Ratings votes, Map<String, Integer> gold) {
    int n = votes.numItems();
    List<Summary> out = new ArrayList<>();
    for (int j = 0; j < votes.numRaters(); j++) {
      int covered = 0;
      int overlap = 0;
      int conflict = 0;
      int goldVotes = 0;
      int right = 0;
      for (int i = 0; i < n; i++) {
        int v = votes.get(i, j);
        if (v == Ratings.MISSING) {
          continue;
        }
        covered++;
        boolean o = false;
        boolean c = false;
        for (int k = 0; k < votes.numRaters(); k++) {
          int w = votes.get(i, k);
          if (k != j && w != Ratings.MISSING) {
            o = true;
            c |= w != v;
          }
        }
        overlap += o ? 1 : 0;
        conflict += c ? 1 : 0;
        Integer g = gold.get(votes.itemIds().get(i));
        if (g != null) {
          goldVotes++;
          right += g == v ? 1 : 0;
        }
      }
      double denom = Math.max(n, 1);
      out.add(new Summary(votes.raterIds().get(j), covered / denom, overlap / denom, conflict / denom, goldVotes,
          goldVotes == 0 ? Double.NaN : right / (double) goldVotes));
    }
    return out;
  }

  /** A label model to fit on a label matrix. */
  public static LabelModel.Builder labelModel() {
    return new LabelModel.Builder();
  }
}
