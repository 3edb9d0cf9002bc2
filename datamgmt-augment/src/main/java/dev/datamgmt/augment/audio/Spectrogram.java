package dev.datamgmt.augment.audio;

import java.util.Objects;

/**
 * A (mel or linear) spectrogram: {@code bins x frames} values, row-major (frequency rows, time columns).
 *
 * @param bins frequency bins, {@code > 0}
 * @param frames time frames, {@code > 0}
 * @param values {@code bins * frames} values (copied)
 */
public record Spectrogram(int bins, int frames, float[] values) {
  /** Validates and copies. */
  public Spectrogram {
    Objects.requireNonNull(values, "values");
    if (bins <= 0 || frames <= 0 || values.length != bins * frames) {
      throw new IllegalArgumentException(
          "spectrogram needs bins, frames > 0 and bins*frames values: " + bins + "x" + frames + ", " + values.length);
    }
    values = values.clone();
  }

  /** A copy of the values. */
  @Override
  public float[] values() {
    return values.clone();
  }

  /** The value at frequency {@code bin}, time {@code frame}. */
  public float get(int bin, int frame) {
    return values[bin * frames + frame];
  }

  float[] array() {
    return values;
  }
}
