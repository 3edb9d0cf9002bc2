package dev.datamgmt.core.label;

/**
 * A point in pixel coordinates with a visibility flag in the COCO convention.
 *
 * @param x horizontal position, finite
 * @param y vertical position, finite
 * @param visibility {@link #NOT_LABELED} (0), {@link #OCCLUDED} (1) or {@link #VISIBLE} (2)
 */
public record Keypoint(double x, double y, int visibility) {
  /** The point was not labeled; its coordinates mean nothing. */
  public static final int NOT_LABELED = 0;
  /** Labeled but not visible (occluded). */
  public static final int OCCLUDED = 1;
  /** Labeled and visible. */
  public static final int VISIBLE = 2;

  /** Validates coordinates and visibility. */
  public Keypoint {
    if (!(Double.isFinite(x) && Double.isFinite(y))) {
      throw new IllegalArgumentException("keypoint coordinates must be finite: (" + x + ", " + y + ")");
    }
    if (visibility < NOT_LABELED || visibility > VISIBLE) {
      throw new IllegalArgumentException("keypoint visibility must be 0, 1 or 2: " + visibility);
    }
  }
}
