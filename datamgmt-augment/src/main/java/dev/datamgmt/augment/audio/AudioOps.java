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
}
