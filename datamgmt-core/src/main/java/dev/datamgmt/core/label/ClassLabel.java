package dev.datamgmt.core.label;

/**
 * A single class.
 *
 * @param index the class index, {@code >= 0}; its name is in the dataset schema
 */
public record ClassLabel(int index) implements Label {
  /** Validates the index. */
  public ClassLabel {
    if (index < 0) {
      throw new IllegalArgumentException("class index < 0: " + index);
    }
  }

  /** Shorthand for {@code new ClassLabel(index)}. */
  public static ClassLabel of(int index) {
    return new ClassLabel(index);
  }

  @Override
  public LabelKind kind() {
    return LabelKind.CLASS;
  }

  @Override
  public int maxClassIndex() {
    return index;
  }
}
