package dev.datamgmt.augment.geometry;

/** How the boxes of an {@link ImageSample} are expressed. Both use the xyxy corner order of core's Box. */
public enum BoxFormat {
  /** Pixel coordinates, {@code 0..width} and {@code 0..height}. */
  PIXEL_XYXY,
  /** Fractions of the image size, {@code 0..1}. */
  NORMALIZED_XYXY
}
