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

  /** Multiply by -1 (polarity inversion). */
  public record Invert() implements Step {}

  /**
   * Clip to the {@code percentile / 2} and {@code 100 - percentile / 2} percentiles of the samples (numpy's linear
   * percentiles; audiomentations' ClippingDistortion).
   *
   * @param percentile the share of samples clipped, in percent, {@code [0, 100)}
   */
  public record Clip(double percentile) implements Step {
    /** Validates. */
    public Clip {
      if (!(percentile >= 0 && percentile < 100)) {
        throw new IllegalArgumentException("clip percentile must be in [0, 100): " + percentile);
      }
    }
  }

  /** What a {@link Filter} lets through. */
  public enum FilterKind {
    /** Below the frequency. */
    LOW_PASS,
    /** Above the frequency. */
    HIGH_PASS,
    /** Around the frequency (0 dB at the centre). */
    BAND_PASS,
    /** Everything but the frequency (a notch). */
    BAND_STOP
  }

  /**
   * A second-order (biquad) filter from the Audio EQ Cookbook (R. Bristow-Johnson), run forwards once; a frequency
   * at or above 0.49 of the sample rate is taken as 0.49 of it.
   *
   * @param kind low-pass, high-pass, band-pass or band-stop
   * @param frequencyHz cutoff or centre frequency, {@code > 0}
   * @param q quality factor, {@code > 0} (0.7071 gives Butterworth low/high-pass)
   */
  public record Filter(FilterKind kind, double frequencyHz, double q) implements Step {
    /** Validates. */
    public Filter {
      if (kind == null || !(frequencyHz > 0) || !(q > 0) || !Double.isFinite(frequencyHz) || !Double.isFinite(q)) {
        throw new IllegalArgumentException(
            "filter needs a kind, frequencyHz > 0 and q > 0: " + kind + ", " + frequencyHz + ", " + q);
      }
    }
  }

  /**
   * Add a recorded noise from the augmenter's noise {@link SoundBank}: sound {@code floor(pick * size)}, resampled to
   * the waveform's rate, read from {@code floor(offset * length)} and looped to the waveform's length, scaled so the
   * signal-to-noise ratio (by RMS) is {@code snrDb}.
   */
  public record BackgroundNoise(double pick, double offset, double snrDb) implements Step {}

  /**
   * Convolve with a room impulse response from the augmenter's impulse-response {@link SoundBank} (sound
   * {@code floor(pick * size)}, resampled to the waveform's rate), keeping the waveform's length.
   */
  public record ImpulseResponse(double pick) implements Step {}

  /**
   * Scale to an integrated loudness of {@code targetLufs} (ITU-R BS.1770, as pyloudnorm measures it); a waveform too
   * short or too quiet to measure is left as it is.
   */
  public record Loudness(double targetLufs) implements Step {}
}
