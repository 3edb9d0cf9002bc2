package dev.datamgmt.augment.image;

/**
 * What a warp reads outside its input. Masks follow the same rule (a reflected region keeps its classes);
 * keypoints that leave the image still become not labeled, and boxes are never duplicated into the border.
 */
public enum BorderMode {
  /** The warp's {@code fill} value (masks: class 0). */
  CONSTANT,
  /**
   * Mirror without repeating the edge pixel: {@code ... c b | a b c ... }, OpenCV's {@code BORDER_REFLECT_101}
   * (Albumentations' default), torch's and numpy's {@code "reflect"}.
   */
  REFLECT,
  /** Repeat the edge pixel: {@code a a | a b c}, OpenCV's {@code BORDER_REPLICATE}, torch's {@code "replicate"}. */
  REPLICATE;

  /** The in-range index this mode reads for index {@code i} of an axis of length {@code n}, or -1 for fill. */
  public int index(int i, int n) {
    if (i >= 0 && i < n) {
      return i;
    }
    return switch (this) {
      case CONSTANT -> -1;
      case REPLICATE -> i < 0 ? 0 : n - 1;
      case REFLECT -> {
        if (n == 1) {
          yield 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        yield (n - 1) - Math.abs((n - 1) - m);
      }
    };
  }

  /** Excludes {@link #CONSTANT} from JSON (the default), so steps written before border modes read the same. */
  static final class ConstantFilter {
    @Override
    public boolean equals(Object o) {
      return o == null || o == CONSTANT;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
