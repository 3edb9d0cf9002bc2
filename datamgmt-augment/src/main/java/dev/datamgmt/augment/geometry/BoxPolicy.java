package dev.datamgmt.augment.geometry;

/**
 * What happens to a box that a geometric operation pushes partly or wholly outside the image, and which boxes
 * are too small or too thin to keep (Albumentations' {@code BboxParams} filters).
 *
 * <p>The visibility of a box is the area left inside the image divided by the area the transformed box
 * would have without any clipping. Boxes below {@code minVisibility} are dropped; the others are clipped to
 * the image if {@code clip}, or kept as transformed otherwise. The size filters then look at the kept box in
 * pixels of the output image: boxes with area below {@code minArea}, width below {@code minWidth}, height below
 * {@code minHeight} or aspect ratio {@code max(w / h, h / w)} above {@code maxAspectRatio} are dropped too (with
 * their instance masks). By default the size filters keep everything.
 *
 * <pre>{@code
 * BoxPolicy policy = BoxPolicy.DEFAULT.withMinArea(16).withMinSize(2, 2).withMaxAspectRatio(20);
 * }</pre>
 *
 * @param clip whether kept boxes are clipped to the image
 * @param minVisibility boxes whose visibility is below this are dropped, in {@code [0, 1]}
 * @param minArea smallest kept area in square pixels, {@code >= 0}
 * @param minWidth smallest kept width in pixels, {@code >= 0}
 * @param minHeight smallest kept height in pixels, {@code >= 0}
 * <p>How a box follows a rotating or shearing warp is its {@link BoxWarp}: by default the bounds of its warped
 * corners, which contain the object but grow with every rotation (a box rotated by 30 degrees and back is up to
 * 37% larger per side); {@code withBoxWarp(BoxWarp.ELLIPSE)} takes the bounds of the warped inscribed ellipse
 * instead (Albumentations' {@code rotate_method="ellipse"}), which returns to the same box when a rotation is
 * undone and fits round objects tightly, at the price of cutting the corners of rectangular ones.
 *
 * @param maxAspectRatio largest kept {@code max(w / h, h / w)}, {@code >= 1}; infinity for no limit
 * @param boxWarp how a box follows a warp ({@code null} is {@link BoxWarp#CORNERS})
 */
public record BoxPolicy(boolean clip, double minVisibility, double minArea, double minWidth, double minHeight,
    double maxAspectRatio, BoxWarp boxWarp) {
  /** Clip, and drop boxes with less than a quarter left: a common detection default. */
  public static final BoxPolicy DEFAULT = new BoxPolicy(true, 0.25);

  /** How a box follows a warp that rotates or shears it. */
  public enum BoxWarp {
    /** The bounds of the warped box's corners (always contains the object; grows under rotation). */
    CORNERS,
    /** The bounds of the warped inscribed ellipse (undoes exactly; tight for round objects). */
    ELLIPSE
  }

  /** A policy whose boxes follow warps by their corners. */
  public BoxPolicy(
      boolean clip, double minVisibility, double minArea, double minWidth, double minHeight, double maxAspectRatio) {
    this(clip, minVisibility, minArea, minWidth, minHeight, maxAspectRatio, BoxWarp.CORNERS);
  }

  /** Validates; a {@code null} box warp is {@link BoxWarp#CORNERS}. */
  public BoxPolicy {
    boxWarp = boxWarp == null ? BoxWarp.CORNERS : boxWarp;
    if (!(minVisibility >= 0 && minVisibility <= 1)) {
      throw new IllegalArgumentException("box policy minVisibility must be in [0, 1]: " + minVisibility);
    }
    nonNegative("minArea", minArea);
    nonNegative("minWidth", minWidth);
    nonNegative("minHeight", minHeight);
    if (!(maxAspectRatio >= 1)) {
      throw new IllegalArgumentException("box policy maxAspectRatio must be >= 1 (or infinity): " + maxAspectRatio);
    }
  }

  /** A policy without size filters. */
  public BoxPolicy(boolean clip, double minVisibility) {
    this(clip, minVisibility, 0, 0, 0, Double.POSITIVE_INFINITY);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("box policy " + name + " must be finite and >= 0: " + v);
    }
  }

  /** A copy that drops boxes smaller than {@code minArea} square pixels. */
  public BoxPolicy withMinArea(double minArea) {
    return new BoxPolicy(clip, minVisibility, minArea, minWidth, minHeight, maxAspectRatio, boxWarp);
  }

  /** A copy that drops boxes narrower than {@code minWidth} or lower than {@code minHeight} pixels. */
  public BoxPolicy withMinSize(double minWidth, double minHeight) {
    return new BoxPolicy(clip, minVisibility, minArea, minWidth, minHeight, maxAspectRatio, boxWarp);
  }

  /** A copy that drops boxes with {@code max(w / h, h / w)} above {@code maxAspectRatio}. */
  public BoxPolicy withMaxAspectRatio(double maxAspectRatio) {
    return new BoxPolicy(clip, minVisibility, minArea, minWidth, minHeight, maxAspectRatio, boxWarp);
  }

  /** A copy whose boxes follow rotating and shearing warps by {@code warp}. */
  public BoxPolicy withBoxWarp(BoxWarp warp) {
    return new BoxPolicy(clip, minVisibility, minArea, minWidth, minHeight, maxAspectRatio, warp);
  }

  /** Whether a kept box of {@code w x h} output pixels passes the size filters. */
  public boolean keepsSize(double w, double h) {
    if (w * h < minArea || w < minWidth || h < minHeight) {
      return false;
    }
    if (maxAspectRatio == Double.POSITIVE_INFINITY) {
      return true;
    }
    double lo = Math.min(w, h), hi = Math.max(w, h);
    return hi <= maxAspectRatio * lo;
  }
}
