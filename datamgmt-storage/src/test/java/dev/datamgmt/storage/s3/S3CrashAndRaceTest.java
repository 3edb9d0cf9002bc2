package dev.datamgmt.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.storage.testing.ChildJvm;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.storage.testing.StoreChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety and create-if-absent between processes on a real S3 server. */
class S3CrashAndRaceTest {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void put_whenWriterIsKilledMidMultipartUpload_leavesNoObject_andKeepsTheOldOne() throws Exception {
    String prefix = "crash-" + UUID.randomUUID() + "/";
    try (S3BlobStore store = S3.storeBuilder().optPrefix(prefix).build()) {
      store.put("big/existing", "old content".getBytes(UTF_8));
    }
    for (String key : new String[] {"big/new", "big/existing"}) {
      try (ChildJvm child = ChildJvm.start(StoreChild.class, StoreChild.s3Spec(S3.server(), prefix), "write-forever", key)) {
        child.awaitLine("WRITING", START); // more than two 5 MiB parts handed to the upload by now
        // Proof that the kill lands mid-write: the server holds an unfinished multipart upload for the key.
        long deadline = System.nanoTime() + START.toNanos();
        while (S3.server().client().listMultipartUploads(r -> r.bucket(S3.bucket()).prefix(prefix + key)).join()
            .uploads().isEmpty()) {
          assertThat(System.nanoTime()).as("an upload in progress for %s", key).isLessThan(deadline);
          Thread.sleep(20);
        }
        child.kill();
      }
    }
    try (S3BlobStore store = S3.storeBuilder().optPrefix(prefix).build()) {
      assertThat(store.exists("big/new")).isFalse();
      assertThat(store.get("big/existing")).isEqualTo("old content".getBytes(UTF_8));
      assertThat(store.listAll("").map(BlobInfo::key).toList()).containsExactly("big/existing");
    }
  }

  @Test
  void putIfAbsent_racedByThreadsInTwoProcesses_hasExactlyOneWinnerPerRound() throws Exception {
    String prefix = "race-" + UUID.randomUUID() + "/";
    Path go = tmp.resolve("go");
    int rounds = 20;
    String spec = StoreChild.s3Spec(S3.server(), prefix);
    Map<String, List<String>> winners = new HashMap<>();
    try (ChildJvm a = ChildJvm.start(StoreChild.class, spec, "race", "" + rounds, "4", "A", go.toString());
        ChildJvm b = ChildJvm.start(StoreChild.class, spec, "race", "" + rounds, "4", "B", go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      Files.createFile(go);
      assertThat(a.waitFor(START)).as("child A: %s", a.lines()).isZero();
      assertThat(b.waitFor(START)).as("child B: %s", b.lines()).isZero();
      for (ChildJvm c : List.of(a, b)) {
        for (String line : c.lines()) {
          if (line.startsWith("WON ")) {
            String[] parts = line.split(" ");
            winners.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[2]);
          }
        }
      }
    }
    try (S3BlobStore store = S3.storeBuilder().optPrefix(prefix).build()) {
      for (int r = 0; r < rounds; r++) {
        String key = "race/" + r;
        assertThat(winners.get(key)).as("winners of %s", key).hasSize(1);
        assertThat(new String(store.get(key), UTF_8)).isEqualTo(winners.get(key).get(0));
      }
    }
  }

  @Test
  void appendLog_byThreadsInTwoProcesses_losesNoEntry() throws Exception {
    String prefix = "log-" + UUID.randomUUID() + "/";
    Path go = tmp.resolve("go");
    int entries = 8;
    int threads = 3;
    String spec = StoreChild.s3Spec(S3.server(), prefix);
    try (ChildJvm a = ChildJvm.start(StoreChild.class, spec, "append", "" + entries, "" + threads, "A", go.toString());
        ChildJvm b = ChildJvm.start(StoreChild.class, spec, "append", "" + entries, "" + threads, "B", go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      Files.createFile(go);
      assertThat(a.waitFor(START)).as("child A: %s", a.lines()).isZero();
      assertThat(b.waitFor(START)).as("child B: %s", b.lines()).isZero();
    }
    try (S3BlobStore store = S3.storeBuilder().optPrefix(prefix).build()) {
      List<BlobInfo> log = store.listAll("log/").toList();
      int total = 2 * threads * entries;
      assertThat(log).hasSize(total);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < total; i++) {
        assertThat(log.get(i).key()).isEqualTo(String.format("log/%08d", i));
        seen.add(new String(store.get(log.get(i).key()), UTF_8));
      }
      assertThat(seen).hasSize(total);
    }
  }
}
