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
}
