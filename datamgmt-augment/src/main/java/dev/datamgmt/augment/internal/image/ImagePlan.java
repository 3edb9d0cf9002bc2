package dev.datamgmt.augment.internal.image;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns drawn steps into the plan a backend executes. Adjacent warps are fused into one when one of them
 * maps the frame exactly onto itself (a flip): the result is identical, with one resampling pass instead of
 * two. Both backends execute the same plan, so fusion never makes them differ. Not API.
 */
public final class ImagePlan {
  private ImagePlan() {}

  /**
   * The execution plan for steps drawn on a {@code width x height} image.
   *
   * @return the steps with frame-preserving warps fused into their neighbours
   */
  public static List<Step> of(List<Step> steps, int width, int height) {
    List<Step> out = new ArrayList<>(steps.size());
    int w = width, h = height;
    int prevInW = -1, prevInH = -1;
    for (Step s : steps) {
      if (s instanceof ImageSteps.Warp warp) {
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof ImageSteps.Warp prev) {
          boolean prevExact = isFramePermutation(prev, prevInW, prevInH);
          boolean curExact = isFramePermutation(warp, w, h);
          if ((prevExact || curExact) && Double.compare(prev.fill(), warp.fill()) == 0) {
            Interpolation interp = prevExact ? warp.interpolation() : prev.interpolation();
            // A frame permutation never reads outside, so the fused warp reads the border of the other one.
            ImageSteps.Warp fused = new ImageSteps.Warp(
                Homography.multiply(warp.matrix(), prev.matrix()), warp.outWidth(), warp.outHeight(), interp,
                warp.fill(), prevExact ? warp.border() : prev.border());
            out.set(out.size() - 1, fused);
            w = warp.outWidth();
            h = warp.outHeight();
            continue;
          }
        }
        prevInW = w;
        prevInH = h;
        out.add(warp);
        w = warp.outWidth();
        h = warp.outHeight();
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** True if the warp maps the pixel grid of its {@code w x h} input exactly onto its own output frame. */
  static boolean isFramePermutation(ImageSteps.Warp warp, int w, int h) {
    if (warp.outWidth() != w || warp.outHeight() != h) {
      return false;
    }
    double[] m = warp.matrix();
    if (!Homography.isLatticeMap(m) || m[1] != 0 || m[3] != 0) {
      return false;
    }
    double[] a = Homography.apply(m, 0, 0), b = Homography.apply(m, w, h);
    return Math.min(a[0], b[0]) == 0 && Math.max(a[0], b[0]) == w && Math.min(a[1], b[1]) == 0
        && Math.max(a[1], b[1]) == h;
  }
}
