package dev.datamgmt.core.label;

import java.util.List;

/**
 * Bounding boxes (object detection), in pixel xyxy coordinates; may be empty (an image with no objects).
 *
 * @param boxes the boxes, in order
 */
public record BoxesLabel(List<Box> boxes) implements Label {
  /** Copies the list and rejects null boxes. */
  public BoxesLabel {
    boxes = List.copyOf(boxes);
  }

  /** A label with the given boxes. */
  public static BoxesLabel of(Box... boxes) {
    return new BoxesLabel(List.of(boxes));
  }

  @Override
  public LabelKind kind() {
    return LabelKind.BOXES;
  }

  @Override
  public int maxClassIndex() {
    return boxes.stream().mapToInt(Box::classIndex).max().orElse(-1);
  }
}
