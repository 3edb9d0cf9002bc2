package dev.datamgmt.augment.audio;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import java.util.List;
import java.util.SplittableRandom;

/** Audio operations and their factories. Waveform operations and spectrogram masks. */
public final class AudioOps {
  private AudioOps() {}

  static void range(String op, String name, double min, double max, double lo, double hi) {
    if (!(min >= lo && max <= hi && min <= max)) {
      throw new IllegalArgumentException(
          op + " " + name + " range must satisfy " + lo + " <= min <= max <= " + hi + ": [" + min + ", " + max + "]");
    }
  }

  static double uniform(SplittableRandom rng, double min, double max) {
    return min == max ? min : min + (max - min) * rng.nextDouble();
  }

  /** Speed change by a factor in {@code [min, max]}. */
  public static Speed speed(double p, double min, double max) {
    return new Speed(p, min, max);
  }

  /** Time stretch by a rate in {@code [min, max]}. */
  public static TimeStretch timeStretch(double p, double min, double max) {
    return new TimeStretch(p, min, max);
  }

  /** Insert {@code [minSeconds, maxSeconds]} of silence at a random position. */
  public static Silence silence(double p, double minSeconds, double maxSeconds) {
    return new Silence(p, minSeconds, maxSeconds);
  }

  /** Gain in {@code [minDb, maxDb]} decibels. */
  public static Gain gain(double p, double minDb, double maxDb) {
    return new Gain(p, minDb, maxDb);
  }

  /** White noise at a signal-to-noise ratio in {@code [minSnrDb, maxSnrDb]}. */
  public static Noise noise(double p, double minSnrDb, double maxSnrDb) {
    return new Noise(p, minSnrDb, maxSnrDb);
  }

  /** Time shift by up to {@code maxFraction} of the length either way, zero-filled. */
  public static Shift shift(double p, double maxFraction) {
    return new Shift(p, maxFraction, false);
  }

  /** SpecAugment time mask of up to {@code maxWidth} of the frames. */
  public static TimeMask timeMask(double p, double maxWidth) {
    return new TimeMask(p, maxWidth);
  }

  /** SpecAugment frequency mask of up to {@code maxWidth} of the bins. */
  public static FrequencyMask frequencyMask(double p, double maxWidth) {
    return new FrequencyMask(p, maxWidth);
  }

  /** Pitch shift by {@code minSemitones..maxSemitones}, length kept (resample, then time-stretch back). */
  public static PitchShift pitchShift(double p, double minSemitones, double maxSemitones) {
    return new PitchShift(p, minSemitones, maxSemitones);
  }

  /** Polarity inversion (multiply by -1). */
  public static PolarityInversion polarityInversion(double p) {
    return new PolarityInversion(p);
  }

  /** Clipping of {@code minPercentile..maxPercentile} percent of the samples (half at each end). */
  public static ClippingDistortion clippingDistortion(double p, double minPercentile, double maxPercentile) {
    return new ClippingDistortion(p, minPercentile, maxPercentile);
  }

  /** Low-pass with a cutoff drawn log-uniformly from {@code [minHz, maxHz]} (Butterworth Q). */
  public static FrequencyFilter lowPass(double p, double minHz, double maxHz) {
    return new FrequencyFilter(p, AudioSteps.FilterKind.LOW_PASS, minHz, maxHz, Math.sqrt(0.5), Math.sqrt(0.5));
  }

  /** High-pass with a cutoff drawn log-uniformly from {@code [minHz, maxHz]} (Butterworth Q). */
  public static FrequencyFilter highPass(double p, double minHz, double maxHz) {
    return new FrequencyFilter(p, AudioSteps.FilterKind.HIGH_PASS, minHz, maxHz, Math.sqrt(0.5), Math.sqrt(0.5));
  }

