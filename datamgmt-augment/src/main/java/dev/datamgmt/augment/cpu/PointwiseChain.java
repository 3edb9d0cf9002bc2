package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.CpuKernels;
import java.util.List;

/**
 * Runs a run of per-pixel colour steps (brightness, contrast, saturation, hue, gamma, grayscale, normalize, and
 * RandAugment's invert, solarize and posterize) in one pass over the pixels instead of one pass per step. Contrast needs the mean grey of the image as the steps
 * before it leave it, so a contrast starts a new pass and the pass before it accumulates that mean while writing.
 * Per pixel the arithmetic is the same as the single-step kernels in {@link CpuKernels}, in the same order, so
 * the result is the same (up to the sign of a clamped zero).
 */
final class PointwiseChain {
  private static final int BRIGHTNESS = 0, CONTRAST = 1, SATURATION = 2, HUE = 3, GAMMA = 4, GRAY = 5, NORMALIZE = 6,
      INVERT = 7, SOLARIZE = 8, POSTERIZE = 9;

  /** True for the steps this chain can run. */
  static boolean isPointwise(Step s) {
    return s instanceof ImageSteps.Brightness || s instanceof ImageSteps.Contrast
        || s instanceof ImageSteps.Saturation || s instanceof ImageSteps.Hue || s instanceof ImageSteps.Gamma
        || s instanceof ImageSteps.Grayscale || s instanceof ImageSteps.Normalize || s instanceof ImageSteps.Invert
        || s instanceof ImageSteps.Solarize || s instanceof ImageSteps.Posterize;
  }

  private final int n;
  private final int[] kind;
  private final float[] a;
  private final int[] bitMask;
  private final float[][] hue;
  private final float[][] nm;
  private final float[][] ns;

