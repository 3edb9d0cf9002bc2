package dev.datamgmt.augment.audio;

import dev.datamgmt.augment.Step;

/** Audio operations with their parameters drawn; see {@link AudioOps} for what each does. */
public final class AudioSteps {
  private AudioSteps() {}

  /** Resample by {@code factor} (faster and higher for {@code > 1}); length becomes {@code round(n / factor)}. */
  public record Speed(double factor) implements Step {}

  /** Change duration by {@code 1 / rate} keeping pitch (WSOLA: waveform-similarity overlap-add). */
  public record TimeStretch(double rate) implements Step {}

  /** Insert {@code seconds} of silence at {@code position} (fraction of the length). */
  public record Silence(double position, double seconds) implements Step {}

  /** Multiply by {@code 10^(db / 20)}. */
  public record Gain(double db) implements Step {}

  /** Add white Gaussian noise (field of {@code seed}) scaled so the signal-to-noise ratio is {@code snrDb}. */
  public record Noise(double snrDb, long seed) implements Step {}

  /** Shift by {@code fraction} of the length (positive: later); vacated samples are 0, or wrap if {@code roll}. */
  public record Shift(double fraction, boolean roll) implements Step {}

  /** Zero frames {@code [start, start + width)} of a spectrogram, as fractions of the frame count. */
  public record TimeMask(double start, double width) implements Step {}

  /** Zero bins {@code [start, start + width)} of a spectrogram, as fractions of the bin count. */
  public record FrequencyMask(double start, double width) implements Step {}
}
