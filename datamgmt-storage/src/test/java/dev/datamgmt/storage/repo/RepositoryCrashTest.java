package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.GcReport;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a committing process, at chosen points of a commit and at arbitrary moments: the previous head
 * stays intact, the repository stays valid, and the only debris is unreferenced objects that gc removes.
 */
class RepositoryCrashTest {
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path tmp;

  private ContentHash seed(Path root) throws Exception {
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      Repository repo = Repository.init(store);
      var b = repo.commit("main").setMessage("seed");
      for (int i = 0; i < 3; i++) {
        b.addRecord(Record.builder("old-" + i).setBlob(b.putBlob(("old " + i).getBytes(UTF_8), "text/plain"))
            .optLabel(ClassLabel.of(0)).build());
      }
      return b.commit().id();
    }
  }

  private static Set<String> keys(FileSystemBlobStore store) {
    return store.listAll("").map(BlobInfo::key).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "kill {0} the first write to {1} (packed: {2})")
  @CsvSource({
      "after, objects/, false",      // some blobs stored, nothing else
      "after, manifests/, false",    // all blobs and the manifest stored
      "after, commits/, false",      // everything but the ref entry
      "before, refs/heads/, false",  // about to move the branch
      "after, packs/, true",         // a pack written, its index not yet
      "after, manifests/, true",     // pack, index and manifest stored
  })
  void commit_killedAtAPoint_leavesThePreviousHeadAndOnlyUnreferencedObjects(String when, String prefix,
      boolean packed) throws Exception {
    Path root = tmp.resolve("repo");
    ContentHash before = seed(root);
    Set<String> keysBefore;
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      keysBefore = keys(store);
    }
    try (ChildJvm child = ChildJvm.start(CommitChild.class, packed ? "pause-packed" : "pause", root.toString(), when,
        prefix)) {
      String paused = child.awaitLine("PAUSED " + prefix, START);
      assertThat(paused).startsWith("PAUSED " + prefix);
      child.kill();
    }
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      Repository repo = Repository.open(store);
      assertThat(repo.head("main")).contains(before);
      DatasetVersion v = repo.checkout("main");
      assertThat(v.records()).extracting(Record::id).containsExactly("old-0", "old-1", "old-2");
      FsckReport fsck = repo.fsck();
      assertThat(fsck.problems()).isEmpty();
      Set<String> debris = keys(store);
      debris.removeAll(keysBefore);
      assertThat(debris).allMatch(k -> k.startsWith("objects/") || k.startsWith("manifests/") || k.startsWith("commits/")
          || k.startsWith("packs/"));
      if (packed) {
        assertThat(debris).anyMatch(k -> k.endsWith(".pack"));
        assertThat(debris.stream().anyMatch(k -> k.endsWith(".idx"))).isEqualTo(prefix.equals("manifests/"));
      }
      if (!when.equals("before") || !prefix.equals("objects/")) {
        assertThat(debris).isNotEmpty(); // the kill really happened mid-commit
      }
      Thread.sleep(10);
      GcReport gc = repo.gc(Duration.ZERO);
      assertThat(gc.deleted()).isEqualTo(debris.size());
      assertThat(keys(store)).isEqualTo(keysBefore);
      assertThat(repo.fsck().isClean()).isTrue();
      // and the repository takes the next commit normally
      var b = repo.commit("main").setMessage("after the crash");
      b.addRecord(Record.builder("new").setBlob(b.putBlob("fresh".getBytes(UTF_8), "text/plain")).build());
      assertThat(b.commit().commit().parents()).containsExactly(before);
    }
  }

  @Test
  void twoProcessesCommittingToOneBranch_loseNoUpdate() throws Exception {
    Path root = tmp.resolve("repo");
    seed(root);
    Path go = tmp.resolve("go");
    int n = 10;
    int conflicts = 0;
    try (ChildJvm a = ChildJvm.start(CommitChild.class, "race", root.toString(), "A", "" + n, go.toString());
        ChildJvm b = ChildJvm.start(CommitChild.class, "race", root.toString(), "B", "" + n, go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      java.nio.file.Files.createFile(go);
      assertThat(a.waitFor(START)).isZero();
      assertThat(b.waitFor(START)).isZero();
      for (ChildJvm c : List.of(a, b)) {
        for (String l : c.lines()) {
          if (l.startsWith("CONFLICTS ")) {
            conflicts += Integer.parseInt(l.substring(10));
          }
        }
      }
    }
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      Repository repo = Repository.open(store);
      DatasetVersion head = repo.checkout("main");
      for (String who : List.of("A", "B")) {
        for (int i = 0; i < n; i++) {
          assertThat(head.record(who + "-" + i)).as("%s-%d", who, i).isPresent();
        }
      }
      // a linear history: every commit built on the one before, whatever number of conflicts it took
      assertThat(repo.log("main")).as("history after %d conflicts", conflicts).hasSize(2 * n + 1);
      assertThat(repo.fsck().isClean()).isTrue();
    }
  }

  @Test
  void commitLoop_killedAtArbitraryMoments_alwaysLeavesAValidRepository() throws Exception {
    Path root = tmp.resolve("repo");
    seed(root);
    java.util.Random random = new java.util.Random(42);
    int lastCommitted = -1;
    for (int round = 0; round < 2; round++) {
      try (ChildJvm child = ChildJvm.start(CommitChild.class, "loop", root.toString())) {
        child.awaitLine("COMMITTED", START);
        Thread.sleep(random.nextInt(200));
        child.kill();
        List<String> lines = child.lines();
        for (String l : lines) {
          if (l.startsWith("COMMITTED ")) {
            lastCommitted = Math.max(lastCommitted, Integer.parseInt(l.substring(10)));
          }
        }
      }
      try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
        Repository repo = Repository.open(store);
        FsckReport fsck = repo.fsck();
        assertThat(fsck.problems()).isEmpty();
        DatasetVersion head = repo.checkout("main");
        // every commit the child reported is in the head (each loop commit builds on the previous one)
        assertThat(head.record("loop-" + lastCommitted)).isPresent();
        for (Record r : head) {
          if (r.blob().isPresent()) {
            head.readBlob(r.blob().get());
          }
        }
      }
    }
  }
}
