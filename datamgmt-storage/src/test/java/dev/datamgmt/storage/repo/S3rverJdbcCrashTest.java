package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.testing.ChildJvm;
import dev.datamgmt.testing.S3rverExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The crash and two-process suite of {@link RepositoryCrashTest} on s3rver (no conditional writes) with the refs in
 * SQLite: kill -9 mid-commit leaves the previous head and only unreferenced objects; two processes committing to
 * one branch lose nothing.
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverJdbcCrashTest {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();

  private static final Duration START = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private String spec;

  /** The JDBC URL of the refs (credentials inside it: the child processes get only the URL); SQLite here. */
  protected String refsUrl() throws Exception {
    return "jdbc:sqlite:" + tmp.resolve("refs.db");
  }

  private String newRepository() throws Exception {
    spec = CommitChild.s3JdbcSpec(S3RVER.server(), S3RVER.server().newPrefix(), refsUrl());
    return spec;
  }

  private ContentHash seed() throws Exception {
    try (BlobStore store = CommitChild.store(spec)) {
      Repository repo = Repository.init(store, JdbcRefStore.builder().setUrl(spec.substring(spec.lastIndexOf('|') + 1))
          .build());
      var b = repo.commit("main").setMessage("seed");
      for (int i = 0; i < 3; i++) {
        b.addRecord(Record.builder("old-" + i).setBlob(b.putBlob(("old " + i).getBytes(UTF_8), "text/plain"))
            .optLabel(ClassLabel.of(0)).build());
      }
      return b.commit().id();
    }
  }

  private static Set<String> keys(BlobStore store) {
    return store.listAll("").map(BlobInfo::key).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "kill {0} the first write to {1}")
  @CsvSource({
      "after, objects/",   // some blobs stored, nothing else
      "after, manifests/", // all blobs and the manifest stored
      "after, commits/",   // everything but the ref row
  })
  void commit_killedAtAPoint_leavesThePreviousHeadAndOnlyUnreferencedObjects(String when, String prefix)
      throws Exception {
    newRepository();
    ContentHash before = seed();
    Set<String> keysBefore;
    try (BlobStore store = CommitChild.store(spec)) {
      keysBefore = keys(store);
    }
    try (ChildJvm child = ChildJvm.start(CommitChild.class, "pause", spec, when, prefix)) {
      assertThat(child.awaitLine("PAUSED " + prefix, START)).startsWith("PAUSED " + prefix);
      child.kill();
    }
    try (BlobStore store = CommitChild.store(spec)) {
      Repository repo = CommitChild.open(store, spec);
      assertThat(repo.head("main")).contains(before);
      assertThat(repo.checkout("main").records()).extracting(Record::id).containsExactly("old-0", "old-1", "old-2");
      assertThat(repo.fsck().problems()).isEmpty();
      Set<String> debris = keys(store);
      debris.removeAll(keysBefore);
      assertThat(debris).isNotEmpty().allMatch(k -> k.startsWith("objects/") || k.startsWith("manifests/")
          || k.startsWith("commits/"));
      Thread.sleep(10);
      assertThat(repo.gc(Duration.ZERO).deleted()).isEqualTo(debris.size());
      assertThat(keys(store)).isEqualTo(keysBefore);
      var b = repo.commit("main").setMessage("after the crash");
      b.addRecord(Record.builder("new").setBlob(b.putBlob("fresh".getBytes(UTF_8), "text/plain")).build());
      assertThat(b.commit().commit().parents()).containsExactly(before);
    }
  }

  @Test
  void twoProcessesCommittingToOneBranch_loseNoUpdate() throws Exception {
    newRepository();
    seed();
    Path go = tmp.resolve("go");
    int n = 10;
    try (ChildJvm a = ChildJvm.start(CommitChild.class, "race", spec, "A", "" + n, go.toString());
        ChildJvm b = ChildJvm.start(CommitChild.class, "race", spec, "B", "" + n, go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      Files.createFile(go);
      assertThat(a.waitFor(START)).as("A: %s", a.lines()).isZero();
      assertThat(b.waitFor(START)).as("B: %s", b.lines()).isZero();
    }
    try (BlobStore store = CommitChild.store(spec)) {
      Repository repo = CommitChild.open(store, spec);
      DatasetVersion head = repo.checkout("main");
      for (String who : List.of("A", "B")) {
        for (int i = 0; i < n; i++) {
          assertThat(head.record(who + "-" + i)).as("%s-%d", who, i).isPresent();
        }
      }
      assertThat(repo.log("main")).hasSize(2 * n + 1);
      assertThat(repo.fsck().isClean()).isTrue();
    }
  }

  @Test
  void commitLoop_killedAtArbitraryMoments_alwaysLeavesAValidRepository() throws Exception {
    newRepository();
    seed();
    java.util.Random random = new java.util.Random(42);
    int lastCommitted = -1;
    for (int round = 0; round < 2; round++) {
      try (ChildJvm child = ChildJvm.start(CommitChild.class, "loop", spec)) {
        child.awaitLine("COMMITTED", START);
        Thread.sleep(random.nextInt(300));
        child.kill();
        for (String l : child.lines()) {
          if (l.startsWith("COMMITTED ")) {
            lastCommitted = Math.max(lastCommitted, Integer.parseInt(l.substring(10)));
          }
        }
      }
      try (BlobStore store = CommitChild.store(spec)) {
        Repository repo = CommitChild.open(store, spec);
        assertThat(repo.fsck().problems()).isEmpty();
        DatasetVersion head = repo.checkout("main");
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
