package dev.datamgmt.core.label;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Any number of classes at once (possibly none).
 *
 * @param indices the class indices, sorted ascending without duplicates (the constructor normalizes them)
 */
public record MultiLabel(List<Integer> indices) implements Label {
  /** Sorts, removes duplicates and validates the indices. */
  public MultiLabel {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer i : indices) {
      if (i == null || i < 0) {
        throw new IllegalArgumentException("class index must be >= 0: " + i);
      }
      sorted.add(i);
    }
    indices = List.copyOf(sorted);
  }

  /** A label with the given class indices. */
  public static MultiLabel of(int... indices) {
    return new MultiLabel(java.util.Arrays.stream(indices).boxed().toList());
  }

  /** A label with the given class indices. */
  public static MultiLabel of(Collection<Integer> indices) {
    return new MultiLabel(List.copyOf(indices));
  }

  /** Whether class {@code index} is present. */
  public boolean contains(int index) {
    return java.util.Collections.binarySearch(indices, index) >= 0;
  }

  @Override
  public LabelKind kind() {
    return LabelKind.MULTI_LABEL;
  }

  @Override
  public int maxClassIndex() {
    return indices.isEmpty() ? -1 : indices.get(indices.size() - 1);
  }
}
