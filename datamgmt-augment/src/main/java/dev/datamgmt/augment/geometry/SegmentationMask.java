package dev.datamgmt.augment.geometry;

import java.util.Objects;

/**
 * A per-pixel class map ({@code height x width}, row-major), the in-memory form of core's {@code MaskLabel}.
 * Geometric operations move it with nearest-neighbour sampling, so class values are never blended; pixels
 * that come from outside the image get class 0 (background).
 */
public final class SegmentationMask {
  private final int width;
  private final int height;
  private final int[] classes;

  private SegmentationMask(int width, int height, int[] classes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
    }
    if (classes.length != width * height) {
      throw new IllegalArgumentException(
          "mask length must be width*height = " + (width * height) + ": " + classes.length);
    }
    this.width = width;
    this.height = height;
    this.classes = classes;
  }

  /** A mask from row-major class values (copied). */
  public static SegmentationMask of(int width, int height, int[] classes) {
    return new SegmentationMask(width, height, Objects.requireNonNull(classes, "classes").clone());
  }

  /** A mask that takes ownership of {@code classes}. */
  static SegmentationMask wrap(int width, int height, int[] classes) {
    return new SegmentationMask(width, height, classes);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The class at {@code (x, y)}. */
  public int get(int x, int y) {
    return classes[y * width + x];
  }

  /** A copy of the row-major class values. */
  public int[] toArray() {
    return classes.clone();
  }

  int[] array() {
    return classes;
  }
}