  /**
   * Band-pass around a centre drawn log-uniformly from {@code [minHz, maxHz]}, bandwidth
   * {@code minBandwidth..maxBandwidth} of the centre frequency (audiomentations' bandwidth fraction; Q = 1 / it).
   */
  public static FrequencyFilter bandPass(double p, double minHz, double maxHz, double minBandwidth,
      double maxBandwidth) {
    return new FrequencyFilter(p, AudioSteps.FilterKind.BAND_PASS, minHz, maxHz, 1 / maxBandwidth, 1 / minBandwidth);
  }

  /** Band-stop (notch) at a centre drawn log-uniformly from {@code [minHz, maxHz]}, bandwidth as {@link #bandPass}. */
  public static FrequencyFilter bandStop(double p, double minHz, double maxHz, double minBandwidth,
      double maxBandwidth) {
    return new FrequencyFilter(p, AudioSteps.FilterKind.BAND_STOP, minHz, maxHz, 1 / maxBandwidth, 1 / minBandwidth);
  }

  /** A recorded background noise at an SNR in {@code [minSnrDb, maxSnrDb]} (needs a noise {@link SoundBank}). */
  public static BackgroundNoise backgroundNoise(double p, double minSnrDb, double maxSnrDb) {
    return new BackgroundNoise(p, minSnrDb, maxSnrDb);
  }

  /** Convolution with a recorded room impulse response (needs an impulse-response {@link SoundBank}). */
  public static ImpulseResponse impulseResponse(double p) {
    return new ImpulseResponse(p);
  }

  /** Loudness normalization to a target drawn from {@code [minLufs, maxLufs]} (audiomentations: -31 to -13). */
  public static LoudnessNormalization loudnessNormalization(double p, double minLufs, double maxLufs) {
    return new LoudnessNormalization(p, minLufs, maxLufs);
  }

