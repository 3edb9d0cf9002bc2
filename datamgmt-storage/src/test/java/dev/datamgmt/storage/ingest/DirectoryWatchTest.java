package dev.datamgmt.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {
  @TempDir Path tmp;
  Path root;
  InMemoryBlobStore store;
  Repository repo;
  DirectoryWatch watch;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("data"));
    store = new InMemoryBlobStore();
    repo = Repository.init(store);
    watch = DirectoryWatch.open(root);
  }

  @AfterEach
  void tearDown() {
    watch.close();
    store.close();
  }

  private static void write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private IngestResult watched(String message) throws Exception {
    return DirectoryIngest.builder().setRoot(root).optWatch(watch).build()
        .commit(repo.commit("main").setMessage(message));
  }

  /** What a complete walk with no stat cache makes of the tree now: id → (blob hash, label). */
  private static TreeMap<String, String> truth(Path root) throws Exception {
    try (InMemoryBlobStore s = new InMemoryBlobStore()) {
      Repository r = Repository.init(s);
      DatasetVersion v = DirectoryIngest.builder().setRoot(root).optNoStatCache().build()
          .commit(r.commit("main").setMessage("truth")).version();
      return records(v);
    }
  }

  /** id → blob hash and class name (indices depend on the order classes first appeared in a history). */
  private static TreeMap<String, String> records(DatasetVersion v) {
    TreeMap<String, String> m = new TreeMap<>();
    List<String> classes = v.schema().map(sc -> sc.classNames()).orElse(List.of());
    for (Record rec : v) {
      String label = rec.label().map(l -> classes.get(((dev.datamgmt.core.label.ClassLabel) l).index())).orElse("-");
      m.put(rec.id(), rec.blob().orElseThrow().hash().hex() + " " + label);
    }
    return m;
  }

  @Test
  void fileChanges_areFoundWithoutAWalk_andGiveTheRecordsOfAFullIngest() throws Exception {
    for (int i = 0; i < 30; i++) {
      write(root, "c" + (i % 3) + "/f" + i + ".txt", "file " + i);
    }
    IngestResult first = watched("first");
    assertThat(first.filesHashed()).isEqualTo(30);
    assertThat(watch.fullWalks()).isEqualTo(1);

    write(root, "c0/f0.txt", "changed");
    write(root, "c1/new.txt", "new");
    Files.delete(root.resolve("c2/f2.txt"));
    write(root, "c2/.hidden", "skipped, as in a walk");
    IngestResult second = watched("second");

    assertThat(watch.fullWalks()).isEqualTo(1);
    assertThat(watch.incrementalScans()).isEqualTo(1);
    assertThat(second.filesHashed()).isEqualTo(2);
    assertThat(second.filesFromCache()).isEqualTo(28);
    assertThat(records(second.version())).isEqualTo(truth(root));
    assertThat(repo.diff("main~", "main").added()).extracting(Record::id).containsExactly("c1/new.txt");
    assertThat(repo.diff("main~", "main").removed()).extracting(Record::id).containsExactly("c2/f2.txt");

    IngestResult third = watched("nothing changed");
    assertThat(third.filesHashed()).isZero();
    assertThat(third.version().id()).isNotEqualTo(second.version().id());
    assertThat(records(third.version())).isEqualTo(records(second.version()));
  }

  /** Commits a/x.bin, then rewrites it with other bytes of the same size and gives it back its mtime. */
  private void commitThenRewriteKeepingSizeAndMtime() throws Exception {
    write(root, "a/x.bin", "aaaa");
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(root.resolve("a/x.bin"), old);
    watched("first");
    write(root, "a/x.bin", "bbbb");
    Files.setLastModifiedTime(root.resolve("a/x.bin"), old);
  }

  @Test
  void aRewriteThatKeepsSizeAndMtime_isSeenByTheWatch_thoughTheStatCacheAloneCannotSeeIt() throws Exception {
    commitThenRewriteKeepingSizeAndMtime();
    IngestResult r = watched("second");

    assertThat(r.filesHashed()).isEqualTo(1);
    assertThat(records(r.version())).isEqualTo(truth(root));
    assertThat(repo.diff("main~", "main").changed()).hasSize(1);
  }

  @Test
  void aChangeSeenByAFailedIngest_isStillReHashedByTheNextOne() throws Exception {
    commitThenRewriteKeepingSizeAndMtime();
    write(root, "loose.txt", "outside a class folder: this ingest fails");
    assertThatThrownBy(() -> watched("fails")).isInstanceOf(InvalidDataException.class);
    Files.delete(root.resolve("loose.txt"));
    IngestResult r = watched("second");

    assertThat(r.filesHashed()).isEqualTo(1);
    assertThat(records(r.version())).isEqualTo(truth(root));
  }

  @Test
  void folderChanges_fallBackToAFullWalk() throws Exception {
    write(root, "a/1.txt", "one");
    write(root, "b/2.txt", "two");
    watched("first");

    write(root, "c/deep/3.txt", "three"); // a new folder
    IngestResult r = watched("new folder");
    assertThat(watch.fullWalks()).isEqualTo(2);
    assertThat(records(r.version())).isEqualTo(truth(root));

    Files.move(root.resolve("a"), root.resolve("z")); // a renamed folder
    r = watched("renamed folder");
    assertThat(watch.fullWalks()).isEqualTo(3);
    assertThat(records(r.version())).containsOnlyKeys("b/2.txt", "c/deep/3.txt", "z/1.txt");

    write(root, "z/4.txt", "four"); // the renamed folder is watched under its new name
    r = watched("file in renamed folder");
    assertThat(watch.fullWalks()).isEqualTo(3);
    assertThat(records(r.version())).isEqualTo(truth(root));

    Files.move(root.resolve("c"), tmp.resolve("moved-out")); // still exists, outside the tree
    r = watched("folder moved out");
    assertThat(watch.fullWalks()).isEqualTo(4);
    assertThat(records(r.version())).containsOnlyKeys("b/2.txt", "z/1.txt", "z/4.txt");
  }

  @Test
  void linkedFolders_areWatchedThroughEveryPathThatReachesThem() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    write(outside, "x.txt", "outside");
    Files.createSymbolicLink(root.resolve("linked"), outside);
    write(root, "real/y.txt", "real");
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real")); // the same folder under two names
    watched("first");

    write(outside, "x.txt", "changed outside");
    write(root, "real/z.txt", "new, seen as real/z.txt and alias/z.txt");
    IngestResult r = watched("second");

    assertThat(watch.incrementalScans()).isEqualTo(1);
    assertThat(r.filesHashed()).isEqualTo(3);
    assertThat(records(r.version())).containsOnlyKeys("alias/y.txt", "alias/z.txt", "linked/x.txt", "real/y.txt",
        "real/z.txt").isEqualTo(truth(root));
  }

  @Test
  void badFilesFoundThroughTheWatch_failTheIngestAsAWalkWould() throws Exception {
    write(root, "a/1.txt", "one");
    watched("first");
    write(root, "loose.txt", "a file outside a class folder");

    assertThatThrownBy(() -> watched("second")).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("loose.txt");
    assertThat(repo.log("main")).hasSize(1);
    Files.delete(root.resolve("loose.txt"));
    assertThat(records(watched("third").version())).isEqualTo(truth(root));
  }

  @Test
  void aClosedWatch_walksEveryTime() throws Exception {
    write(root, "a/1.txt", "one");
    watched("first");
    watch.close();
    write(root, "a/2.txt", "two");
    IngestResult r = watched("second");
    assertThat(records(r.version())).isEqualTo(truth(root));
    assertThat(watch.incrementalScans()).isZero();
  }

  @Test
  void aWatchOfAnotherFolder_isRefused() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    assertThatThrownBy(() -> DirectoryIngest.builder().setRoot(other).optWatch(watch).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    assertThatThrownBy(() -> DirectoryWatch.open(tmp.resolve("missing"))).isInstanceOf(StorageException.class)
        .hasMessageContaining("missing");
  }

  // ---- property: any sequence of changes, committed through a watch, gives what a full walk gives -----------

  /** One change to the tree. */
  record Op(int kind, int folder, int file, int size) {
    void apply(Path root) throws IOException {
      String dir = "d" + folder;
      Path f = root.resolve(dir).resolve("f" + file + ".bin");
      switch (kind) {
        case 0, 1, 2 -> write(root, dir + "/f" + file + ".bin", "x".repeat(size) + kind); // create or modify
        case 3 -> Files.deleteIfExists(f);
        case 4 -> write(root, dir + "/sub/g" + file + ".bin", "nested " + size);
        case 5 -> deleteTree(root.resolve(dir));
        case 6 -> {
          Path target = root.resolve("d" + (folder + 1) % 4);
          if (Files.isDirectory(root.resolve(dir)) && !Files.exists(target)) {
            Files.move(root.resolve(dir), target);
          }
        }
        default -> write(root, dir + "/.hidden" + file, "hidden " + size);
      }
    }

    @Override
    public String toString() {
      return List.of("write", "write", "write", "delete", "nested", "rmdir", "rename", "hidden").get(kind) + " d"
          + folder + "/f" + file + " (" + size + ")";
    }
  }

  @Provide
  Arbitrary<List<List<Op>>> rounds() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 20)).as(Op::new);
    return op.list().ofMinSize(0).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 25)
  void everyCommitThroughAWatch_holdsExactlyTheTree(@ForAll("rounds") List<List<Op>> rounds) throws Exception {
    Path dir = Files.createTempDirectory("watch-prop");
    try (InMemoryBlobStore s = new InMemoryBlobStore(); DirectoryWatch w = DirectoryWatch.open(dir)) {
      Repository r = Repository.init(s);
      write(dir, "d0/seed.bin", "seed");
      List<String> applied = new ArrayList<>();
      for (List<Op> round : rounds) {
        for (Op o : round) {
          o.apply(dir);
          applied.add(o.toString());
        }
        DatasetVersion v = DirectoryIngest.builder().setRoot(dir).optWatch(w).optNoLabels().build()
            .commit(r.commit("main").setMessage("round")).version();
        TreeMap<String, String> expected;
        try (InMemoryBlobStore t = new InMemoryBlobStore()) {
          expected = records(DirectoryIngest.builder().setRoot(dir).optNoLabels().optNoStatCache().build()
              .commit(Repository.init(t).commit("main").setMessage("truth")).version());
        }
        assertThat(records(v)).as("after %s", applied).isEqualTo(expected);
      }
      assertThat(w.fullWalks() + w.incrementalScans()).isEqualTo(rounds.size());
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  @Test
  void cookieFilesAreNeverCommitted() throws Exception {
    write(root, "a/1.txt", "one");
    watched("first");
    write(root, "a/2.txt", "two");
    IngestResult r = watched("second");
    assertThat(records(r.version()).keySet()).allMatch(id -> !id.contains("cookie"));
    try (Stream<Path> s = Files.list(root)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("cookie"));
    }
  }
}
