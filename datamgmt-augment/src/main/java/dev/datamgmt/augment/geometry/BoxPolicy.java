package dev.datamgmt.augment.geometry;

/**
 * What happens to a box that a geometric operation pushes partly or wholly outside the image.
 *
 * <p>The visibility of a box is the area left inside the image divided by the area the transformed box
 * would have without any clipping. Boxes below {@code minVisibility} are dropped; the others are clipped to
 * the image if {@code clip}, or kept as transformed otherwise.
 *
 * @param clip whether kept boxes are clipped to the image
 * @param minVisibility boxes whose visibility is below this are dropped, in {@code [0, 1]}
 */
public record BoxPolicy(boolean clip, double minVisibility) {
  /** Clip, and drop boxes with less than a quarter left: a common detection default. */
  public static final BoxPolicy DEFAULT = new BoxPolicy(true, 0.25);

  /** Validates. */
  public BoxPolicy {
    if (!(minVisibility >= 0 && minVisibility <= 1)) {
      throw new IllegalArgumentException("box policy minVisibility must be in [0, 1]: " + minVisibility);
    }
  }
}