  private PointwiseChain(List<Step> steps, float[][] mean, float[][] invStd) {
    n = steps.size();
    kind = new int[n];
    a = new float[n];
    bitMask = new int[n];
    hue = new float[n][];
    nm = new float[n][];
    ns = new float[n][];
    int norm = 0;
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
      } else if (s instanceof ImageSteps.Invert) {
        kind[i] = INVERT;
      } else if (s instanceof ImageSteps.Solarize so) {
        kind[i] = SOLARIZE;
        a[i] = (float) so.threshold();
      } else if (s instanceof ImageSteps.Posterize ps) {
        kind[i] = POSTERIZE;
        bitMask[i] = (0xFF << (8 - ps.bits())) & 0xFF;
      } else {
        kind[i] = NORMALIZE;
        nm[i] = mean[norm];
        ns[i] = invStd[norm];
        norm++;
      }
    }
  }

  /**
   * The chain of {@code steps} (all pointwise).
   *
   * @param mean per-channel normalize means (already checked against the channel count) for each normalize step,
   *     in order; {@code invStd} likewise
   */
  static PointwiseChain of(List<Step> steps, float[][] mean, float[][] invStd) {
    return new PointwiseChain(steps, mean, invStd);
  }

  /** Applies {@code steps} (all pointwise) to {@code x} in place. */
  static void run(float[] x, int c, int plane, List<Step> steps, float[][] mean, float[][] invStd) {
    of(steps, mean, invStd).runFrom(x, c, plane, 0, Double.NaN);
  }

  /**
   * The end of the first pass, if it can run block by block right behind the step that produces the pixels
   * (it does not start with a contrast, which needs the whole image's mean first); 0 otherwise.
   */
  int fusibleFirstPassEnd() {
    if (n == 0 || kind[0] == CONTRAST) {
      return 0;
    }
    int end = 1;
    while (end < n && kind[end] != CONTRAST) {
      end++;
    }
    return end;
  }

  /** True if a contrast follows the first pass (which must then accumulate the grey sum). */
  boolean needsSumAfter(int firstEnd) {
    return firstEnd < n;
  }

  /**
   * Runs steps {@code [from, to)} on pixels {@code [p0, p1)} of every channel and returns {@code sum} plus their
   * grey values after the steps, accumulated in pixel order if {@code accumulate}: a whole pass is the same
   * whether it runs at once or range by range in order.
   */
  double passRange(float[] x, int c, int plane, int from, int to, int p0, int p1, double sum, boolean accumulate) {
    return pass(x, c, plane, kind, a, bitMask, hue, nm, ns, from, to, 0, accumulate, p0, p1, sum);
  }

  /**
   * Runs steps {@code [startStep, n)}; {@code meanBefore} is the mean grey the image had after the steps before
   * {@code startStep} if known (NaN computes it when a contrast needs it).
   */
  void runFrom(float[] x, int c, int plane, int startStep, double meanBefore) {
    // Passes: [start, end) with a contrast only at start.
    int start = startStep;
    double nextMean = meanBefore;
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
      nextMean =
          pass(x, c, plane, kind, a, bitMask, hue, nm, ns, start, end, contrastAdd, accumulate, 0, plane, 0) / plane;
      start = end;
    }
  }

  private static final int BLOCK = 256;

  /**
   * One pass over the pixels in blocks of {@link #BLOCK}: each step runs as a tight loop over a block that stays
   * in L1 cache, which the JIT can vectorize, instead of dispatching on the step kind for every pixel.
   */
  private static double pass(float[] x, int c, int plane, int[] kind, float[] a, int[] bitMask, float[][] hue,
      float[][] nm, float[][] ns, int from, int to, float contrastAdd, boolean accumulate, int p0, int p1, double sum) {
    for (int start = p0; start < p1; start += BLOCK) {
      int end = Math.min(p1, start + BLOCK);
      for (int k = from; k < to; k++) {
        switch (kind[k]) {
          case BRIGHTNESS -> {
            float f = a[k];
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                x[i] = Math.max(0f, Math.min(1f, x[i] * f));
              }
            }
          }
          case CONTRAST -> {
            float f = a[k];
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                x[i] = Math.max(0f, Math.min(1f, f * x[i] + contrastAdd));
              }
            }
          }
          case SATURATION -> {
            if (c == 3) {
              float f = a[k], g1 = 1 - f;
              for (int i = start; i < end; i++) {
                float r = x[i], g = x[plane + i], b = x[2 * plane + i];
                float gray = g1 * (CpuKernels.GRAY_R * r + CpuKernels.GRAY_G * g + CpuKernels.GRAY_B * b);
                x[i] = Math.max(0f, Math.min(1f, f * r + gray));
                x[plane + i] = Math.max(0f, Math.min(1f, f * g + gray));
                x[2 * plane + i] = Math.max(0f, Math.min(1f, f * b + gray));
              }
            }
          }
          case HUE -> {
            if (c == 3) {
              float[] m = hue[k];
              for (int i = start; i < end; i++) {
                float r = x[i], g = x[plane + i], b = x[2 * plane + i];
                x[i] = Math.max(0f, Math.min(1f, m[0] * r + m[1] * g + m[2] * b));
                x[plane + i] = Math.max(0f, Math.min(1f, m[3] * r + m[4] * g + m[5] * b));
                x[2 * plane + i] = Math.max(0f, Math.min(1f, m[6] * r + m[7] * g + m[8] * b));
              }
            }
          }
          case GAMMA -> {
            double e = a[k];
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, end2 = ch * plane + end; i < end2; i++) {
                x[i] = (float) Math.pow(Math.max(0f, Math.min(1f, x[i])), e);
              }
            }
          }
          case GRAY -> {
            if (c == 3) {
              for (int i = start; i < end; i++) {
                float gray = CpuKernels.GRAY_R * x[i] + CpuKernels.GRAY_G * x[plane + i] + CpuKernels.GRAY_B * x[2 * plane + i];
                x[i] = gray;
                x[plane + i] = gray;
                x[2 * plane + i] = gray;
              }
            }
          }
          case INVERT -> {
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                x[i] = 1f - x[i];
              }
            }
          }
          case SOLARIZE -> {
            float t = a[k];
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                if (x[i] >= t) {
                  x[i] = 1f - x[i];
                }
              }
            }
          }
          case POSTERIZE -> {
            int mask = bitMask[k];
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                x[i] = (Raster.toByte(x[i]) & mask) * (1f / 255f);
              }
            }
          }
          default -> {
            for (int ch = 0; ch < c; ch++) {
              float m = nm[k][ch], inv = ns[k][ch];
              for (int i = ch * plane + start, e = ch * plane + end; i < e; i++) {
                x[i] = (x[i] - m) * inv;
              }
            }
          }
        }
      }
      if (accumulate) {
        if (c == 3) {
          for (int i = start; i < end; i++) {
            sum += CpuKernels.GRAY_R * x[i] + CpuKernels.GRAY_G * x[plane + i] + CpuKernels.GRAY_B * x[2 * plane + i];
          }
        } else {
          for (int i = start; i < end; i++) {
            sum += x[i];
          }
        }
      }
    }
    return sum;
  }
}
