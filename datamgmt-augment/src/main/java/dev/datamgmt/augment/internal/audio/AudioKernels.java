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
    double a0 = 1 + alpha, a1 = -2 * cos, a2 = 1 - alpha;
    float[] y = new float[x.length];
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double v = (b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0;
      x2 = x1;
      x1 = x[i];
      y2 = y1;
      y1 = v;
      y[i] = (float) v;
    }
    return y;
  }

  /** numpy's {@code percentile(x, q)} (linear interpolation between order statistics) of sorted values. */
  public static double percentile(float[] sorted, double q) {
    double pos = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
