package dev.datamgmt.samples.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCR-lines sample commits labelled lines whose word boxes match their text and lie in the image. */
class OcrLinesTest {
  @Test
  void run_commitsLinesWithTextAndWordBoxes_andAPreview_andIsIdempotent(@TempDir Path dir) throws Exception {
    DatasetVersion committed = OcrLines.run(dir, 40);
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build()) {
      check(Repository.open(store).checkout("ocr-lines"), dir);
      assertEquals(committed.id(), Repository.open(store).checkout("ocr-lines").id());
    }
    assertEquals(committed.id(), OcrLines.run(dir, 40).id(), "the same job again commits nothing new");
  }

  private static void check(DatasetVersion v, Path dir) throws Exception {
    assertEquals(40, v.size());
    ObjectMapper json = new ObjectMapper();
    for (Record r : v) {
      String text = ((TextLabel) r.label().orElseThrow()).text();
      assertFalse(text.isBlank(), r.id());
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(v.readBlob(r.blob().orElseThrow())));
      JsonNode words = json.readTree(v.readBlob(r.blob(OcrLinesConfig.BOXES_BLOB).orElseThrow())).get("words");
      assertEquals(text.split(" ").length, words.size(), r.id() + " \"" + text + "\"");
      for (JsonNode w : words) {
        assertTrue(text.contains(w.get("text").asText()), r.id());
        JsonNode box = w.get("box");
        assertTrue(box.get(0).asDouble() >= -1 && box.get(2).asDouble() <= img.getWidth() + 1
            && box.get(1).asDouble() >= -1 && box.get(3).asDouble() <= img.getHeight() + 1
            && box.get(0).asDouble() < box.get(2).asDouble(), r.id() + " word box " + box + " in "
            + img.getWidth() + "x" + img.getHeight());
      }
    }
    Map<String, String> step = v.commit().provenance().map(Provenance::steps).orElseThrow().get(0).settings();
    assertEquals("ocr-lines", step.get("generator"));
    assertEquals("7", step.get("seed"));
    BufferedImage preview = ImageIO.read(dir.resolve("ocr-lines.png").toFile());
    assertNotNull(preview);
    assertTrue(preview.getWidth() >= 200 && preview.getHeight() >= 100, preview.getWidth() + "x" + preview.getHeight());
  }
}