  /** Speed change. @param p probability @param min smallest factor @param max largest factor */
  public record Speed(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Speed withP(double p) {
      return new Speed(p, min, max);
    }

    /** Validates. */
    public Speed {
      Op.checkP("audioSpeed", p);
      range("audioSpeed", "factor", min, max, 0.1, 10);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Speed(uniform(rng, min, max)));
    }
  }

  /** Time stretch. @param p probability @param min smallest rate @param max largest rate */
  public record TimeStretch(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public TimeStretch withP(double p) {
      return new TimeStretch(p, min, max);
    }

    /** Validates. */
    public TimeStretch {
      Op.checkP("audioTimeStretch", p);
      range("audioTimeStretch", "rate", min, max, 0.25, 4);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.TimeStretch(uniform(rng, min, max)));
    }
  }

  /** Inserted silence. @param p probability @param minSeconds shortest @param maxSeconds longest */
  public record Silence(double p, double minSeconds, double maxSeconds) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Silence withP(double p) {
      return new Silence(p, minSeconds, maxSeconds);
    }

    /** Validates. */
    public Silence {
      Op.checkP("audioSilence", p);
      range("audioSilence", "seconds", minSeconds, maxSeconds, 0, 3600);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Silence(rng.nextDouble(), uniform(rng, minSeconds, maxSeconds)));
    }
  }

  /** Gain. @param p probability @param minDb lowest gain @param maxDb highest gain */
  public record Gain(double p, double minDb, double maxDb) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Gain withP(double p) {
      return new Gain(p, minDb, maxDb);
    }

    /** Validates. */
    public Gain {
      Op.checkP("audioGain", p);
      range("audioGain", "db", minDb, maxDb, -120, 120);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Gain(uniform(rng, minDb, maxDb)));
    }
  }

  /** Noise at an SNR. @param p probability @param minSnrDb lowest SNR @param maxSnrDb highest SNR */
  public record Noise(double p, double minSnrDb, double maxSnrDb) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Noise withP(double p) {
      return new Noise(p, minSnrDb, maxSnrDb);
    }

    /** Validates. */
    public Noise {
      Op.checkP("audioNoise", p);
      range("audioNoise", "snrDb", minSnrDb, maxSnrDb, -60, 120);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Noise(uniform(rng, minSnrDb, maxSnrDb), rng.nextLong()));
    }
  }

  /** Time shift. @param p probability @param maxFraction largest shift @param roll wrap around instead of zeros */
  public record Shift(double p, double maxFraction, boolean roll) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Shift withP(double p) {
      return new Shift(p, maxFraction, roll);
    }

    /** Validates. */
    public Shift {
      Op.checkP("audioShift", p);
      range("audioShift", "maxFraction", 0, maxFraction, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Shift(uniform(rng, -maxFraction, maxFraction), roll));
    }
  }

  /** SpecAugment time mask. @param p probability @param maxWidth largest width, fraction of frames */
  public record TimeMask(double p, double maxWidth) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public TimeMask withP(double p) {
      return new TimeMask(p, maxWidth);
    }

    /** Validates. */
    public TimeMask {
      Op.checkP("specTimeMask", p);
      range("specTimeMask", "maxWidth", 0, maxWidth, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double width = uniform(rng, 0, maxWidth);
      out.add(new AudioSteps.TimeMask(uniform(rng, 0, 1 - width), width));
    }
  }

  /** SpecAugment frequency mask. @param p probability @param maxWidth largest width, fraction of bins */
  public record FrequencyMask(double p, double maxWidth) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public FrequencyMask withP(double p) {
      return new FrequencyMask(p, maxWidth);
    }

    /** Validates. */
    public FrequencyMask {
      Op.checkP("specFrequencyMask", p);
      range("specFrequencyMask", "maxWidth", 0, maxWidth, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double width = uniform(rng, 0, maxWidth);
      out.add(new AudioSteps.FrequencyMask(uniform(rng, 0, 1 - width), width));
    }
  }

  /**
   * Pitch shift (audiomentations' PitchShift): the waveform is resampled by {@code 2^(semitones / 12)} (pitch and
   * speed change) and then time-stretched by the inverse rate with WSOLA (speed restored), so the length is kept to
   * within rounding and the pitch moves by {@code semitones}.
   *
   * @param p probability
   * @param minSemitones smallest shift
   * @param maxSemitones largest shift, within ±24
   */
  public record PitchShift(double p, double minSemitones, double maxSemitones) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public PitchShift withP(double p) {
      return new PitchShift(p, minSemitones, maxSemitones);
    }

    /** Validates. */
    public PitchShift {
      Op.checkP("audioPitchShift", p);
      range("audioPitchShift", "semitones", minSemitones, maxSemitones, -24, 24);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double f = Math.pow(2, uniform(rng, minSemitones, maxSemitones) / 12);
      out.add(new AudioSteps.Speed(f));
      out.add(new AudioSteps.TimeStretch(1 / f));
    }
  }

  /** Polarity inversion. @param p probability */
  public record PolarityInversion(double p) implements Op {
    /** This operation with probability {@code p}. */
    @Override
    public PolarityInversion withP(double p) {
      return new PolarityInversion(p);
    }

    /** Validates. */
    public PolarityInversion {
      Op.checkP("audioPolarityInversion", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Invert());
    }
  }

  /**
   * Clipping distortion (audiomentations' ClippingDistortion): a percentage drawn from
   * {@code [minPercentile, maxPercentile]} of the samples is clipped, half at the top and half at the bottom.
   *
   * @param p probability
   * @param minPercentile smallest percentage
   * @param maxPercentile largest percentage, below 100
   */
  public record ClippingDistortion(double p, double minPercentile, double maxPercentile) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public ClippingDistortion withP(double p) {
      return new ClippingDistortion(p, minPercentile, maxPercentile);
    }

    /** Validates. */
    public ClippingDistortion {
      Op.checkP("audioClippingDistortion", p);
      range("audioClippingDistortion", "percentile", minPercentile, maxPercentile, 0, 99.9);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Clip(uniform(rng, minPercentile, maxPercentile)));
    }
  }

  /**
   * A low-pass, high-pass, band-pass or band-stop biquad whose frequency is drawn log-uniformly from
   * {@code [minHz, maxHz]} and its Q uniformly from {@code [minQ, maxQ]} (audiomentations' filters use Butterworth
   * designs of selectable order; this is the second-order, 12 dB/octave one).
   *
   * @param p probability
   * @param kind what passes
   * @param minHz lowest frequency, {@code > 0}
   * @param maxHz highest frequency
   * @param minQ lowest Q, {@code > 0}
   * @param maxQ highest Q
   */
  public record FrequencyFilter(double p, AudioSteps.FilterKind kind, double minHz, double maxHz, double minQ,
      double maxQ) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public FrequencyFilter withP(double p) {
      return new FrequencyFilter(p, kind, minHz, maxHz, minQ, maxQ);
    }

    /** Validates. */
    public FrequencyFilter {
      Op.checkP("audioFilter", p);
      if (kind == null) {
        throw new IllegalArgumentException("audioFilter kind is required: LOW_PASS, HIGH_PASS, BAND_PASS or BAND_STOP");
      }
      range("audioFilter", "frequency", minHz, maxHz, 1e-3, 1e6);
      range("audioFilter", "q", minQ, maxQ, 1e-3, 1e3);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double f = Math.exp(uniform(rng, Math.log(minHz), Math.log(maxHz)));
      out.add(new AudioSteps.Filter(kind, f, uniform(rng, minQ, maxQ)));
    }
  }

  /**
   * audiomentations' AddBackgroundNoise: a noise drawn from the augmenter's noise bank
   * ({@link AudioAugmenter#withNoises}) at a random offset, at a drawn signal-to-noise ratio.
   *
   * @param p probability
   * @param minSnrDb lowest SNR in decibels
   * @param maxSnrDb highest
   */
  public record BackgroundNoise(double p, double minSnrDb, double maxSnrDb) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public BackgroundNoise withP(double p) {
      return new BackgroundNoise(p, minSnrDb, maxSnrDb);
    }

    /** Validates. */
    public BackgroundNoise {
      Op.checkP("audioBackgroundNoise", p);
      range("audioBackgroundNoise", "snrDb", minSnrDb, maxSnrDb, -40, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.BackgroundNoise(rng.nextDouble(), rng.nextDouble(), uniform(rng, minSnrDb, maxSnrDb)));
    }
  }

  /**
   * audiomentations' ApplyImpulseResponse (length kept): convolution with a room impulse response drawn from the
   * augmenter's impulse-response bank ({@link AudioAugmenter#withImpulseResponses}).
   *
   * @param p probability
   */
  public record ImpulseResponse(double p) implements Op {
    /** This operation with probability {@code p}. */
    @Override
    public ImpulseResponse withP(double p) {
      return new ImpulseResponse(p);
    }

    /** Validates. */
    public ImpulseResponse {
      Op.checkP("audioImpulseResponse", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.ImpulseResponse(rng.nextDouble()));
    }
  }

  /**
   * audiomentations' LoudnessNormalization: the waveform is scaled to an integrated loudness (ITU-R BS.1770, gated,
   * K-weighted, as pyloudnorm measures it) drawn from {@code [minLufs, maxLufs]}; a waveform shorter than 400 ms or
   * silent is left as it is.
   *
   * @param p probability
   * @param minLufs lowest target
   * @param maxLufs highest target
   */
  public record LoudnessNormalization(double p, double minLufs, double maxLufs) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public LoudnessNormalization withP(double p) {
      return new LoudnessNormalization(p, minLufs, maxLufs);
    }

    /** Validates. */
    public LoudnessNormalization {
      Op.checkP("audioLoudnessNormalization", p);
      range("audioLoudnessNormalization", "lufs", minLufs, maxLufs, -70, 0);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new AudioSteps.Loudness(uniform(rng, minLufs, maxLufs)));
    }
  }
}
