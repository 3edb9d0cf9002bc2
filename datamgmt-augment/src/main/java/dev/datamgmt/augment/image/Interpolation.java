package dev.datamgmt.augment.image;

/** How a warp reads between input pixels. Masks always use {@link #NEAREST}, whatever the image uses. */
public enum Interpolation {
  /** The nearest input pixel; exact for labels. */
  NEAREST,
  /** Weighted average of the four surrounding pixels. */
  BILINEAR
}
