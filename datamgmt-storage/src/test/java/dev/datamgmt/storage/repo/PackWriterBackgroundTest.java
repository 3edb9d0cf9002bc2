package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs are written by a background thread: flush and close wait for it, and a write that fails there is thrown
 * by the writer's next call, with nothing already stored lost or damaged.
 */
class PackWriterBackgroundTest {
  @TempDir Path root;

  private static byte[] blob(SplittableRandom random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  @Test
  void flushAndClose_returnOnlyOnceEveryPackIsStored() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      Repository repo = Repository.init(store);
      List<byte[]> blobs = new ArrayList<>();
      List<BlobRef> refs = new ArrayList<>();
      PackWriter w = repo.newPackWriter(10_000);
      for (int i = 0; i < 50; i++) {
        byte[] b = blob(random, 3_000);
        blobs.add(b);
        refs.add(w.put(b, "application/octet-stream"));
      }
      w.flush();
      // every blob put before flush returned is in a written pack: readable through a fresh repository
      Repository reopened = Repository.open(store);
      for (int i = 0; i < blobs.size(); i++) {
        assertThat(reopened.objects().readBlob(refs.get(i).hash())).isEqualTo(blobs.get(i));
      }
      int packsAfterFlush = w.packsWritten();
      assertThat(packsAfterFlush).isEqualTo(13); // a pack every 4 blobs (12,000 bytes >= 10,000), then the last 2
      assertThat(w.blobsWritten()).isEqualTo(50);
      byte[] last = blob(random, 100);
      BlobRef lastRef = w.put(last, "application/octet-stream");
      w.close();
      assertThat(w.packsWritten()).isEqualTo(packsAfterFlush + 1);
      assertThat(Repository.open(store).objects().readBlob(lastRef.hash())).isEqualTo(last);
      assertThat(Repository.open(store).fsck().isClean()).isTrue();
    }
  }

  @Test
  void aFailedBackgroundWrite_isThrownByTheNextCall_andLosesNothingStored() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      Repository repo = Repository.init(store);
      byte[] kept = blob(random, 2_000);
      BlobRef keptRef;
      try (PackWriter w = repo.newPackWriter(1_000)) {
        keptRef = w.put(kept, "application/octet-stream");
      }
      DatasetVersion v1 = repo.commit("main").setMessage("v1")
          .addRecord(Record.builder("r1").setBlob(keptRef).optLabel(ClassLabel.of(1)).build()).commit();
      long packsBefore = store.listAll("packs/").count();

      // the store's temporary folder becomes a file: every write fails (a real I/O error from the file system)
      Path tmp = root.resolve(FileSystemBlobStore.RESERVED).resolve("tmp");
      try (var s = Files.list(tmp)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(tmp);
      Files.writeString(tmp, "in the way");

      PackWriter w = repo.newPackWriter(1_000);
      w.put(blob(random, 600), "application/octet-stream");
      w.put(blob(random, 600), "application/octet-stream"); // fills the pack: written (and failing) in the background
      assertThatThrownBy(w::flush).isInstanceOf(DataException.class);
      // the writer accepts nothing after a failed write
      assertThatThrownBy(() -> w.put(blob(random, 10), "application/octet-stream"))
          .isInstanceOf(DataException.class);
      assertThatThrownBy(w::close).isInstanceOf(DataException.class);

      Files.delete(tmp);
      Files.createDirectories(tmp);
      Repository reopened = Repository.open(store);
      assertThat(store.listAll("packs/").count()).isEqualTo(packsBefore);
      assertThat(reopened.checkout(v1.id()).readBlob(keptRef)).isEqualTo(kept);
      assertThat(reopened.fsck().isClean()).isTrue();
    }
  }
}
