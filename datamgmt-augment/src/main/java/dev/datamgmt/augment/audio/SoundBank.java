package dev.datamgmt.augment.audio;

import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Recorded sounds that audio operations draw from: background noises for {@link AudioOps#backgroundNoise} and room
 * impulse responses for {@link AudioOps#impulseResponse}. Read from a folder of WAV files the application ships
 * (nothing is downloaded); an operation records which sound it drew as a number in {@code [0, 1)}, so recorded
 * parameters replay with the same bank.
 *
 * <pre>{@code
 * AudioAugmenter aug = AudioAugmenter.of(pipeline)
 *     .withNoises(SoundBank.readFolder(Path.of("noises")))
 *     .withImpulseResponses(SoundBank.readFolder(Path.of("rirs")));
 * }</pre>
 */
public final class SoundBank {
  private final List<Waveform> sounds;

  private SoundBank(List<Waveform> sounds) {
    if (sounds.isEmpty()) {
      throw new IllegalArgumentException("a sound bank needs at least one sound");
    }
    this.sounds = List.copyOf(sounds);
  }

  /** A bank of these sounds (at least one). */
  public static SoundBank of(List<Waveform> sounds) {
    return new SoundBank(sounds);
  }

  /**
   * Reads every {@code .wav} file of {@code dir} (sorted by name, so the bank's order is stable): PCM 8, 16, 24 or
   * 32 bit, any channel count (mixed down to mono).
   *
   * @throws UnsupportedFormatException if a file is not a PCM WAV file, or the folder has none, naming the path
   * @throws IOException if the folder or a file cannot be read
   */
  public static SoundBank readFolder(Path dir) throws IOException, UnsupportedFormatException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")).sorted()
          .toList();
    }
    if (files.isEmpty()) {
      throw new UnsupportedFormatException("no sounds in folder", dir.toString(), "at least one .wav file",
          "none");
    }
    List<Waveform> sounds = new ArrayList<>(files.size());
    for (Path f : files) {
      sounds.add(readWav(f));
    }
    return new SoundBank(sounds);
  }

  /**
   * Reads one PCM WAV file as a mono waveform with samples on {@code [-1, 1)}.
   *
   * @throws UnsupportedFormatException if it is not a PCM WAV file or has no samples, naming the path
   * @throws IOException if it cannot be read
   */
  public static Waveform readWav(Path file) throws IOException, UnsupportedFormatException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioFormat f = in.getFormat();
      int bytes = f.getSampleSizeInBits() / 8, channels = f.getChannels();
      boolean signed = f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED;
      if ((!signed && f.getEncoding() != AudioFormat.Encoding.PCM_UNSIGNED) || bytes < 1 || bytes > 4
          || f.getSampleSizeInBits() % 8 != 0) {
        throw new UnsupportedFormatException("unsupported WAV encoding", file.toString(),
            "PCM, 8, 16, 24 or 32 bit", f.toString());
      }
      byte[] data = in.readAllBytes();
      int frames = data.length / (bytes * channels);
      if (frames == 0) {
        throw new UnsupportedFormatException("empty WAV file", file.toString(), "at least one sample", "0 frames");
      }
      ByteBuffer buf = ByteBuffer.wrap(data).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[frames];
      double scale = Math.pow(2, 8 * bytes - 1);
      for (int i = 0; i < frames; i++) {
        double sum = 0;
        for (int ch = 0; ch < channels; ch++) {
          long v = 0;
          int pos = (i * channels + ch) * bytes;
          for (int k = 0; k < bytes; k++) {
            int b = buf.get(pos + (f.isBigEndian() ? k : bytes - 1 - k)) & 0xff;
            v = (v << 8) | b;
          }
          if (signed) {
            v = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);
          } else {
            v -= (long) scale;
          }
          sum += v / scale;
        }
        out[i] = (float) (sum / channels);
      }
      return new Waveform(out, Math.round(f.getSampleRate()));
    } catch (UnsupportedAudioFileException e) {
      throw new UnsupportedFormatException("not a WAV file", file.toString(), "a PCM WAV file", e.getMessage(), e);
    }
  }

  /** Number of sounds. */
  public int size() {
    return sounds.size();
  }

  /** Sound {@code i}. */
  public Waveform get(int i) {
    return sounds.get(i);
  }

  /** The sound a draw {@code u} in {@code [0, 1)} picks: {@code floor(u * size())}. */
  public Waveform pick(double u) {
    return sounds.get(Math.min(sounds.size() - 1, (int) Math.floor(u * sounds.size())));
  }
}
