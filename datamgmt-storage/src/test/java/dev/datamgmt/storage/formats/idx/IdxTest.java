package dev.datamgmt.storage.formats.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  /** The Fashion-MNIST subset committed to the repository (data/fashion-mnist-subset/README.md). */
  private static final Path FASHION = Path.of(System.getProperty("basedir", "."))
      .resolve("../data/fashion-mnist-subset").normalize();

  @TempDir Path dir;

  @Test
  void read_fashionMnistTestSubset_gives2000ImagesOf28x28WithLabelsInRange() throws Exception {
    IdxDataset d = Idx.read(FASHION.resolve("t10k-images-idx3-ubyte.gz"), FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
    assertThat(d.size()).isEqualTo(2_000);
    assertThat(d.images().rows()).isEqualTo(28);
    assertThat(d.images().cols()).isEqualTo(28);
    assertThat(Arrays.stream(d.labels()).min().getAsInt()).isZero();
    assertThat(Arrays.stream(d.labels()).max().getAsInt()).isEqualTo(9);
    // The subset keeps the first 200 images of each class of the Fashion-MNIST test set.
    int[] counts = new int[10];
    for (int l : d.labels()) {
      counts[l]++;
    }
    assertThat(counts).containsOnly(200);
  }

  @Test
  void read_fashionMnistTrainSubset_gives10000ImagesOf28x28With1000PerClass() throws Exception {
    IdxDataset d = Idx.read(FASHION.resolve("train-images-idx3-ubyte.gz"),
        FASHION.resolve("train-labels-idx1-ubyte.gz"));
    assertThat(d.size()).isEqualTo(10_000);
    assertThat(d.images().rows() * d.images().cols()).isEqualTo(784);
    int[] counts = new int[10];
    for (int l : d.labels()) {
      counts[l]++;
    }
    assertThat(counts).containsOnly(1000);
  }

  @Test
  void writeThenRead_plainAndGzip_roundTripsPixelsAndLabels() throws Exception {
    byte[] pixels = new byte[3 * 2 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 11);
    }
    IdxImages images = IdxImages.of(3, 2, 4, pixels);
    int[] labels = {7, 0, 255};
    for (String suffix : new String[] {"", ".gz"}) {
      Path im = dir.resolve("im" + suffix);
      Path lb = dir.resolve("lb" + suffix);
      Idx.writeImages(images, im);
      Idx.writeLabels(labels, lb);
      IdxDataset back = Idx.read(im, lb);
      assertThat(back.images().pixels()).isEqualTo(pixels);
      assertThat(back.images().image(1)).isEqualTo(Arrays.copyOfRange(pixels, 8, 16));
      assertThat(back.labels()).isEqualTo(labels);
    }
    assertThat(Files.readAllBytes(dir.resolve("im.gz"))[0]).isEqualTo((byte) 0x1f);
  }

  @Test
  void readImages_whenMagicIsNotIdx_failsWithUnsupportedFormatNamingFile() throws Exception {
    Path f = dir.resolve("bad-magic");
    Files.write(f, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 1});
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("not an IDX file")
        .hasMessageContaining(f.toString())
        .hasMessageContaining("0x504b0304");
  }

  @Test
  void readImages_whenGivenALabelFile_failsNamingDimensions() throws Exception {
    Path f = dir.resolve("labels.gz");
    Idx.writeLabels(new int[] {1, 2}, f);
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("wrong number of IDX dimensions")
        .hasMessageContaining("1 dimension(s)");
  }

  @Test
  void readImages_whenValueTypeIsFloat_failsWithUnsupportedType() throws Exception {
    Path f = dir.resolve("float");
    Files.write(f, new byte[] {0, 0, 0x0d, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("type 0x0d");
  }

  @Test
  void readImages_whenDataIsTruncated_failsWithIntegrityCountingBytes() throws Exception {
    Path f = dir.resolve("short");
    Idx.writeImages(IdxImages.of(2, 2, 2, new byte[8]), f);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 3));
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("truncated IDX file")
        .hasMessageContaining("expected 8 data bytes after the header, found 5 bytes");
  }

  @Test
  void readImages_whenGzipStreamIsCut_failsWithIntegrity() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 100, 0, 0, 0, 28, 0, 0, 0, 28});
      byte[] noise = new byte[100 * 28 * 28];
      new java.util.Random(1).nextBytes(noise);
      gz.write(noise);
    }
    byte[] all = bytes.toByteArray();
    Path f = dir.resolve("cut.gz");
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(IntegrityException.class).hasMessageContaining(f.toString());
  }

  @Test
  void readLabels_whenTrailingBytesFollowData_failsWithIntegrity() throws Exception {
    Path f = dir.resolve("trailing");
    Files.write(f, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 4, 5, 6});
    assertThatThrownBy(() -> Idx.readLabels(f))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void read_whenImageAndLabelCountsDiffer_failsWithInvalidDataNamingBothCounts() throws Exception {
    Path im = dir.resolve("im");
    Path lb = dir.resolve("lb");
    Idx.writeImages(IdxImages.of(3, 1, 1, new byte[3]), im);
    Idx.writeLabels(new int[] {1, 2}, lb);
    assertThatThrownBy(() -> Idx.read(im, lb))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("expected 3 labels (one per image), found 2 labels");
  }

  @Test
  void readImages_whenHeaderPromisesTooMuch_failsInsteadOfAllocating() throws IOException {
    Path f = dir.resolve("huge");
    Files.write(f, new byte[] {0, 0, 8, 3, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0, 0, 0, 0, 1});
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("IDX file too large");
  }
}
