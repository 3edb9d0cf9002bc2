package dev.datamgmt.augment.audio;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.internal.audio.AudioKernels;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs an audio pipeline on waveforms and spectrograms (pure Java). All waveform steps apply to {@link Waveform}s;
 * the SpecAugment masks, gain (by the {@link SpectrogramScale}) and noise apply to {@link Spectrogram}s; another
 * step on a spectrogram is a misuse and throws.
 *
 * <pre>{@code
 * AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(1)
 *     .add(AudioOps.gain(0.5, -6, 6)).add(AudioOps.noise(0.5, 10, 30)).build());
 * Waveform out = aug.apply("clip-3", wave, epoch, index);
 * }</pre>
 */
public final class AudioAugmenter {
  private static final int FRAME = 512;
  private final Pipeline pipeline;
  private final SpectrogramScale scale;
  private final SoundBank noises;
  private final SoundBank impulseResponses;

  private AudioAugmenter(Pipeline pipeline, SpectrogramScale scale, SoundBank noises, SoundBank impulseResponses) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.scale = Objects.requireNonNull(scale, "scale");
    this.noises = noises;
    this.impulseResponses = impulseResponses;
  }

  /** An augmenter for {@code pipeline}; spectrograms are taken to hold powers ({@link SpectrogramScale#POWER}). */
  public static AudioAugmenter of(Pipeline pipeline) {
    return new AudioAugmenter(pipeline, SpectrogramScale.POWER, null, null);
  }

  /** A copy that takes spectrogram values to be on {@code newScale} (what a gain does to them). */
  public AudioAugmenter withSpectrogramScale(SpectrogramScale newScale) {
    return new AudioAugmenter(pipeline, newScale, noises, impulseResponses);
  }

  /** A copy whose background-noise operations draw from {@code bank}. */
  public AudioAugmenter withNoises(SoundBank bank) {
    return new AudioAugmenter(pipeline, scale, Objects.requireNonNull(bank, "bank"), impulseResponses);
  }

  /** A copy whose impulse-response operations draw from {@code bank}. */
  public AudioAugmenter withImpulseResponses(SoundBank bank) {
    return new AudioAugmenter(pipeline, scale, noises, Objects.requireNonNull(bank, "bank"));
  }

  /** Sound {@code pick} of {@code bank} at {@code rate} (resampled if recorded at another rate). */
  private static float[] sound(SoundBank bank, String what, double pick, int rate, String id) {
    if (bank == null) {
      throw new IllegalStateException(what + " needs a SoundBank: AudioAugmenter.with"
          + (what.equals("backgroundNoise") ? "Noises" : "ImpulseResponses") + "(SoundBank.readFolder(dir)) (sample "
          + id + ")");
    }
    Waveform w = bank.pick(pick);
    return w.sampleRate() == rate ? w.array() : resample(w.array(), w.sampleRate() / (double) rate);
  }

  private static double rms(float[] x) {
    double p = 0;
    for (float v : x) {
      p += v * (double) v;
    }
    return Math.sqrt(p / Math.max(1, x.length));
  }

  /**
   * Augments a waveform with the parameters of ({@code epoch}, {@code index}).
   *
   * @param id names the sample in error messages
   * @throws InvalidDataException if the waveform is empty or has non-finite samples
   */
  public Waveform apply(String id, Waveform wave, long epoch, long index) throws InvalidDataException {
    return replay(id, wave, pipeline.sample(epoch, index));
  }

  /** Re-runs recorded parameters on a waveform. */
  public Waveform replay(String id, Waveform wave, AugmentParams params) throws InvalidDataException {
    float[] x = wave.array();
    if (x.length == 0) {
      throw new InvalidDataException("empty waveform", "sample " + id, "at least one sample", "0 samples");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new InvalidDataException("non-finite audio sample", "sample " + id, "finite samples",
            x[i] + " at position " + i);
      }
    }
    float[] y = x.clone();
    for (Step s : params.steps()) {
      if (s instanceof AudioSteps.Speed sp) {
        y = resample(y, sp.factor());
      } else if (s instanceof AudioSteps.TimeStretch ts) {
        y = stretch(y, ts.rate());
      } else if (s instanceof AudioSteps.Silence si) {
        int len = (int) Math.round(si.seconds() * wave.sampleRate());
        int at = (int) Math.min(y.length, Math.floor(si.position() * (y.length + 1)));
        float[] out = new float[y.length + len];
        System.arraycopy(y, 0, out, 0, at);
        System.arraycopy(y, at, out, at + len, y.length - at);
        y = out;
      } else if (s instanceof AudioSteps.Gain g) {
        float f = (float) Math.pow(10, g.db() / 20);
        for (int i = 0; i < y.length; i++) {
          y[i] *= f;
        }
      } else if (s instanceof AudioSteps.Noise nz) {
        double power = 0;
        for (float v : y) {
          power += v * (double) v;
        }
        power /= y.length;
        double sigma = Math.sqrt(power / Math.pow(10, nz.snrDb() / 10));
        float[] z = AudioKernels.noiseField(nz.seed(), y.length);
        for (int i = 0; i < y.length; i++) {
          y[i] += (float) (sigma * z[i]);
        }
      } else if (s instanceof AudioSteps.Shift sh) {
        int k = (int) Math.round(sh.fraction() * y.length);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
          int src = i - k;
          if (sh.roll()) {
            out[i] = y[Math.floorMod(src, y.length)];
          } else if (src >= 0 && src < y.length) {
            out[i] = y[src];
          }
        }
        y = out;
      } else if (s instanceof AudioSteps.BackgroundNoise bn) {
        float[] noise = sound(noises, "backgroundNoise", bn.pick(), wave.sampleRate(), id);
        double nr = rms(noise), sr = rms(y);
        if (nr > 0) {
          double gain = sr / nr / Math.pow(10, bn.snrDb() / 20);
          int start = (int) Math.floor(bn.offset() * noise.length);
          for (int i = 0; i < y.length; i++) {
            y[i] += (float) (gain * noise[(start + i) % noise.length]);
          }
        }
      } else if (s instanceof AudioSteps.ImpulseResponse ir) {
        float[] h = sound(impulseResponses, "impulseResponse", ir.pick(), wave.sampleRate(), id);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
          double acc = 0;
          for (int k = 0, n = Math.min(h.length, i + 1); k < n; k++) {
            acc += h[k] * (double) y[i - k];
          }
          out[i] = (float) acc;
        }
        y = out;
      } else if (s instanceof AudioSteps.Loudness ln) {
        double now = AudioKernels.loudness(y, wave.sampleRate());
        if (Double.isFinite(now)) {
          float f = (float) Math.pow(10, (ln.targetLufs() - now) / 20);
          for (int i = 0; i < y.length; i++) {
            y[i] *= f;
          }
        }
      } else if (s instanceof AudioSteps.Invert) {
        for (int i = 0; i < y.length; i++) {
          y[i] = -y[i];
        }
      } else if (s instanceof AudioSteps.Clip c) {
        float[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        float lo = (float) AudioKernels.percentile(sorted, c.percentile() / 2);
        float hi = (float) AudioKernels.percentile(sorted, 100 - c.percentile() / 2);
        for (int i = 0; i < y.length; i++) {
          y[i] = Math.max(lo, Math.min(hi, y[i]));
        }
      } else if (s instanceof AudioSteps.Filter f) {
        y = AudioKernels.biquad(y, f, wave.sampleRate());
      } else if (s instanceof AudioSteps.TimeMask tm) {
        // The SpecAugment time mask on samples instead of frames (audiomentations' TimeMask, without fades).
        int[] r = AudioKernels.maskRange(tm.start(), tm.width(), y.length);
        java.util.Arrays.fill(y, r[0], r[1], 0f);
      } else {
        throw new IllegalArgumentException("step " + s + " does not apply to a waveform (sample " + id + ")");
      }
    }
    return new Waveform(y, wave.sampleRate());
  }

  /**
   * Augments a spectrogram (SpecAugment masks, gain, noise) with the parameters of ({@code epoch}, {@code index}).
   *
   * @throws InvalidDataException if the spectrogram has non-finite values
   */
  public Spectrogram apply(String id, Spectrogram spec, long epoch, long index) throws InvalidDataException {
    return replay(id, spec, pipeline.sample(epoch, index));
  }

  /** Re-runs recorded parameters on a spectrogram. */
  public Spectrogram replay(String id, Spectrogram spec, AugmentParams params) throws InvalidDataException {
    float[] v = spec.array();
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new InvalidDataException("non-finite spectrogram value", "sample " + id, "finite values",
            v[i] + " at bin " + (i / spec.frames()) + ", frame " + (i % spec.frames()));
      }
    }
    float[] y = v.clone();
    int bins = spec.bins(), frames = spec.frames();
    for (Step s : params.steps()) {
      if (s instanceof AudioSteps.TimeMask tm) {
        int[] r = AudioKernels.maskRange(tm.start(), tm.width(), frames);
        int a = r[0], b = r[1];
        for (int f = 0; f < bins; f++) {
          for (int t = a; t < b; t++) {
            y[f * frames + t] = 0;
          }
        }
      } else if (s instanceof AudioSteps.FrequencyMask fm) {
        int[] r = AudioKernels.maskRange(fm.start(), fm.width(), bins);
        int a = r[0], b = r[1];
        for (int f = a; f < b; f++) {
          for (int t = 0; t < frames; t++) {
            y[f * frames + t] = 0;
          }
        }
      } else if (s instanceof AudioSteps.Gain g) {
        float f = AudioKernels.gainFactor(g, scale);
        for (int i = 0; i < y.length; i++) {
          y[i] = scale == SpectrogramScale.DECIBEL ? y[i] + f : y[i] * f;
        }
      } else if (s instanceof AudioSteps.Noise nz) {
        float sigma = noiseSigma(y, nz);
        float[] z = AudioKernels.noiseField(nz.seed(), y.length);
        for (int i = 0; i < y.length; i++) {
          y[i] += sigma * z[i];
        }
      } else {
        throw new IllegalArgumentException("step " + s + " does not apply to a spectrogram (sample " + id + ")");
      }
    }
    return new Spectrogram(bins, frames, y);
  }

  /** The noise scale for values {@code y}: {@code sqrt(mean(y^2) / 10^(snr/10))}, in float like the device. */
  static float noiseSigma(float[] y, AudioSteps.Noise nz) {
    double power = 0;
    for (float v : y) {
      power += v * (double) v;
    }
    return (float) Math.sqrt(power / y.length / Math.pow(10, nz.snrDb() / 10));
  }

  /** Linear-interpolation resampling: output sample i reads input position i * factor. */
  static float[] resample(float[] x, double factor) {
    int n = Math.max(1, (int) Math.round(x.length / factor));
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double pos = i * factor;
      int a = (int) Math.floor(pos);
      double t = pos - a;
      float va = a < x.length ? x[a] : 0, vb = a + 1 < x.length ? x[a + 1] : (a < x.length ? x[a] : 0);
      out[i] = (float) (va + t * (vb - va));
    }
    return out;
  }

  /**
   * WSOLA time stretch: Hann frames are written every {@code hop} samples; each is read near
   * {@code outPos * rate} in the input, shifted by up to {@code hop / 2} to best continue the previous frame
   * (maximum cross-correlation), so periodic sounds add in phase and keep their pitch and level.
   */
  static float[] stretch(float[] x, double rate) {
    int hop = FRAME / 4;
    int tol = hop / 2;
    int n = Math.max(1, (int) Math.round(x.length / rate));
    float[] out = new float[n + FRAME];
    float[] norm = new float[n + FRAME];
    float[] win = new float[FRAME];
    for (int i = 0; i < FRAME; i++) {
      win[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
    }
    int prev = -1;
    for (int outPos = 0; outPos < n; outPos += hop) {
      int nominal = (int) Math.round(outPos * rate);
      int best = nominal;
      if (prev >= 0) {
        int natural = prev + hop;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int d = -tol; d <= tol; d++) {
          int cand = nominal + d;
          if (cand < 0) {
            continue;
          }
          double score = 0;
          for (int i = 0; i < FRAME; i += 2) {
            int a = cand + i, b = natural + i;
            if (a >= x.length || b >= x.length) {
              break;
            }
            score += x[a] * (double) x[b];
          }
          if (score > bestScore) {
            bestScore = score;
            best = cand;
          }
        }
      }
      for (int i = 0; i < FRAME; i++) {
        int src = best + i;
        float v = src >= 0 && src < x.length ? x[src] : 0;
        out[outPos + i] += win[i] * v;
        norm[outPos + i] += win[i];
      }
      prev = best;
    }
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = norm[i] > 1e-3f ? out[i] / norm[i] : out[i];
    }
    return y;
  }
}
