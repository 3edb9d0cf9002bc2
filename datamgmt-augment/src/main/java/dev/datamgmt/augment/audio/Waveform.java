package dev.datamgmt.augment.audio;

import java.util.Objects;

/**
 * Mono audio samples (nominally in [-1, 1]) at a sample rate.
 *
 * @param samples the samples (copied)
 * @param sampleRate samples per second, {@code > 0}
 */
public record Waveform(float[] samples, int sampleRate) {
  /** Validates and copies. */
  public Waveform {
    Objects.requireNonNull(samples, "samples");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("waveform sampleRate must be > 0: " + sampleRate);
    }
    samples = samples.clone();
  }

  /** A copy of the samples. */
  @Override
  public float[] samples() {
    return samples.clone();
  }

  float[] array() {
    return samples;
  }

  /** Number of samples. */
  public int length() {
    return samples.length;
  }
}
