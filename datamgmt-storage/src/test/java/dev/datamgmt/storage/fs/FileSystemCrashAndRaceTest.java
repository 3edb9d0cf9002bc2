package dev.datamgmt.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.storage.testing.ChildJvm;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety and compare-and-swap between processes, with real second JVMs. */
class FileSystemCrashAndRaceTest {
  @TempDir Path tmp;

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void put_whenWriterIsKilledMidWrite_leavesNoPartialObject_andKeepsTheOldOne() throws Exception {
    Path root = tmp.resolve("store");
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      store.put("big/existing", "old content".getBytes(UTF_8));
    }
    for (String key : new String[] {"big/new", "big/existing"}) {
      try (ChildJvm child = ChildJvm.start(StoreChild.class, StoreChild.fsSpec(root), "write-forever", key)) {
        child.awaitLine("WRITING", START);
        Path tmpDir = root.resolve(FileSystemBlobStore.RESERVED).resolve("tmp");
        // Proof that the kill lands mid-write: megabytes of the object are on disk, under a temporary name.
        assertThat(sizeOfTemporaries(tmpDir)).isGreaterThan(1L << 20);
        child.kill();
      }
    }
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      assertThat(store.exists("big/new")).isFalse();
      assertThatThrownBy(() -> store.get("big/new")).isInstanceOf(NotFoundException.class);
      assertThat(store.get("big/existing")).isEqualTo("old content".getBytes(UTF_8));
      assertThat(store.listAll("").map(BlobInfo::key).toList()).containsExactly("big/existing");
    }
  }

  private static long sizeOfTemporaries(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void putIfAbsent_racedByThreadsInTwoProcesses_hasExactlyOneWinnerPerRound() throws Exception {
    Path root = tmp.resolve("store");
    Files.createDirectories(root);
    Path go = tmp.resolve("go");
    int rounds = 200;
    try (ChildJvm a = ChildJvm.start(StoreChild.class, StoreChild.fsSpec(root), "race", "" + rounds, "4", "A", go.toString());
        ChildJvm b = ChildJvm.start(StoreChild.class, StoreChild.fsSpec(root), "race", "" + rounds, "4", "B", go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      Files.createFile(go);
      assertThat(a.waitFor(START)).isZero();
      assertThat(b.waitFor(START)).isZero();
      Map<String, List<String>> winners = new HashMap<>();
      for (ChildJvm c : List.of(a, b)) {
        for (String line : c.lines()) {
          if (line.startsWith("WON ")) {
            String[] parts = line.split(" ");
            winners.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[2]);
          }
        }
      }
      try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
        for (int r = 0; r < rounds; r++) {
          String key = "race/" + r;
          assertThat(winners.get(key)).as("winners of %s", key).hasSize(1);
          assertThat(new String(store.get(key), UTF_8)).isEqualTo(winners.get(key).get(0));
        }
      }
      Set<Character> processesThatWon = new HashSet<>();
      winners.values().forEach(w -> processesThatWon.add(w.get(0).charAt(0)));
      // Not a correctness condition, but if one process always won, the race never happened.
      assertThat(processesThatWon).as("processes that won at least one round").containsExactlyInAnyOrder('A', 'B');
    }
  }

  @Test
  void appendLog_byThreadsInTwoProcesses_losesNoEntry() throws Exception {
    Path root = tmp.resolve("store");
    Files.createDirectories(root);
    Path go = tmp.resolve("go");
    int entries = 50;
    int threads = 3;
    try (ChildJvm a = ChildJvm.start(StoreChild.class, StoreChild.fsSpec(root), "append", "" + entries, "" + threads, "A", go.toString());
        ChildJvm b = ChildJvm.start(StoreChild.class, StoreChild.fsSpec(root), "append", "" + entries, "" + threads, "B", go.toString())) {
      a.awaitLine("READY", START);
      b.awaitLine("READY", START);
      Files.createFile(go);
      assertThat(a.waitFor(START)).isZero();
      assertThat(b.waitFor(START)).isZero();
    }
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
      List<BlobInfo> log = store.listAll("log/").toList();
      int total = 2 * threads * entries;
      assertThat(log).hasSize(total);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < total; i++) {
        assertThat(log.get(i).key()).isEqualTo(String.format("log/%08d", i)); // no gaps
        seen.add(new String(store.get(log.get(i).key()), UTF_8));
      }
      for (String p : List.of("A", "B")) {
        for (int t = 0; t < threads; t++) {
          for (int i = 0; i < entries; i++) {
            assertThat(seen).contains(p + "-" + t + "#" + i);
          }
        }
      }
    }
  }
}
