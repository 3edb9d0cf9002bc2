package dev.datamgmt.augment.geometry;

import java.util.Objects;

/**
 * A per-pixel class map ({@code height x width}, row-major), the in-memory form of core's {@code MaskLabel}.
 * Geometric operations move it with nearest-neighbour sampling, so class values are never blended; pixels
 * that come from outside the image get class 0 (background).
 *
 * <p>Only the smallest rectangle holding the non-zero classes is stored (an instance mask of a small object in a
 * large frame costs the object's size, not the frame's); every pixel outside it is 0. {@link #get} and
 * {@link #toArray} read the whole frame as before.
 */
public final class SegmentationMask {
  private final int width;
  private final int height;
  /** The stored window {@code [x0, x0 + ww) x [y0, y0 + wh)}; 0 everywhere else. */
  private final int x0;
  private final int y0;
  private final int ww;
  private final int wh;
  private final int[] classes;

  private SegmentationMask(int width, int height, int x0, int y0, int ww, int wh, int[] classes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.x0 = x0;
    this.y0 = y0;
    this.ww = ww;
    this.wh = wh;
    this.classes = classes;
  }

  /** A mask from row-major class values (copied). */
  public static SegmentationMask of(int width, int height, int[] classes) {
    Objects.requireNonNull(classes, "classes");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
    }
    if (classes.length != width * height) {
      throw new IllegalArgumentException(
          "mask length must be width*height = " + (width * height) + ": " + classes.length);
    }
    return window(width, height, 0, 0, width, height, classes);
  }

  /**
   * A mask of a {@code width x height} frame whose values inside {@code [wx, wx + wwidth) x [wy, wy + wheight)}
   * are {@code values} (row-major, {@code wwidth} wide; read, not kept) and 0 outside; the window is clipped to
   * the frame and shrunk to the non-zero values.
   */
  static SegmentationMask window(int width, int height, int wx, int wy, int wwidth, int wheight, int[] values) {
    int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
    int fx0 = Math.max(0, wx), fy0 = Math.max(0, wy);
    int fx1 = Math.min(width, wx + wwidth), fy1 = Math.min(height, wy + wheight);
    for (int y = fy0; y < fy1; y++) {
      int row = (y - wy) * wwidth - wx;
      int first = -1, last = -1;
      for (int x = fx0; x < fx1; x++) {
        if (values[row + x] != 0) {
          if (first < 0) {
            first = x;
          }
          last = x;
        }
      }
      if (first >= 0) {
        minX = Math.min(minX, first);
        maxX = Math.max(maxX, last);
        minY = Math.min(minY, y);
        maxY = y;
      }
    }
    if (maxX < 0) {
      return new SegmentationMask(width, height, 0, 0, 0, 0, new int[0]);
    }
    int nw = maxX - minX + 1, nh = maxY - minY + 1;
    int[] out = new int[nw * nh];
    for (int y = minY; y <= maxY; y++) {
      System.arraycopy(values, (y - wy) * wwidth + minX - wx, out, (y - minY) * nw, nw);
    }
    return new SegmentationMask(width, height, minX, minY, nw, nh, out);
  }

  /** A mask that takes ownership of {@code classes}, the values of window {@code [wx, wx + ww) x [wy, wy + wh)}. */
  static SegmentationMask wrapWindow(int width, int height, int wx, int wy, int ww, int wh, int[] classes) {
    if (ww == 0 || wh == 0) {
      return new SegmentationMask(width, height, 0, 0, 0, 0, new int[0]);
    }
    return new SegmentationMask(width, height, wx, wy, ww, wh, classes);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /**
   * The class at {@code (x, y)}.
   *
   * @throws IndexOutOfBoundsException if {@code (x, y)} is outside the frame
   */
  public int get(int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside a " + width + "x" + height + " mask");
    }
    int u = x - x0, v = y - y0;
    return u >= 0 && v >= 0 && u < ww && v < wh ? classes[v * ww + u] : 0;
  }

  /** A copy of the row-major class values. */
  public int[] toArray() {
    int[] out = new int[width * height];
    for (int v = 0; v < wh; v++) {
      System.arraycopy(classes, v * ww, out, (y0 + v) * width + x0, ww);
    }
    return out;
  }

  /** Left edge of the stored window (0 outside it). */
  int windowX() {
    return x0;
  }

  /** Top edge of the stored window. */
  int windowY() {
    return y0;
  }

  /** Width of the stored window (0 for an all-zero mask). */
  int windowWidth() {
    return ww;
  }

  /** Height of the stored window (0 for an all-zero mask). */
  int windowHeight() {
    return wh;
  }

  /** The stored window's values, row-major, {@link #windowWidth} wide (not a copy). */
  int[] windowArray() {
    return classes;
  }
}
