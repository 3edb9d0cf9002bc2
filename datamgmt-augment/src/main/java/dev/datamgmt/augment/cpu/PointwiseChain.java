package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.ImageSteps;
import java.util.List;

/**
 * Runs a run of per-pixel colour steps (brightness, contrast, saturation, hue, gamma, grayscale, normalize) in
 * one pass over the pixels instead of one pass per step. Contrast needs the mean grey of the image as the steps
 * before it leave it, so a contrast starts a new pass and the pass before it accumulates that mean while writing.
 * Per pixel the arithmetic is the same as the single-step kernels in {@link CpuKernels}, in the same order, so
 * the result is identical.
 */
final class PointwiseChain {
  private static final int BRIGHTNESS = 0, CONTRAST = 1, SATURATION = 2, HUE = 3, GAMMA = 4, GRAY = 5, NORMALIZE = 6;

  private PointwiseChain() {}

  /** True for the steps this chain can run. */
  static boolean isPointwise(Step s) {
    return s instanceof ImageSteps.Brightness || s instanceof ImageSteps.Contrast
        || s instanceof ImageSteps.Saturation || s instanceof ImageSteps.Hue || s instanceof ImageSteps.Gamma
        || s instanceof ImageSteps.Grayscale || s instanceof ImageSteps.Normalize;
  }

  /**
   * Applies {@code steps} (all pointwise) to {@code x} in place.
   *
   * @param mean per-channel normalize means (already checked against {@code c}) for each normalize step, in order
   */
  static void run(float[] x, int c, int plane, List<Step> steps, float[][] mean, float[][] invStd) {
    int n = steps.size();
    int[] kind = new int[n];
    float[] a = new float[n];
    float[][] hue = new float[n][];
    int norm = 0;
    float[][] nm = new float[n][], ns = new float[n][];
    for (int i = 0; i < n; i++) {
      Step s = steps.get(i);
      if (s instanceof ImageSteps.Brightness b) {
        kind[i] = BRIGHTNESS;
        a[i] = (float) b.factor();
      } else if (s instanceof ImageSteps.Contrast k) {
        kind[i] = CONTRAST;
        a[i] = (float) k.factor();
      } else if (s instanceof ImageSteps.Saturation sat) {
        kind[i] = SATURATION;
        a[i] = (float) sat.factor();
      } else if (s instanceof ImageSteps.Hue h) {
        kind[i] = HUE;
        hue[i] = CpuKernels.hueMatrix(h.shift());
      } else if (s instanceof ImageSteps.Gamma g) {
        kind[i] = GAMMA;
        a[i] = (float) g.gamma();
      } else if (s instanceof ImageSteps.Grayscale) {
        kind[i] = GRAY;
      } else {
        kind[i] = NORMALIZE;
        nm[i] = mean[norm];
        ns[i] = invStd[norm];
        norm++;
      }
    }
    // Passes: [start, end) with a contrast only at start.
    int start = 0;
    double nextMean = Double.NaN;
    while (start < n) {
      int end = start + 1;
      while (end < n && kind[end] != CONTRAST) {
        end++;
      }
      float contrastAdd = 0;
      if (kind[start] == CONTRAST) {
        float m = Double.isNaN(nextMean) ? CpuKernels.meanGray(x, c, plane) : (float) nextMean;
        contrastAdd = (1 - a[start]) * m;
      }
      boolean accumulate = end < n;
      nextMean = pass(x, c, plane, kind, a, hue, nm, ns, start, end, contrastAdd, accumulate);
      start = end;
    }
  }

  private static float clamp(float v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  private static double pass(float[] x, int c, int plane, int[] kind, float[] a, float[][] hue, float[][] nm,
      float[][] ns, int from, int to, float contrastAdd, boolean accumulate) {
    double sum = 0;
    if (c == 3) {
      for (int i = 0; i < plane; i++) {
        float r = x[i], g = x[plane + i], b = x[2 * plane + i];
        for (int k = from; k < to; k++) {
          switch (kind[k]) {
            case BRIGHTNESS -> {
              float f = a[k];
              r = clamp(r * f);
              g = clamp(g * f);
              b = clamp(b * f);
            }
            case CONTRAST -> {
              float f = a[k];
              r = clamp(f * r + contrastAdd);
              g = clamp(f * g + contrastAdd);
              b = clamp(f * b + contrastAdd);
            }
            case SATURATION -> {
              float f = a[k];
              float gray = (1 - f) * (CpuKernels.GRAY_R * r + CpuKernels.GRAY_G * g + CpuKernels.GRAY_B * b);
              r = clamp(f * r + gray);
              g = clamp(f * g + gray);
              b = clamp(f * b + gray);
            }
            case HUE -> {
              float[] m = hue[k];
              float r2 = clamp(m[0] * r + m[1] * g + m[2] * b);
              float g2 = clamp(m[3] * r + m[4] * g + m[5] * b);
              float b2 = clamp(m[6] * r + m[7] * g + m[8] * b);
              r = r2;
              g = g2;
              b = b2;
            }
            case GAMMA -> {
              double e = a[k];
              r = (float) Math.pow(clamp(r), e);
              g = (float) Math.pow(clamp(g), e);
              b = (float) Math.pow(clamp(b), e);
            }
            case GRAY -> {
              float gray = CpuKernels.GRAY_R * r + CpuKernels.GRAY_G * g + CpuKernels.GRAY_B * b;
              r = gray;
              g = gray;
              b = gray;
            }
            default -> {
              r = (r - nm[k][0]) * ns[k][0];
              g = (g - nm[k][1]) * ns[k][1];
              b = (b - nm[k][2]) * ns[k][2];
            }
          }
        }
        x[i] = r;
        x[plane + i] = g;
        x[2 * plane + i] = b;
        if (accumulate) {
          sum += CpuKernels.GRAY_R * r + CpuKernels.GRAY_G * g + CpuKernels.GRAY_B * b;
        }
      }
    } else {
      for (int ch = 0; ch < c; ch++) {
        for (int i = ch * plane, end = i + plane; i < end; i++) {
          float v = x[i];
          for (int k = from; k < to; k++) {
            switch (kind[k]) {
              case BRIGHTNESS -> v = clamp(v * a[k]);
              case CONTRAST -> v = clamp(a[k] * v + contrastAdd);
              case GAMMA -> v = (float) Math.pow(clamp(v), a[k]);
              case NORMALIZE -> v = (v - nm[k][ch]) * ns[k][ch];
              default -> { } // saturation, hue and grayscale leave a single channel as it is
            }
          }
          x[i] = v;
          if (accumulate) {
            sum += v;
          }
        }
      }
    }
    return sum / plane;
  }
}
