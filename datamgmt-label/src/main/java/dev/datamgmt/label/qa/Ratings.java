package dev.datamgmt.label.qa;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.label.store.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Class ratings of items by raters: a matrix {@code items x raters} of class indices, {@link #MISSING} where a rater
 * did not rate an item, with the item and rater ids. Immutable. The input of every agreement and consensus method
 * in this package.
 *
 * <pre>{@code
 * Ratings r = Ratings.fromAnnotations(store.labelsOn(version), 10);  // class labels, latest per annotator
 * double kappa = Agreement.fleissKappa(r);
 * }</pre>
 */
public final class Ratings {
  /** The value of a missing rating. */
  public static final int MISSING = -1;

  private final List<String> itemIds;
  private final List<String> raterIds;
  private final int[][] matrix;
  private final int numClasses;

  private Ratings(List<String> itemIds, List<String> raterIds, int[][] matrix, int numClasses) {
    this.itemIds = itemIds;
    this.raterIds = raterIds;
    this.matrix = matrix;
    this.numClasses = numClasses;
  }

  /**
   * Ratings from a matrix; items are named {@code "0", "1", ...} and raters {@code "r0", "r1", ...}.
   *
   * @param matrix {@code matrix[item][rater]}: a class in {@code [0, numClasses)} or {@link #MISSING}; rows of
   *     equal length
   * @throws IllegalArgumentException if a value is out of range or the rows differ in length
   */
  public static Ratings of(int[][] matrix, int numClasses) {
    Objects.requireNonNull(matrix, "matrix");
    int raters = matrix.length == 0 ? 0 : matrix[0].length;
    List<String> items = new ArrayList<>();
    for (int i = 0; i < matrix.length; i++) {
      items.add(Integer.toString(i));
    }
    List<String> raterIds = new ArrayList<>();
    for (int r = 0; r < raters; r++) {
      raterIds.add("r" + r);
    }
    return of(items, raterIds, matrix, numClasses);
  }

  /**
   * Ratings from a matrix with names.
   *
   * @throws IllegalArgumentException if the sizes disagree, a value is out of range or an id repeats
   */
  public static Ratings of(List<String> itemIds, List<String> raterIds, int[][] matrix, int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses < 1: " + numClasses);
    }
    if (itemIds.size() != matrix.length) {
      throw new IllegalArgumentException("item ids: " + itemIds.size() + ", matrix rows: " + matrix.length);
    }
    if (new TreeSet<>(itemIds).size() != itemIds.size() || new TreeSet<>(raterIds).size() != raterIds.size()) {
      throw new IllegalArgumentException("item and rater ids must be unique");
    }
    int[][] copy = new int[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      if (matrix[i].length != raterIds.size()) {
        throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " ratings, expected "
            + raterIds.size());
      }
      copy[i] = matrix[i].clone();
      for (int r = 0; r < copy[i].length; r++) {
        int v = copy[i][r];
        if (v != MISSING && (v < 0 || v >= numClasses)) {
          throw new IllegalArgumentException("rating at item " + itemIds.get(i) + ", rater " + raterIds.get(r)
              + " not in [0, " + numClasses + ") or MISSING: " + v);
        }
      }
    }
    return new Ratings(List.copyOf(itemIds), List.copyOf(raterIds), copy, numClasses);
  }

  /**
   * Ratings from stored annotations: every annotation must carry a {@link ClassLabel}; each annotator's latest
   * label of a record counts (a corrected label replaces the earlier one). Items and raters in id order.
   *
   * @throws InvalidDataException naming the record and annotator if a label is not a class label or its class
   *     is not below {@code numClasses}
   */
  public static Ratings fromAnnotations(Collection<Annotation> annotations, int numClasses)
      throws InvalidDataException {
    List<Annotation> sorted = new ArrayList<>(annotations);
    sorted.sort(Comparator.comparing(Annotation::time)); // stable: ties keep the store's order
    TreeMap<String, TreeMap<String, Integer>> byItem = new TreeMap<>();
    TreeSet<String> raters = new TreeSet<>();
    for (Annotation a : sorted) {
      String where = "record " + a.recordId() + ", annotator " + a.annotator();
      if (!(a.label() instanceof ClassLabel cl)) {
        throw new InvalidDataException("not a class label", where, "a class label", a.label().kind().name());
      }
      if (cl.index() >= numClasses) {
        throw new InvalidDataException("class out of range", where, "a class in [0, " + numClasses + ")",
            Integer.toString(cl.index()));
      }
      byItem.computeIfAbsent(a.recordId(), k -> new TreeMap<>()).put(a.annotator(), cl.index());
      raters.add(a.annotator());
    }
    List<String> raterIds = List.copyOf(raters);
    Map<String, Integer> raterIndex = new TreeMap<>();
    for (int r = 0; r < raterIds.size(); r++) {
      raterIndex.put(raterIds.get(r), r);
    }
    int[][] m = new int[byItem.size()][raterIds.size()];
    int i = 0;
    for (Map<String, Integer> row : byItem.values()) {
      java.util.Arrays.fill(m[i], MISSING);
      for (Map.Entry<String, Integer> e : row.entrySet()) {
        m[i][raterIndex.get(e.getKey())] = e.getValue();
      }
      i++;
    }
    return new Ratings(List.copyOf(byItem.keySet()), raterIds, m, numClasses);
  }

  /** The item (record) ids, in row order. */
  public List<String> itemIds() {
    return itemIds;
  }

  /** The rater (annotator) ids, in column order. */
  public List<String> raterIds() {
    return raterIds;
  }

  /** The number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** The number of items. */
  public int numItems() {
    return matrix.length;
  }

  /** The number of raters. */
  public int numRaters() {
    return raterIds.size();
  }

  /** The rating of {@code item} by {@code rater}, or {@link #MISSING}. */
  public int get(int item, int rater) {
    return matrix[item][rater];
  }

  /** Per item, how many raters chose each class: {@code counts[item][class]}. */
  public int[][] counts() {
    int[][] c = new int[matrix.length][numClasses];
    for (int i = 0; i < matrix.length; i++) {
      for (int v : matrix[i]) {
        if (v != MISSING) {
          c[i][v]++;
        }
      }
    }
    return c;
  }
}
