package dev.datamgmt.core.label;

import dev.datamgmt.core.record.BlobRef;
import java.util.Objects;

/**
 * A segmentation mask stored as its own blob (e.g. a single-channel PNG whose pixel values are class
 * indices), with its size so readers can check it against the image before decoding it.
 *
 * @param mask the mask blob
 * @param width mask width in pixels, {@code > 0}
 * @param height mask height in pixels, {@code > 0}
 */
public record MaskLabel(BlobRef mask, int width, int height) implements Label {
  /** Validates the reference and size. */
  public MaskLabel {
    Objects.requireNonNull(mask, "mask");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
    }
  }

  @Override
  public LabelKind kind() {
    return LabelKind.MASK;
  }

  @Override
  public int maxClassIndex() {
    return -1;
  }
}
