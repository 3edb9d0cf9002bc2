package dev.datamgmt.augment.geometry;

import dev.datamgmt.core.label.Box;

/**
 * The box conventions of the detection libraries, for boxes on the way in and out. Inside the library boxes are
 * xyxy ({@link BoxFormat}); an encoding converts four numbers of its convention to a pixel xyxy {@link Box} and
 * back, given the image size.
 *
 * <pre>{@code
 * ImageSample s = ImageSample.of("img-3", raster)
 *     .withEncodedBoxes(List.of(new double[] {0.5, 0.5, 0.2, 0.4}), List.of(7), BoxEncoding.YOLO);
 * List<double[]> coco = augmented.boxesAs(BoxEncoding.COCO);   // [x_min, y_min, width, height] in pixels
 * }</pre>
 */
public enum BoxEncoding {
  /** Pascal VOC: {@code [x_min, y_min, x_max, y_max]} in pixels (the same as {@link BoxFormat#PIXEL_XYXY}). */
  PASCAL_VOC,
  /** COCO: {@code [x_min, y_min, width, height]} in pixels. */
  COCO,
  /** YOLO: {@code [x_center, y_center, width, height]} as fractions of the image size. */
  YOLO,
  /**
   * Albumentations: {@code [x_min, y_min, x_max, y_max]} as fractions of the image size (the same as
   * {@link BoxFormat#NORMALIZED_XYXY}).
   */
  ALBUMENTATIONS;

  /**
   * A pixel xyxy box from four numbers of this encoding.
   *
   * @param v the four numbers
   * @param classIndex the box's class
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @throws IllegalArgumentException if {@code v} does not hold four finite numbers or gives a negative width or
   *     height
   */
  public Box decode(double[] v, int classIndex, int width, int height) {
    if (v == null || v.length != 4) {
      throw new IllegalArgumentException(name() + " box must have 4 numbers: "
          + (v == null ? "null" : java.util.Arrays.toString(v)));
    }
    for (double d : v) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(name() + " box must be finite: " + java.util.Arrays.toString(v));
      }
    }
    if ((this == COCO || this == YOLO) && (v[2] < 0 || v[3] < 0)) {
      throw new IllegalArgumentException(
          name() + " box width and height must be >= 0: " + java.util.Arrays.toString(v));
    }
    double x1, y1, x2, y2;
    switch (this) {
      case PASCAL_VOC -> {
        x1 = v[0];
        y1 = v[1];
        x2 = v[2];
        y2 = v[3];
      }
      case COCO -> {
        x1 = v[0];
        y1 = v[1];
        x2 = v[0] + v[2];
        y2 = v[1] + v[3];
      }
      case YOLO -> {
        x1 = (v[0] - v[2] / 2) * width;
        y1 = (v[1] - v[3] / 2) * height;
        x2 = (v[0] + v[2] / 2) * width;
        y2 = (v[1] + v[3] / 2) * height;
      }
      default -> {
        x1 = v[0] * width;
        y1 = v[1] * height;
        x2 = v[2] * width;
        y2 = v[3] * height;
      }
    }
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          name() + " box must have x_min <= x_max and y_min <= y_max: " + java.util.Arrays.toString(v));
    }
    return new Box(x1, y1, x2, y2, classIndex);
  }

  /**
   * The four numbers of this encoding for {@code box}, which is in {@code format}.
   *
   * @param width the image width in pixels
   * @param height the image height in pixels
   */
  public double[] encode(Box box, BoxFormat format, int width, int height) {
    double x1 = box.x1(), y1 = box.y1(), x2 = box.x2(), y2 = box.y2();
    if (format == BoxFormat.NORMALIZED_XYXY) {
      x1 *= width;
      x2 *= width;
      y1 *= height;
      y2 *= height;
    }
    return switch (this) {
      case PASCAL_VOC -> new double[] {x1, y1, x2, y2};
      case COCO -> new double[] {x1, y1, x2 - x1, y2 - y1};
      case YOLO -> new double[] {
        (x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height};
      default -> new double[] {x1 / width, y1 / height, x2 / width, y2 / height};
    };
  }
}
