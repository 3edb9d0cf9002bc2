package dev.datamgmt.core.label;

/**
 * An axis-aligned box in pixel coordinates, corners {@code (x1, y1)} top-left and {@code (x2, y2)}
 * bottom-right (the "xyxy" convention), with a class.
 *
 * @param x1 left edge, finite
 * @param y1 top edge, finite
 * @param x2 right edge, finite and {@code >= x1}
 * @param y2 bottom edge, finite and {@code >= y1}
 * @param classIndex the class, {@code >= 0}
 */
public record Box(double x1, double y1, double x2, double y2, int classIndex) {
  /** Validates coordinates and class. */
  public Box {
    if (!(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2))) {
      throw new IllegalArgumentException(
          "box coordinates must be finite: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          "box needs x1 <= x2 and y1 <= y2: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
    if (classIndex < 0) {
      throw new IllegalArgumentException("box class index < 0: " + classIndex);
    }
  }

  /** A box from its top-left corner, width and height (the COCO "xywh" convention). */
  public static Box ofXywh(double x, double y, double width, double height, int classIndex) {
    return new Box(x, y, x + width, y + height, classIndex);
  }

  /** {@code x2 - x1}. */
  public double width() {
    return x2 - x1;
  }

  /** {@code y2 - y1}. */
  public double height() {
    return y2 - y1;
  }

  /** {@code width * height}. */
  public double area() {
    return width() * height();
  }
}
