package dev.datamgmt.augment.internal.cpu;

import java.util.Arrays;

/**
 * Which pixels of an image a later step reads, row by row: a prefix {@code [0, prefix)} and a suffix
 * {@code [suffix, width)} of each row, the shape of the corners a YOLO mosaic cuts from its four samples. A step
 * that maps each pixel on its own may leave the other pixels as they were. Not API.
 */
public final class RowDemand {
  private final int width;
  private final int[] prefix;
  private final int[] suffix;

  /** Nothing read yet, on a {@code width x height} image. */
  public RowDemand(int width, int height) {
    this.width = width;
    this.prefix = new int[height];
    this.suffix = new int[height];
    Arrays.fill(suffix, width);
  }

  public int width() {
    return width;
  }

  public int height() {
    return prefix.length;
  }

  /** Columns {@code [0, x)} of rows {@code [y0, y1)} are read. */
  public void addPrefix(int y0, int y1, int x) {
    for (int y = Math.max(0, y0); y < Math.min(prefix.length, y1); y++) {
      prefix[y] = Math.max(prefix[y], Math.min(width, x));
    }
  }

  /** Columns {@code [x, width)} of rows {@code [y0, y1)} are read. */
  public void addSuffix(int y0, int y1, int x) {
    for (int y = Math.max(0, y0); y < Math.min(prefix.length, y1); y++) {
      suffix[y] = Math.min(suffix[y], Math.max(0, x));
    }
  }

  /** Every pixel is read. */
  public void addAll() {
    Arrays.fill(prefix, width);
  }

  /** The end of row {@code y}'s read prefix. */
  public int prefix(int y) {
    return prefix[y];
  }

  /** The start of row {@code y}'s read suffix ({@code width} when none). */
  public int suffix(int y) {
    return suffix[y];
  }

  /** Whether all of row {@code y} is read. */
  public boolean full(int y) {
    return prefix[y] >= suffix[y];
  }

  /** The share of pixels read, in {@code [0, 1]}. */
  public double share() {
    long n = 0;
    for (int y = 0; y < prefix.length; y++) {
      n += full(y) ? width : prefix[y] + (width - suffix[y]);
    }
    return prefix.length == 0 || width == 0 ? 1 : n / ((double) width * prefix.length);
  }
}
