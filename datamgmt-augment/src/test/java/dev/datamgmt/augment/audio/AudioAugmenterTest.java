package dev.datamgmt.augment.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.core.error.InvalidDataException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AudioAugmenterTest {
  private static final int RATE = 8000;

  private static Waveform tone(double hz, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return new Waveform(x, RATE);
  }

  private static Waveform run(Waveform w, dev.datamgmt.augment.Step... steps) throws Exception {
    return AudioAugmenter.of(Pipeline.builder().setSeed(0).build()).replay("clip", w, AugmentParams.of(steps));
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * (double) v;
    }
    return Math.sqrt(s / x.length);
  }

  /** Zero crossings per second: twice the frequency of a pure tone. */
  private static double crossingsPerSecond(float[] x) {
    int c = 0;
    for (int i = 1; i < x.length; i++) {
      if ((x[i - 1] < 0) != (x[i] < 0)) {
        c++;
      }
    }
    return c * (double) RATE / x.length;
  }

  @Test
  void speed_shortensAndRaisesPitch() throws Exception {
    Waveform out = run(tone(200, 8000), new AudioSteps.Speed(2));
    assertThat(out.length()).isEqualTo(4000);
    assertThat(crossingsPerSecond(out.samples())).isCloseTo(800, within(20.0));
  }

  @Test
  void timeStretch_changesLengthButKeepsPitch() throws Exception {
    Waveform out = run(tone(200, 8000), new AudioSteps.TimeStretch(0.5));
    assertThat(out.length()).isEqualTo(16000);
    // Resampling would halve the pitch (200 crossings/s); WSOLA keeps it.
    assertThat(crossingsPerSecond(out.samples())).isCloseTo(400, within(20.0));
    assertThat(rms(out.samples())).isCloseTo(rms(tone(200, 8000).samples()), within(0.08));
  }

  @Test
  void silence_insertsZerosOfTheRequestedDuration() throws Exception {
    Waveform out = run(tone(200, 800), new AudioSteps.Silence(0.5, 0.01));
    assertThat(out.length()).isEqualTo(880);
    for (int i = 400; i < 480; i++) {
      assertThat(out.samples()[i]).isZero();
    }
  }

  @Test
  void gain_scalesByDecibels() throws Exception {
    Waveform out = run(tone(200, 800), new AudioSteps.Gain(-6.0206));
    assertThat(rms(out.samples()) / rms(tone(200, 800).samples())).isCloseTo(0.5, within(1e-3));
  }

  @Property(tries = 20)
  void noise_hitsTheRequestedSnr(@ForAll @DoubleRange(min = 0, max = 30) double snr, @ForAll long seed)
      throws Exception {
    Waveform clean = tone(300, 16000);
    Waveform noisy = run(clean, new AudioSteps.Noise(snr, seed));
    float[] a = clean.samples(), b = noisy.samples();
    double sig = 0, noise = 0;
    for (int i = 0; i < a.length; i++) {
      sig += a[i] * (double) a[i];
      noise += (b[i] - a[i]) * (double) (b[i] - a[i]);
    }
    assertThat(10 * Math.log10(sig / noise)).isCloseTo(snr, within(0.3));
  }

  @Test
  void shift_movesSamplesAndZeroFills() throws Exception {
    Waveform w = new Waveform(new float[] {1, 2, 3, 4}, RATE);
    assertThat(run(w, new AudioSteps.Shift(0.5, false)).samples()).containsExactly(0, 0, 1, 2);
    assertThat(run(w, new AudioSteps.Shift(-0.25, true)).samples()).containsExactly(2, 3, 4, 1);
  }

  @Test
  void specAugmentMasks_zeroTheirBandsOnly() throws Exception {
    float[] v = new float[10 * 20];
    java.util.Arrays.fill(v, 1);
    Spectrogram spec = new Spectrogram(10, 20, v);
    Spectrogram out = AudioAugmenter.of(Pipeline.builder().setSeed(0).build()).replay("s", spec,
        AugmentParams.of(new AudioSteps.TimeMask(0.25, 0.25), new AudioSteps.FrequencyMask(0.5, 0.2)));
    int zeros = 0;
    for (int f = 0; f < 10; f++) {
      for (int t = 0; t < 20; t++) {
        boolean masked = (t >= 5 && t < 10) || (f >= 5 && f < 7);
        assertThat(out.get(f, t)).isEqualTo(masked ? 0f : 1f);
        zeros += masked ? 1 : 0;
      }
    }
    assertThat(zeros).isEqualTo(5 * 10 + 2 * 15);
  }

  @Property(tries = 30)
  void pipeline_isDeterministicPerIndex(@ForAll @IntRange(min = 0, max = 1000) int index) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(4).add(AudioOps.speed(0.5, 0.9, 1.1)).add(AudioOps.timeStretch(0.5, 0.8, 1.2))
        .add(AudioOps.silence(0.5, 0, 0.05)).add(AudioOps.gain(0.5, -6, 6)).add(AudioOps.noise(0.5, 10, 30))
        .add(AudioOps.shift(0.5, 0.2)).build();
    AudioAugmenter aug = AudioAugmenter.of(p);
    Waveform w = tone(250, 4000);
    assertThat(aug.apply("c", w, 1, index).samples()).containsExactly(aug.apply("c", w, 1, index).samples());
  }

  @Test
  void badAudio_isRejectedNamingTheSample() {
    AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(0).build());
    assertThatThrownBy(() -> aug.apply("clip-9", new Waveform(new float[0], RATE), 0, 0))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("sample clip-9").hasMessageContaining("0 samples");
    assertThatThrownBy(() -> aug.apply("clip-8", new Waveform(new float[] {0, Float.NaN}, RATE), 0, 0))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("NaN at position 1");
    assertThatThrownBy(() -> new Waveform(new float[1], 0)).hasMessageContaining("sampleRate must be > 0: 0");
  }

  @Test
  void frequencyMaskOnWaveform_isAMisuseNamingTheStep() {
    // A time mask applies to samples too (AudioEffectsTest); a waveform has no frequency bins.
    AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(0).add(AudioOps.frequencyMask(1, 0.2)).build());
    assertThatThrownBy(() -> aug.apply("c", tone(100, 100), 0, 0)).hasMessageContaining("does not apply to a waveform");
  }
}
