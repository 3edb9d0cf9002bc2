package dev.datamgmt.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.train.lineage.ModelLineage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart keeps working: it runs to the end and leaves a repository and a traceable model. */
class QuickstartTest {
  @Test
  void quickstart_runsEndToEnd_andItsModelTracesToTheNewestVersion(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("quickstart");
    Quickstart.main(new String[] {out.toString()});
    assertTrue(Files.isRegularFile(out.resolve("model").resolve(ModelLineage.FILE)));
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      assertEquals(repo.resolve(Repository.DEFAULT_BRANCH),
          Lineage.trace(repo, ModelLineage.read(out.resolve("model"))).id());
      assertEquals(2, repo.log(Repository.DEFAULT_BRANCH).size());
      assertTrue(repo.fsck().isClean());
    }
  }
}
