package dev.datamgmt.augment.internal.image;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns drawn steps into the plan a backend executes. Adjacent warps are fused into one when one of them
 * maps the frame exactly onto itself (a flip): the result is identical, with one resampling pass instead of
 * two; a flip after per-pixel colour steps moves in front of them to fuse with the warp before them. Both backends execute the same plan, so fusion never makes them differ. Not API.
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
        // A frame permutation (a flip) commutes exactly with steps that map each pixel on its own: it moves in front
        // of them, next to the warp before them, and fuses with it (one resampling pass fewer).
        int run = out.size();
        while (run > 0 && isPerPixel(out.get(run - 1))) {
          run--;
        }
        List<Step> moved = List.of();
        if (run < out.size() && run > 0 && out.get(run - 1) instanceof ImageSteps.Warp
            && isFramePermutation(warp, w, h)) {
          moved = new ArrayList<>(out.subList(run, out.size()));
          out.subList(run, out.size()).clear();
        }
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof ImageSteps.Warp prev) {
          boolean prevExact = isFramePermutation(prev, prevInW, prevInH);
          boolean curExact = isFramePermutation(warp, w, h);
          if (prevExact || curExact) {
            Interpolation interp = prevExact ? warp.interpolation() : prev.interpolation();
            // A frame permutation never reads outside, so the fused warp reads the border and fill of the other one.
            ImageSteps.Warp fused = new ImageSteps.Warp(
                Homography.multiply(warp.matrix(), prev.matrix()), warp.outWidth(), warp.outHeight(), interp,
                prevExact ? warp.fill() : prev.fill(), prevExact ? warp.border() : prev.border());
            out.set(out.size() - 1, fused);
            out.addAll(moved);
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

  /**
   * For each step of {@code plan}, whether an uint8 input is still on the 8-bit lattice when the step runs: every
   * step before it is a lattice warp ({@link #isLatticeWarp}) or an 8-bit HSV shift. There the HSV shift runs in
   * OpenCV's 8-bit arithmetic, as Albumentations does for uint8 images; both backends decide by this, so they run
   * the same arithmetic. All false for float input.
   */
  public static boolean[] onByteLattice(List<Step> plan, boolean uint8) {
    boolean[] out = new boolean[plan.size()];
    boolean on = uint8;
    for (int k = 0; k < plan.size(); k++) {
      out[k] = on;
      Step s = plan.get(k);
      on &= isLatticeWarp(s) || s instanceof ImageSteps.HsvShift;
    }
    return out;
  }

  /**
   * Whether the whole plan runs on the 8-bit policy path: the input is uint8 RGB, the plan holds an
   * {@link ImageSteps.Uint8Arithmetic} marker (an auto-augment policy drew it), and every step is one that path runs:
   * affine warps with a constant border whose fill is a whole 8-bit level (bilinear in OpenCV's fixed point, nearest
   * as the float kernel picks pixels), torchvision's uint8 brightness, contrast, saturation, sharpness, posterize,
   * solarize, autocontrast, equalize and invert, and a normalize as the last step only. Both backends decide by this,
   * so they run the same arithmetic; when it is false the marker changes nothing.
   */
  public static boolean bytePolicyPath(List<Step> plan, boolean uint8, int channels) {
    if (!uint8 || channels != 3) {
      return false;
    }
    boolean marker = false;
    for (int k = 0; k < plan.size(); k++) {
      Step s = plan.get(k);
      if (s instanceof ImageSteps.Uint8Arithmetic) {
        marker = true;
      } else if (s instanceof ImageSteps.Normalize) {
        if (k != plan.size() - 1) {
          return false;
        }
      } else if (s instanceof ImageSteps.Warp warp) {
        double[] m = warp.matrix();
        double f = warp.fill() * 255;
        if (warp.border() != BorderMode.CONSTANT || m[6] != 0 || m[7] != 0 || m[8] != 1
            || Math.abs(f - Math.rint(f)) >= 1e-6 || f < 0 || f > 255) {
          return false;
        }
      } else if (!(s instanceof ImageSteps.Brightness || s instanceof ImageSteps.Contrast
          || s instanceof ImageSteps.Saturation || s instanceof ImageSteps.Sharpness || s instanceof ImageSteps.Posterize
          || s instanceof ImageSteps.Solarize || s instanceof ImageSteps.AutoContrast || s instanceof ImageSteps.Equalize
          || s instanceof ImageSteps.Invert)) {
        return false;
      }
    }
    return marker;
  }

  /** {@code plan} without its {@link ImageSteps.Uint8Arithmetic} markers (for plans not on the 8-bit policy path). */
  public static List<Step> withoutUint8Markers(List<Step> plan) {
    List<Step> out = new ArrayList<>(plan.size());
    for (Step s : plan) {
      if (!(s instanceof ImageSteps.Uint8Arithmetic)) {
        out.add(s);
      }
    }
    return out;
  }

  /** True for a warp that copies pixels: a lattice map whose fill is a whole 8-bit level. */
  public static boolean isLatticeWarp(Step s) {
    if (!(s instanceof ImageSteps.Warp warp) || !Homography.isLatticeMap(warp.matrix())) {
      return false;
    }
    double f = warp.fill() * 255;
    return Math.abs(f - Math.rint(f)) < 1e-6;
  }

  /**
   * True for steps whose output pixel is a function of the same input pixel alone, with parameters that depend
   * neither on the position nor on the rest of the image (so that a permutation of the pixels commutes with them
   * exactly). Contrast (the image mean, summed in pixel order), noise fields, histograms and filters are not.
   */
  static boolean isPerPixel(Step s) {
    return s instanceof ImageSteps.Brightness || s instanceof ImageSteps.Saturation || s instanceof ImageSteps.Hue
        || s instanceof ImageSteps.Gamma || s instanceof ImageSteps.Grayscale || s instanceof ImageSteps.Normalize
        || s instanceof ImageSteps.Invert || s instanceof ImageSteps.Solarize || s instanceof ImageSteps.Posterize
        || s instanceof ImageSteps.HsvShift || s instanceof ImageSteps.ChannelMap
        || s instanceof ImageSteps.Uint8Arithmetic;
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
