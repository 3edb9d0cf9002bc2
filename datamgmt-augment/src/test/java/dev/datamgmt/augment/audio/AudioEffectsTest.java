package dev.datamgmt.augment.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pitch shift, polarity, clipping, the biquad filters and the waveform time mask of issue 20. */
class AudioEffectsTest {
  private static final int RATE = 16_000;

  private static float[] tone(double hz, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return x;
  }

  private static float[] run(float[] x, Step... steps) throws Exception {
    return AudioAugmenter.of(Pipeline.builder().setSeed(0).build())
        .replay("a", new Waveform(x, RATE), AugmentParams.of(steps)).samples();
  }

  /** Peak amplitude over the second half (after the filter's transient). */
  private static double steadyPeak(float[] y) {
    double m = 0;
    for (int i = y.length / 2; i < y.length; i++) {
      m = Math.max(m, Math.abs(y[i]));
    }
    return m;
  }

  private static double gainAt(AudioSteps.FilterKind kind, double filterHz, double q, double toneHz) throws Exception {
    return steadyPeak(run(tone(toneHz, RATE), new AudioSteps.Filter(kind, filterHz, q))) / 0.5;
  }

  @Test
  void lowAndHighPass_areThreeDecibelsDownAtTheCutoffAndStopFarFromIt() throws Exception {
    double bw = Math.sqrt(0.5);
    assertThat(gainAt(AudioSteps.FilterKind.LOW_PASS, 1000, bw, 1000)).isCloseTo(bw, within(0.01));
    assertThat(gainAt(AudioSteps.FilterKind.LOW_PASS, 1000, bw, 100)).isCloseTo(1, within(0.01));
    assertThat(gainAt(AudioSteps.FilterKind.LOW_PASS, 1000, bw, 6000)).isLessThan(0.04);
    assertThat(gainAt(AudioSteps.FilterKind.HIGH_PASS, 1000, bw, 1000)).isCloseTo(bw, within(0.01));
    assertThat(gainAt(AudioSteps.FilterKind.HIGH_PASS, 1000, bw, 6000)).isCloseTo(1, within(0.02));
    assertThat(gainAt(AudioSteps.FilterKind.HIGH_PASS, 1000, bw, 100)).isLessThan(0.02);
  }

  @Test
  void bandPassAndBandStop_passOrStopTheCentre() throws Exception {
    assertThat(gainAt(AudioSteps.FilterKind.BAND_PASS, 2000, 2, 2000)).isCloseTo(1, within(0.01));
    assertThat(gainAt(AudioSteps.FilterKind.BAND_PASS, 2000, 2, 200)).isLessThan(0.06);
    assertThat(gainAt(AudioSteps.FilterKind.BAND_STOP, 2000, 2, 2000)).isLessThan(0.01);
    assertThat(gainAt(AudioSteps.FilterKind.BAND_STOP, 2000, 2, 200)).isCloseTo(1, within(0.01));
  }

  @Test
  void polarityInversion_negatesEverySample() throws Exception {
    float[] x = tone(440, 1000);
    float[] y = run(x, new AudioSteps.Invert());
    for (int i = 0; i < x.length; i++) {
      assertThat(y[i]).isEqualTo(-x[i]);
    }
  }

