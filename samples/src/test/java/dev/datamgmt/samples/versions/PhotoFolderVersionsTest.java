package dev.datamgmt.samples.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.MergeResult;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder story: the new photos and the reviewed label both reach main; nothing else changes. */
class PhotoFolderVersionsTest {
  @Test
  void reviewAndNewPhotos_bothReachMain_andTheDiffShowsExactlyThem(@TempDir Path dir) throws Exception {
    PhotoFolderVersions.Result r = PhotoFolderVersions.run(dir, 200, 20);
    assertEquals(MergeResult.Outcome.MERGED, r.merge());
    Diff d = r.sinceV1();
    assertEquals(20, d.added().size());
    assertEquals(0, d.removed().size());
    assertEquals(1, d.changed().size());
    assertEquals(1, d.labelChanges().size());
    assertTrue(r.fsckClean());
    assertEquals(0, r.gcDeleted(), "everything is reachable or within the grace period");
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      DatasetVersion v1 = repo.checkout("v1");
      DatasetVersion main = repo.checkout("main");
      assertEquals(200, v1.size());
      assertEquals(220, main.size());
      String id = d.labelChanges().get(0).id();
      assertEquals(ClassLabel.of(3), main.record(id).orElseThrow().label().orElseThrow());
      assertNotEquals(ClassLabel.of(3), v1.record(id).orElseThrow().label().orElseThrow());
      assertTrue(id.startsWith(PhotoFolderVersions.FOLDERS.get(8) + "/"), id + ": labels come from the folders");
      assertEquals(4, repo.log("main").size(), "import, review, new photos, merge");
    }
  }
}
