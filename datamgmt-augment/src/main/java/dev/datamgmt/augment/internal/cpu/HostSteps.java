package dev.datamgmt.augment.internal.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.ImageSteps;

/**
 * The image steps that are not array arithmetic (an entropy coder, per-image histograms and lookup tables,
 * per-pixel colour-space round trips with branches, order statistics, seeded factor fields): one CPU
 * implementation that both backends call, the device backend with a host round trip per sample. Not API.
 */
public final class HostSteps {
  private HostSteps() {}

  /** Whether {@code s} is one of the host steps. */
  public static boolean handles(Step s) {
    return s instanceof ImageSteps.Jpeg || s instanceof ImageSteps.HsvShift || s instanceof ImageSteps.Equalize
        || s instanceof ImageSteps.MedianBlur || s instanceof ImageSteps.Clahe
        || s instanceof ImageSteps.MultiplicativeNoise || s instanceof ImageSteps.IsoNoise;
  }

  /**
   * Runs host step {@code s} on a CHW float image; returns the result, which may be {@code x} changed in place.
   *
   * @throws IllegalArgumentException if {@code s} is not a host step
   */
  public static float[] run(Step s, float[] x, int c, int h, int w) {
    return run(s, x, c, h, w, false);
  }

  /**
   * {@link #run(Step, float[], int, int, int)}; {@code onBytes} says that {@code x} is an uint8 image still on the
   * 8-bit lattice (see {@code ImagePlan.onByteLattice}): an RGB HSV shift then runs in OpenCV's 8-bit arithmetic
   * ({@link ByteKernels#hsvShift(float[], int, double, double, double)}).
   */
  public static float[] run(Step s, float[] x, int c, int h, int w, boolean onBytes) {
    int plane = h * w;
    if (onBytes && c == 3 && s instanceof ImageSteps.HsvShift hsv) {
      ByteKernels.hsvShift(x, plane, hsv.hue(), hsv.saturation(), hsv.value());
      return x;
    }
    if (s instanceof ImageSteps.Jpeg j) {
      return CpuKernels.jpeg(x, c, h, w, j.quality());
    } else if (s instanceof ImageSteps.HsvShift hsv) {
      CpuKernels.hsvShift(x, c, plane, (float) hsv.hue(), (float) hsv.saturation(), (float) hsv.value());
      return x;
    } else if (s instanceof ImageSteps.Equalize) {
      CpuKernels.equalize(x, c, plane);
      return x;
    } else if (s instanceof ImageSteps.MedianBlur m) {
      return FilterKernels.median(x, c, h, w, m.size());
    } else if (s instanceof ImageSteps.Clahe cl) {
      return FilterKernels.clahe(x, c, h, w, cl);
    } else if (s instanceof ImageSteps.MultiplicativeNoise mn) {
      return FilterKernels.multiplicativeNoise(x, c, plane, mn);
    } else if (s instanceof ImageSteps.IsoNoise iso) {
      return FilterKernels.isoNoise(x, c, plane, iso);
    }
    throw new IllegalArgumentException("not a host step: " + s);
  }
}