  @Property(tries = 30)
  void clipping_clipsThePercentageAndNothingElse(@ForAll @DoubleRange(min = 0, max = 60) double percent)
      throws Exception {
    float[] x = new float[4001];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    float[] y = run(x, new AudioSteps.Clip(percent));
    int changed = 0;
    float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      changed += x[i] != y[i] ? 1 : 0;
      max = Math.max(max, y[i]);
      min = Math.min(min, y[i]);
    }
    assertThat(changed / (double) x.length * 100).isCloseTo(percent, within(0.1));
    assertThat(max).isLessThanOrEqualTo(1f);
    assertThat(min).isGreaterThanOrEqualTo(-1f);
  }

  @Property(tries = 10)
  void pitchShift_movesTheFrequencyByTheSemitonesAndKeepsTheLength(
      @ForAll @IntRange(min = -7, max = 7) int semitones) throws Exception {
    float[] x = tone(300, RATE);
    Pipeline p = Pipeline.builder().setSeed(1).add(AudioOps.pitchShift(1, semitones, semitones)).build();
    float[] y = AudioAugmenter.of(p).apply("a", new Waveform(x, RATE), 0, 0).samples();
    assertThat((double) y.length).isCloseTo(x.length, within(x.length * 0.01));
    int crossings = 0;
    for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
      crossings += (y[i - 1] < 0) != (y[i] < 0) ? 1 : 0;
    }
    double hz = crossings / 2.0 / (y.length / 2.0 / RATE);
    assertThat(hz).isCloseTo(300 * Math.pow(2, semitones / 12.0), within(300 * 0.03));
  }

  @Test
  void timeMask_zeroesItsRangeOfSamples() throws Exception {
    float[] x = tone(440, 1000);
    float[] y = run(x, new AudioSteps.TimeMask(0.25, 0.1));
    for (int i = 0; i < x.length; i++) {
      assertThat(y[i]).isEqualTo(i >= 250 && i < 350 ? 0f : x[i]);
    }
  }

  @Test
  void filterOp_drawsLogUniformFrequenciesInItsRange() {
    Pipeline p = Pipeline.builder().setSeed(4).add(AudioOps.lowPass(1, 150, 7500)).build();
    int below = 0;
    for (int i = 0; i < 400; i++) {
      AudioSteps.Filter f = (AudioSteps.Filter) p.sample(0, i).steps().get(0);
      assertThat(f.frequencyHz()).isBetween(150.0, 7500.0);
      below += f.frequencyHz() < Math.sqrt(150 * 7500) ? 1 : 0;
    }
    // Log-uniform: half below the geometric mean.
    assertThat(below).isBetween(160, 240);
  }

  @Test
  void loudness_ofAFullScaleSineAt997Hz_isMinus3Lufs() {
    // ITU-R BS.1770-4, 2.1: a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS (at 48 kHz).
    int rate = 48_000;
    float[] x = new float[3 * rate];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * 997 * i / rate);
    }
    assertThat(dev.datamgmt.augment.internal.audio.AudioKernels.loudness(x, rate)).isCloseTo(-3.01, within(0.05));
  }

  @Property(tries = 10)
  void loudnessNormalization_reachesTheDrawnTarget(@ForAll @DoubleRange(min = -40, max = -10) double target)
      throws Exception {
    float[] x = tone(440, 2 * RATE);
    float[] y = run(x, new AudioSteps.Loudness(target));
    assertThat(dev.datamgmt.augment.internal.audio.AudioKernels.loudness(y, RATE)).isCloseTo(target, within(0.01));
    float[] silence = new float[RATE];
    assertThat(run(silence, new AudioSteps.Loudness(target))).containsExactly(silence);
  }

  @Test
  void badParameters_failNamingTheOperationAndSetting() {
    assertThatThrownBy(() -> AudioOps.pitchShift(1, -30, 2)).hasMessageContaining("audioPitchShift semitones");
    assertThatThrownBy(() -> AudioOps.clippingDistortion(1, 10, 100)).hasMessageContaining(
        "audioClippingDistortion percentile");
    assertThatThrownBy(() -> AudioOps.lowPass(1, 0, 100)).hasMessageContaining("audioFilter frequency");
    assertThatThrownBy(() -> new AudioOps.FrequencyFilter(1, null, 1, 2, 1, 1)).hasMessageContaining("kind");
    assertThatThrownBy(() -> new AudioSteps.Clip(100)).hasMessageContaining("[0, 100)");
    assertThatThrownBy(() -> AudioOps.loudnessNormalization(1, -13, -31)).hasMessageContaining(
        "audioLoudnessNormalization lufs");
  }
}
