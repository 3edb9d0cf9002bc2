package dev.datamgmt.samples.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Label Studio round trip: tasks with predictions out, annotations in, QA finds the careless annotator, v2. */
class LabelStudioRoundTripTest {
  @Test
  void roundTrip_exportsTasks_importsAnswers_findsTheCarelessAnnotator_andCommitsTheLabels(@TempDir Path dir)
      throws Exception {
    LabelStudioRoundTrip.Result r = LabelStudioRoundTrip.run(dir, 80, null);
    JsonNode tasks = new ObjectMapper().readTree(dir.resolve("tasks.json").toFile());
    assertEquals(80, tasks.size());
    for (JsonNode t : tasks) {
      assertEquals("nearest-centroid-v1", t.path("predictions").path(0).path("model_version").asText(), t.toString());
      assertTrue(Files.exists(dir.resolve("media").resolve(t.path("data").path("record_id").asText() + ".png")));
    }
    assertTrue(Files.readString(dir.resolve("labeling-config.xml")).contains("Ankle boot"));
    assertEquals(80, r.tasks());
    assertEquals(240, r.annotations());
    double carol = r.estimatedAccuracy().get("labelstudio:carol@example.com");
    assertTrue(r.estimatedAccuracy().get("labelstudio:alice@example.com") > carol + 0.2, r.estimatedAccuracy()
        .toString());
    assertTrue(r.estimatedAccuracy().get("labelstudio:bob@example.com") > carol + 0.2, r.estimatedAccuracy()
        .toString());
    assertTrue(r.fleissKappa() > 0.5 && r.fleissKappa() < 0.95, "kappa " + r.fleissKappa());
    // Dawid-Skene with one careful, one nearly careful and one careless annotator recovers the true classes
    assertEquals(80, r.recordsLabelled());
    assertTrue(r.correct() >= 78, r.correct() + " of 80 labels are the true class");
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      DatasetVersion v2 = repo.checkout("main");
      assertEquals(r.v2(), v2.id().toString());
      assertEquals(r.v1(), repo.log("main").get(1).id().toString());
      Provenance p = v2.commit().provenance().orElseThrow();
      assertTrue(p.sources().stream().anyMatch(s -> s.id().equals("labelstudio:carol@example.com")), p.toString());
    }
  }

  @Test
  void anExportForRecordsOfAnotherVersion_isRefusedNamingTheTask(@TempDir Path dir) throws Exception {
    Path export = dir.resolve("export.json");
    Files.writeString(export, "[{\"id\": 7, \"data\": {\"image\": \"x\", \"record_id\": \"img-9999\"},"
        + " \"annotations\": []}]");
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> LabelStudioRoundTrip.run(dir.resolve("out"), 10, export));
    assertTrue(e.getMessage().contains("task 7"), e.getMessage());
  }
}
