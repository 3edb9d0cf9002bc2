package dev.datamgmt.storage.formats.idx;

import java.util.Arrays;

/**
 * Grayscale images read from an IDX file: {@code count} images of {@code rows x cols} unsigned bytes,
 * row-major, one after the other. Immutable.
 */
public final class IdxImages {
  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;

  IdxImages(int count, int rows, int cols, byte[] pixels) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
  }

  /**
   * Wraps pixels laid out as {@code count} images of {@code rows x cols} bytes.
   *
   * @throws IllegalArgumentException if a size is negative or {@code pixels.length != count*rows*cols}
   */
  public static IdxImages of(int count, int rows, int cols, byte[] pixels) {
    if (count < 0 || rows < 0 || cols < 0) {
      throw new IllegalArgumentException("IDX image sizes must be >= 0: " + count + "x" + rows + "x" + cols);
    }
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException("pixels.length must be count*rows*cols = "
          + ((long) count * rows * cols) + ": " + pixels.length);
    }
    return new IdxImages(count, rows, cols, pixels.clone());
  }

  /** Number of images. */
  public int count() {
    return count;
  }

  /** Image height in pixels. */
  public int rows() {
    return rows;
  }

  /** Image width in pixels. */
  public int cols() {
    return cols;
  }

  /** Bytes per image, {@code rows * cols}. */
  public int imageSize() {
    return rows * cols;
  }

  /** A copy of image {@code i}'s pixels, row-major, 0 = background. */
  public byte[] image(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("image index " + i + " not in [0, " + count + ")");
    }
    int n = imageSize();
    return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
  }

  /** A copy of all pixels, image after image. */
  public byte[] pixels() {
    return pixels.clone();
  }

  /** Copies image {@code i} into {@code target} at {@code offset}, without allocating. */
  public void copyImage(int i, byte[] target, int offset) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("image index " + i + " not in [0, " + count + ")");
    }
    System.arraycopy(pixels, i * imageSize(), target, offset, imageSize());
  }
}
