package dev.datamgmt.storage.formats.idx;

import java.util.Arrays;

/**
 * Images and their labels from a matching pair of IDX files (same count, checked when read).
 *
 * @param images the images
 * @param labels one label per image, each in {@code 0..255}
 */
public record IdxDataset(IdxImages images, int[] labels) {
  /** Checks that there is one label per image. */
  public IdxDataset {
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(
          "IDX images and labels differ in count: " + images.count() + " images, " + labels.length + " labels");
    }
    labels = labels.clone();
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** A copy of the labels. */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** Label of example {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxDataset d && d.images.equals(images) && Arrays.equals(d.labels, labels);
  }

  @Override
  public int hashCode() {
    return 31 * images.hashCode() + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "IdxDataset{" + images.count() + " x " + images.rows() + "x" + images.cols() + "}";
  }
}
