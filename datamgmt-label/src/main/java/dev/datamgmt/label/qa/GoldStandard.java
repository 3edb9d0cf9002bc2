package dev.datamgmt.label.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Annotator quality on gold-standard items (items whose true class is known, mixed into the work): per annotator,
 * how many gold items they rated, their accuracy and their confusion matrix.
 *
 * <pre>{@code
 * for (GoldStandard.Score s : GoldStandard.evaluate(ratings, Map.of("img-7", 2, "img-9", 0))) {
 *   System.out.println(s.annotator() + " " + s.accuracy());
 * }
 * }</pre>
 */
public final class GoldStandard {
  private GoldStandard() {}

  /**
   * One annotator's result on the gold items.
   *
   * @param annotator the annotator id
   * @param rated how many gold items they rated
   * @param correct how many of those they got right
   * @param confusion {@code [true class][given class]} counts
   */
  public record Score(String annotator, int rated, int correct, int[][] confusion) {
    /** {@code correct / rated}; NaN if they rated no gold item. */
    public double accuracy() {
      return rated == 0 ? Double.NaN : correct / (double) rated;
    }
  }

  /**
   * Scores every annotator of {@code ratings} on the items named in {@code gold}.
   *
   * @param gold true class by item id; ids not among the ratings' items are ignored
   * @throws IllegalArgumentException if a gold class is out of range
   */
  public static List<Score> evaluate(Ratings ratings, Map<String, Integer> gold) {
    Objects.requireNonNull(gold, "gold");
    int k = ratings.numClasses();
    List<Score> out = new ArrayList<>();
    for (int r = 0; r < ratings.numRaters(); r++) {
      int[][] confusion = new int[k][k];
      int rated = 0;
      int correct = 0;
      for (int i = 0; i < ratings.numItems(); i++) {
        Integer truth = gold.get(ratings.itemIds().get(i));
        int given = ratings.get(i, r);
        if (truth == null || given == Ratings.MISSING) {
          continue;
        }
        if (truth < 0 || truth >= k) {
          throw new IllegalArgumentException("gold class of " + ratings.itemIds().get(i) + " not in [0, " + k
              + "): " + truth);
        }
        confusion[truth][given]++;
        rated++;
        correct += truth == given ? 1 : 0;
      }
      out.add(new Score(ratings.raterIds().get(r), rated, correct, confusion));
    }
    return out;
  }
}
