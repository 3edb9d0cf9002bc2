package dev.datamgmt.augment.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded noises and room impulse responses from WAV files (issue 20). */
class SoundBankTest {
  private static final int RATE = 8000;

  /** Writes 16-bit PCM, {@code channels} interleaved, through the JDK's own WAV writer. */
  private static void writeWav(Path file, float[] samples, int channels, int rate) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(samples.length * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : samples) {
      for (int c = 0; c < channels; c++) {
        b.putShort((short) Math.round(v * 32767));
      }
    }
    AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  private static float[] tone(double hz, int n, double amp) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return x;
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * (double) v;
    }
    return Math.sqrt(s / x.length);
  }

  @Test
  void readFolder_readsPcmWavFilesInNameOrder_mixingChannelsDown(@TempDir Path dir) throws Exception {
    writeWav(dir.resolve("b.wav"), tone(300, 400, 0.5), 2, RATE);
    writeWav(dir.resolve("a.wav"), tone(100, 200, 0.25), 1, RATE);
    Files.writeString(dir.resolve("notes.txt"), "not a sound");
    SoundBank bank = SoundBank.readFolder(dir);
    assertThat(bank.size()).isEqualTo(2);
    assertThat(bank.get(0).length()).isEqualTo(200);
    assertThat(bank.get(1).length()).isEqualTo(400);
    assertThat(bank.get(1).sampleRate()).isEqualTo(RATE);
    float[] want = tone(300, 400, 0.5), got = bank.get(1).samples();
    for (int i = 0; i < want.length; i++) {
      assertThat(got[i]).isCloseTo(want[i], within(1f / 32000));
    }
  }

  @Test
  void malformedWavFilesAndEmptyFolders_areTypedErrorsNamingThePath(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("broken.wav");
    Files.write(bad, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'j', 'u', 'n', 'k'});
    assertThatThrownBy(() -> SoundBank.readFolder(dir)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("broken.wav").hasMessageContaining("PCM WAV");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> SoundBank.readFolder(empty)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("at least one .wav file");
  }

  @Property(tries = 20)
  void backgroundNoise_isAddedAtTheDrawnSignalToNoiseRatio(@ForAll @DoubleRange(min = -5, max = 30) double snr)
      throws Exception {
    float[] signal = tone(440, 4000, 0.3);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
    float[] noise = new float[1500];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (rng.nextDouble() - 0.5);
    }
    AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(0).build())
        .withNoises(SoundBank.of(List.of(new Waveform(noise, RATE))));
    float[] out = aug.replay("a", new Waveform(signal, RATE),
        AugmentParams.of(new AudioSteps.BackgroundNoise(0.2, 0.7, snr))).samples();
    float[] added = new float[out.length];
    for (int i = 0; i < out.length; i++) {
      added[i] = out[i] - signal[i];
    }
    assertThat(20 * Math.log10(rms(signal) / rms(added))).isCloseTo(snr, within(0.05));
    // Looped from the drawn offset: 0.7 * 1500 = 1050.
    assertThat((double) added[0] / added[1500 - 1050]).isCloseTo(noise[1050] / (double) noise[0], within(1e-3));
  }

  @Test
  void impulseResponse_ofADelayedImpulse_delaysTheSignalAndKeepsItsLength() throws Exception {
    float[] signal = tone(440, 1000, 0.3);
    float[] ir = new float[5];
    ir[3] = 0.5f;
    AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(0).build())
        .withImpulseResponses(SoundBank.of(List.of(new Waveform(ir, RATE))));
    float[] out = aug.replay("a", new Waveform(signal, RATE), AugmentParams.of(new AudioSteps.ImpulseResponse(0.4)))
        .samples();
    assertThat(out).hasSize(1000);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i]).isCloseTo(i < 3 ? 0f : 0.5f * signal[i - 3], within(1e-7f));
    }
  }

  @Test
  void withoutABank_theOperationsAreMisusesSayingWhatToDo() {
    AudioAugmenter aug = AudioAugmenter.of(Pipeline.builder().setSeed(0).add(AudioOps.backgroundNoise(1, 5, 10))
        .add(AudioOps.impulseResponse(1)).build());
    assertThatThrownBy(() -> aug.apply("clip-4", new Waveform(tone(100, 100, 0.2), RATE), 0, 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("withNoises").hasMessageContaining("clip-4");
    assertThatThrownBy(() -> SoundBank.of(List.of())).hasMessageContaining("at least one sound");
    assertThatThrownBy(() -> AudioOps.backgroundNoise(1, 10, 5)).hasMessageContaining("audioBackgroundNoise snrDb");
  }
}
