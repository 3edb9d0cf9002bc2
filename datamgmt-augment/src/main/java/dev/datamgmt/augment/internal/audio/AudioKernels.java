package dev.datamgmt.augment.internal.audio;

import dev.datamgmt.augment.audio.AudioSteps;
import dev.datamgmt.augment.audio.SpectrogramScale;
import java.util.SplittableRandom;

/**
 * Audio helpers whose exact meaning the audio augmenter and the device backend share, so both give the same
 * result. Not API: public for those two packages only.
 */
public final class AudioKernels {
  private AudioKernels() {}

  /**
   * What a gain does to spectrogram values on {@code scale}: the factor to multiply by, or for
   * {@link SpectrogramScale#DECIBEL} the decibels to add (shared by the audio and device backends).
   */
  public static float gainFactor(AudioSteps.Gain gain, SpectrogramScale scale) {
    return switch (scale) {
      case MAGNITUDE -> (float) Math.pow(10, gain.db() / 20);
      case POWER -> (float) Math.pow(10, gain.db() / 10);
      case DECIBEL -> (float) gain.db();
    };
  }

  /**
   * The unit Gaussian noise field of a noise step: {@code n} values from {@code SplittableRandom(seed)}, one
   * Box-Muller pair of uniforms per value (shared by waveforms, spectrograms and the device backend).
   */
  public static float[] noiseField(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
      z[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
    return z;
  }

  /**
   * The masked index range {@code [from, to)} of a SpecAugment mask over {@code size} frames or bins (shared with
   * the device backend so both mask the same cells).
   */
  public static int[] maskRange(double start, double width, int size) {
    int a = (int) Math.floor(start * size);
    return new int[] {a, Math.min(size, a + (int) Math.round(width * size))};
  }

  /** {@code x} filtered by the biquad of {@code f} at {@code sampleRate} (direct form I, double precision). */
  public static float[] biquad(float[] x, AudioSteps.Filter f, int sampleRate) {
    double w0 = 2 * Math.PI * Math.min(f.frequencyHz(), 0.49 * sampleRate) / sampleRate;
    double cos = Math.cos(w0), alpha = Math.sin(w0) / (2 * f.q());
    double b0, b1, b2;
    switch (f.kind()) {
      case LOW_PASS -> {
        b0 = (1 - cos) / 2;
        b1 = 1 - cos;
        b2 = b0;
      }
      case HIGH_PASS -> {
        b0 = (1 + cos) / 2;
        b1 = -(1 + cos);
        b2 = b0;
      }
      case BAND_PASS -> {
        b0 = alpha;
        b1 = 0;
        b2 = -alpha;
      }
      default -> {
        b0 = 1;
        b1 = -2 * cos;
        b2 = 1;
      }
    }
    return iir(x, new double[] {b0, b1, b2, 1 + alpha, -2 * cos, 1 - alpha});
  }

  /** {@code x} through the biquad {@code {b0, b1, b2, a0, a1, a2}} (direct form I, double precision). */
  static float[] iir(float[] x, double[] c) {
    float[] y = new float[x.length];
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double v = (c[0] * x[i] + c[1] * x1 + c[2] * x2 - c[4] * y1 - c[5] * y2) / c[3];
      x2 = x1;
      x1 = x[i];
      y2 = y1;
      y1 = v;
      y[i] = (float) v;
    }
    return y;
  }

  /**
   * The integrated loudness of a mono waveform in LUFS, ITU-R BS.1770-4 as pyloudnorm computes it: K-weighting (a
   * +4 dB high shelf at 1500 Hz, Q 0.7071, then a high-pass at 38 Hz, Q 0.5, both designed for the sample rate),
   * mean squares of 400 ms blocks with 75% overlap, an absolute gate at -70 LUFS and a relative gate 10 LU below the
   * absolutely gated loudness. {@code -Infinity} for silence or a waveform shorter than one block.
   */
  public static double loudness(float[] x, int rate) {
    double w0 = 2 * Math.PI * 1500 / rate, a = Math.pow(10, 4.0 / 40), alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
    double cos = Math.cos(w0), sq = 2 * Math.sqrt(a) * alpha;
    double[] shelf = {a * ((a + 1) + (a - 1) * cos + sq), -2 * a * ((a - 1) + (a + 1) * cos),
        a * ((a + 1) + (a - 1) * cos - sq), (a + 1) - (a - 1) * cos + sq, 2 * ((a - 1) - (a + 1) * cos),
        (a + 1) - (a - 1) * cos - sq};
    float[] k = biquad(iir(x, shelf), new AudioSteps.Filter(AudioSteps.FilterKind.HIGH_PASS, 38, 0.5), rate);
    int block = (int) Math.round(0.4 * rate), step = (int) Math.round(0.1 * rate);
    if (x.length < block) {
      return Double.NEGATIVE_INFINITY;
    }
    java.util.List<Double> z = new java.util.ArrayList<>();
    for (int start = 0; start + block <= k.length; start += step) {
      double e = 0;
      for (int i = start; i < start + block; i++) {
        e += k[i] * (double) k[i];
      }
      z.add(e / block);
    }
    double abs = gatedMean(z, -70);
    if (abs <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double rel = gatedMean(z, -0.691 + 10 * Math.log10(abs) - 10);
    return -0.691 + 10 * Math.log10(rel);
  }

  /** The mean of the block energies whose loudness is above {@code gate} LUFS (0 if none). */
  private static double gatedMean(java.util.List<Double> z, double gate) {
    double sum = 0;
    int n = 0;
    for (double e : z) {
      if (e > 0 && -0.691 + 10 * Math.log10(e) > gate) {
        sum += e;
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** numpy's {@code percentile(x, q)} (linear interpolation between order statistics) of sorted values. */
  public static double percentile(float[] sorted, double q) {
    double pos = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
