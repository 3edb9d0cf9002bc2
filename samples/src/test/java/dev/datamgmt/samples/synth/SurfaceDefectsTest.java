package dev.datamgmt.samples.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-written generator: exact boxes, deterministic across threads, configuration as validated JSON. */
class SurfaceDefectsTest {
  private static final SurfaceDefects.Config CONFIG = new SurfaceDefects.Config(64, 3, Distribution.uniform(4, 16));

  @Test
  void run_commitsPlatesWithProvenance_regeneratesFromIt_andWritesAPreview(@TempDir Path dir) throws Exception {
    DatasetVersion v = SurfaceDefects.run(dir, 60);   // throws if the rebuilt generator's sample 17 differs
    assertEquals(60, v.size());
    assertEquals("surface-defects", v.commit().provenance().orElseThrow().steps().get(0).settings().get("generator"));
    assertTrue(ImageIO.read(dir.resolve("defects.png").toFile()).getWidth() > 200);
    assertEquals(v.id(), SurfaceDefects.run(dir, 60).id(), "the same job again commits nothing new");
  }

  @Test
  void aLoneDefectsBox_isExactlyTheBoundsOfItsPixels() throws Exception {
    Generator g = CONFIG.newGenerator();
    int checked = 0;
    for (int i = 0; i < 200; i++) {
      GeneratedSample s = Synth.sample(g, 5, i);
      BoxesLabel label = (BoxesLabel) s.label().orElseThrow();
      assertEquals(label.boxes().size(), s.attributes().get("defects"));
      if (label.boxes().size() != 1) {
        continue;
      }
      Box box = label.boxes().get(0);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.data().bytes()));
      // plates stay within 70..190; spots are painted at 20..59, scratches at 215..254
      int[] bounds = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int v = img.getRaster().getSample(x, y, 0);
          if (box.classIndex() == SurfaceDefects.SPOT ? v < 60 : v >= 215) {
            bounds = new int[] {Math.min(bounds[0], x), Math.min(bounds[1], y), Math.max(bounds[2], x + 1),
                Math.max(bounds[3], y + 1)};
          } else {
            assertTrue(v > 60 && v < 215 || box.classIndex() == SurfaceDefects.SPOT && v >= 215
                || box.classIndex() == SurfaceDefects.SCRATCH && v < 60, "sample " + i + " pixel " + v);
          }
        }
      }
      assertEquals(new Box(bounds[0], bounds[1], bounds[2], bounds[3], box.classIndex()), box, "sample " + i);
      checked++;
    }
    assertTrue(checked > 20, "only " + checked + " plates with one defect");
  }

  @Test
  void commit_isTheSameVersionForAnyThreadCount() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DatasetVersion one = Synth.commit(CONFIG.newGenerator()).setRepository(Repository.init(new InMemoryBlobStore(),
        clock)).setSeed(1).setRange(0, 50).optClock(clock).build().run();
    DatasetVersion two = Synth.commit(CONFIG.newGenerator()).setRepository(Repository.init(new InMemoryBlobStore(),
        clock)).setSeed(1).setRange(0, 50).optClock(clock).optThreads(2).optChunk(7).build().run();
    assertEquals(one.id(), two.id());
  }

  @Test
  void config_roundTripsThroughJson_andRefusesBadSettings() throws Exception {
    Generators.register(SurfaceDefects.Config.NAME, SurfaceDefects.Config.class);
    assertEquals(CONFIG, Generators.readConfig(Generators.writeConfig(CONFIG)));
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> new SurfaceDefects.Config(64, 3, Distribution.uniform(4, 40)));
    assertTrue(e.getMessage().contains("surface-defects.defectSize"), e.getMessage());
    assertThrows(InvalidSettingException.class, () -> new SurfaceDefects.Config(16, 3, Distribution.uniform(4, 8)));
    assertThrows(InvalidSettingException.class, () -> new SurfaceDefects.Config(64, 17, Distribution.uniform(4, 8)));
    String tooLarge = Generators.writeConfig(CONFIG).replace("\"size\":64", "\"size\":4096");
    assertThrows(dev.datamgmt.core.error.InvalidDataException.class, () -> Generators.readConfig(tooLarge));
  }
}
