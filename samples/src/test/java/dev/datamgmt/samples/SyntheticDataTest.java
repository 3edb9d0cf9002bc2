package dev.datamgmt.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-written generator gets parallel generation, commits with provenance and previews from the SDK. */
class SyntheticDataTest {
  static {
    // The sample renders with the "DejaVu Sans" and "DejaVu Sans Mono" families; register datamgmt-synth's committed
    // copies (with their licence) so that the test needs no system fonts.
    for (String name : new String[] {"DejaVuSans.ttf", "DejaVuSansMono.ttf"}) {
      java.nio.file.Path font = java.nio.file.Path.of("../datamgmt-synth/src/test/resources/fonts/dejavu", name);
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(font)) {
        java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
            .registerFont(java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, in));
      } catch (java.io.IOException | java.awt.FontFormatException e) {
        throw new IllegalStateException("cannot load the test font " + font.toAbsolutePath(), e);
      }
    }
  }

  @Test
  void sample_commitsEveryGeneratorWithProvenance_andWritesPreviews(@TempDir Path dir) throws Exception {
    SyntheticData.main(new String[] {dir.toString()});
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      for (String branch : new String[] {"stripes", "shapes", "ocr-lines", "receipts"}) {
        DatasetVersion v = repo.checkout(branch);
        assertEquals(branch.equals("receipts") ? 40 : 200, v.size());
        Provenance p = v.commit().provenance().orElseThrow();
        Map<String, String> s = p.steps().get(0).settings();
        assertEquals(branch, s.get("generator"));
        assertEquals("2026", s.get("seed"));
        BufferedImage preview = ImageIO.read(dir.resolve("previews").resolve(branch + ".png").toFile());
        assertNotNull(preview, branch + " preview decodes");
        assertTrue(preview.getWidth() > 100);
      }
      assertTrue(repo.fsck().isClean());
      // the stripes version's provenance rebuilds the user's generator, which regenerates identical bytes
      DatasetVersion stripes = repo.checkout("stripes");
      Generator again = Generators.readConfig(
          stripes.commit().provenance().orElseThrow().steps().get(0).settings().get("configuration")).newGenerator();
      for (int i : new int[] {0, 57, 199}) {
        assertArrayEquals(stripes.readBlob(stripes.get(i).blob().orElseThrow()),
            Synth.sample(again, 2026, i).data().bytes());
      }
    }
  }

  @Test
  void userGenerator_isDeterministicAcrossThreads_andLabelsItsOrientation() throws Exception {
    Generator g = new SyntheticData.StripesConfig(32, Distribution.uniform(4, 8)).newGenerator();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DatasetVersion one = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore(), clock)).setSeed(0)
        .setRange(0, 100).optClock(clock).build().run();
    DatasetVersion two = Synth.commit(g).setRepository(Repository.init(new InMemoryBlobStore(), clock)).setSeed(0)
        .setRange(0, 100).optClock(clock).optThreads(2).optChunk(7).build().run();
    assertEquals(one.id(), two.id());
    for (int i = 0; i < 100; i++) {
      GeneratedSample s = Synth.sample(g, 0, i);
      double deg = (Double) s.attributes().get("angleDegrees");
      int expected = deg < 22.5 || deg >= 157.5 ? 1 : deg >= 67.5 && deg < 112.5 ? 0 : 2;
      assertEquals(ClassLabel.of(expected), s.label().orElseThrow());
    }
    assertThrows(InvalidSettingException.class,
        () -> new SyntheticData.StripesConfig(32, Distribution.uniform(1, 8)));
  }
}
