package dev.datamgmt.core.label;

import java.util.List;

/**
 * An ordered list of keypoints (e.g. the 17 COCO body joints), with an optional class for the instance.
 *
 * @param points the points, in the order the schema defines
 * @param classIndex the class of the instance, or -1 if none
 */
public record KeypointsLabel(List<Keypoint> points, int classIndex) implements Label {
  /** Copies the list and validates the class. */
  public KeypointsLabel {
    points = List.copyOf(points);
    if (classIndex < -1) {
      throw new IllegalArgumentException("keypoints class index must be >= -1: " + classIndex);
    }
  }

  /** Keypoints with no class. */
  public static KeypointsLabel of(Keypoint... points) {
    return new KeypointsLabel(List.of(points), -1);
  }

  @Override
  public LabelKind kind() {
    return LabelKind.KEYPOINTS;
  }

  @Override
  public int maxClassIndex() {
    return classIndex;
  }
}
