package dev.datamgmt.storage.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryIngestTest {
  @TempDir Path tmp;
  Path root;
  InMemoryBlobStore store;
  Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("data"));
    store = new InMemoryBlobStore();
    repo = Repository.init(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private Path write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private void ageAllFiles() throws Exception {
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  private IngestResult ingest(DirectoryIngest.Builder b, String message) throws Exception {
    return b.build().commit(repo.commit("main").setMessage(message));
  }

  private DirectoryIngest.Builder imageFolder() {
    return DirectoryIngest.builder().setRoot(root);
  }

  @Test
  void imageFolder_commitsOneRecordPerFile_labeledByFolder() throws Exception {
    write("cat/1.png", "cat one");
    write("cat/sub/2.png", "cat two");
    write("dog/3.jpg", "dog three");

    IngestResult r = ingest(imageFolder(), "pets");

    DatasetVersion v = repo.checkout("main");
    assertThat(r.version().id()).isEqualTo(v.id());
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("cat", "dog");
    assertThat(v.records()).extracting(Record::id).containsExactly("cat/1.png", "cat/sub/2.png", "dog/3.jpg");
    Record dog = v.record("dog/3.jpg").orElseThrow();
    assertThat(dog.label()).contains(ClassLabel.of(1));
    assertThat(dog.blob().orElseThrow().mediaType()).isEqualTo("image/jpeg");
    assertThat(new String(v.readBlob(dog.blob().orElseThrow()), UTF_8)).isEqualTo("dog three");
    assertThat(v.commit().lineage()).containsEntry("ingest.files", "3").containsKey("ingest.root");
    assertThat(r.filesHashed()).isEqualTo(3);
    assertThat(r.badFiles()).isEmpty();
  }

  @Test
  void recommit_afterAFewChanges_readsOnlyTheChangedFiles_andKeepsClassIndicesStable() throws Exception {
    for (int i = 0; i < 20; i++) {
      write((i % 2 == 0 ? "cat/" : "dog/") + i + ".png", "content " + i);
    }
    ageAllFiles();
    ingest(imageFolder(), "first");

    write("cat/0.png", "changed content");
    Files.delete(root.resolve("dog/1.png"));
    write("ant/new.png", "a new class");
    IngestResult r = ingest(imageFolder(), "second");

    assertThat(r.filesHashed()).isEqualTo(2);
    assertThat(r.filesFromCache()).isEqualTo(18);
    DatasetVersion v = repo.checkout("main");
    assertThat(v.size()).isEqualTo(20);
    assertThat(v.record("dog/1.png")).isEmpty();
    assertThat(new String(v.readBlob(v.record("cat/0.png").orElseThrow().blob().orElseThrow()), UTF_8))
        .isEqualTo("changed content");
    // cat and dog keep indices 0 and 1; the new class is appended
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("cat", "dog", "ant");
    assertThat(v.record("ant/new.png").orElseThrow().label()).contains(ClassLabel.of(2));
    assertThat(v.record("dog/3.png").orElseThrow().label()).contains(ClassLabel.of(1));

    IngestResult unchanged = ingest(imageFolder(), "third");
    assertThat(unchanged.filesHashed()).isZero();
    assertThat(repo.diff(v, unchanged.version()).isEmpty()).isTrue();
  }

  @Test
  void recommit_withTheStatCacheOfTheBaseCommit_commitsOnlyTheChanges_otherwiseFallsBackToTheBase() throws Exception {
    for (int i = 0; i < 6; i++) {
      write((i % 2 == 0 ? "cat/" : "dog/") + i + ".png", "content " + i);
    }
    ageAllFiles();
    ingest(imageFolder(), "first");
    write("cat/0.png", "changed");
    Files.delete(root.resolve("dog/5.png"));
    write("dog/7.png", "new");
    // a fresh process: the stat cache names the base commit, so only the changes are committed
    Repository fresh = Repository.open(store);
    IngestResult second = imageFolder().build().commit(fresh.commit("main").setMessage("second"));
    assertThat(second.filesHashed()).isEqualTo(2);
    assertThat(second.filesFromCache()).isEqualTo(4);
    DatasetVersion v = Repository.open(store).checkout("main");
    assertThat(new String(v.readBlob(v.record("cat/0.png").orElseThrow().blob().orElseThrow()), UTF_8)).isEqualTo("changed");
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("cat", "dog");
    // exactly the records a full ingest of the same folder gives
    try (InMemoryBlobStore other = new InMemoryBlobStore()) {
      IngestResult full = imageFolder().optNoStatCache().build().commit(Repository.init(other).commit("main").setMessage("full"));
      assertThat(v.records()).isEqualTo(full.version().records());
      assertThat(second.version().records()).isEqualTo(full.version().records());
    }

    // another writer moved the branch: the cache names an older commit, so the base is read, and still only
    // the one changed file is hashed
    repo.commit("main").setMessage("by hand").removeRecord("dog/1.png").commit();
    write("dog/3.png", "changed too");
    store.delete(RepositoryKeys.manifestKey(repo.checkout("main").commit().manifest()));
    assertThatThrownBy(() -> imageFolder().build().commit(Repository.open(store).commit("main").setMessage("third")))
        .isInstanceOf(dev.datamgmt.core.error.NotFoundException.class).hasMessageContaining("manifests/");
  }

  @Test
  void smallFilesGoIntoPacks_largerOnesAndAllWithThresholdZeroAreObjectsOfTheirOwn() throws Exception {
    write("cat/small.png", "tiny");
    write("cat/large.png", "x".repeat(300));
    ingest(imageFolder().optPackThreshold(100), "packed");
    assertThat(store.listAll("objects/").count()).isEqualTo(1); // large.png
    assertThat(store.listAll("packs/").map(i -> i.key().substring(i.key().lastIndexOf('.'))).toList())
        .containsExactlyInAnyOrder(".pack", ".idx");

    InMemoryBlobStore loose = new InMemoryBlobStore();
    Repository other = Repository.init(loose);
    imageFolder().optNoStatCache().optPackThreshold(0).build().commit(other.commit("main").setMessage("loose"));
    assertThat(loose.listAll("objects/").count()).isEqualTo(2);
    assertThat(loose.listAll("packs/").count()).isZero();
    DatasetVersion v = other.checkout("main");
    assertThat(v.readBlob(v.record("cat/small.png").orElseThrow().blob().orElseThrow())).isEqualTo("tiny".getBytes(UTF_8));
    loose.close();
    assertThatThrownBy(() -> imageFolder().optPackThreshold(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pack threshold").hasMessageContaining("-1");
  }

  @Test
  void statCache_neverTrustsAFileChangedWithinTheTimestampGranularity() throws Exception {
    Path p = write("cat/a.png", "AAAA");
    write("cat/b.png", "old");
    ageAllFiles();
    ingest(imageFolder(), "first");
    // A filesystem with coarse timestamps: the file changes (same size) in the same tick the cache was
    // written, so size and mtime both still match the cache entry. Only the racily-clean rule catches this.
    FileTime cacheTime = Files.getLastModifiedTime(root.resolve(DirectoryIngest.DEFAULT_STAT_CACHE));
    Files.writeString(p, "BBBB");
    Files.setLastModifiedTime(p, cacheTime);

    IngestResult r = ingest(imageFolder(), "second");
    DatasetVersion v = repo.checkout("main");
    assertThat(new String(v.readBlob(v.record("cat/a.png").orElseThrow().blob().orElseThrow()), UTF_8)).isEqualTo("BBBB");
    assertThat(r.filesFromCache()).isEqualTo(1); // b.png, older than the cache, is trusted
  }

  @Test
  void statCache_whenDamaged_isIgnoredAndEverythingRehashed() throws Exception {
    write("cat/a.png", "a");
    write("cat/b.png", "b");
    ageAllFiles();
    ingest(imageFolder(), "first");
    Files.writeString(root.resolve(DirectoryIngest.DEFAULT_STAT_CACHE), "garbage\n1\t2\n");

    IngestResult r = ingest(imageFolder(), "second");
    assertThat(r.filesHashed()).isEqualTo(2);
    assertThat(r.filesFromCache()).isZero();
  }

  @Test
  void badFiles_withFailPolicy_commitNothing_andNameEachFile() throws Exception {
    write("cat/good.png", "good");
    write("stray.png", "at the root");
    Files.createSymbolicLink(root.resolve("cat/dangling.png"), root.resolve("cat/nowhere.png"));
    Files.createDirectories(root.resolve("dog"));
    Files.createSymbolicLink(root.resolve("dog/loop"), root);
    write("dog/caf\u00e9.png", "composed");
    write("dog/cafe\u0301.png", "decomposed");

    assertThatThrownBy(() -> ingest(imageFolder(), "bad"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("nothing committed")
        .hasMessageContaining("stray.png")
        .hasMessageContaining("cat/dangling.png")
        .hasMessageContaining("dog/loop")
        .hasMessageContaining("NFC");
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void badFiles_withFailPolicy_listEveryBadFile_includingOnesOnlyHashingWouldFindUnreadable() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/mem")),
        "needs /proc/self/mem: a file that opens but fails at the first read, whoever runs the test");
    write("cat/good.png", "good");
    Files.createSymbolicLink(root.resolve("cat/dangling.png"), root.resolve("cat/nowhere.png"));
    write("dog/caf\u00e9.png", "composed");
    write("dog/cafe\u0301.png", "decomposed");
    Files.createSymbolicLink(root.resolve("dog/loop"), root);
    Files.createSymbolicLink(root.resolve("dog/unreadable.png"), Path.of("/proc/self/mem"));

    assertThatThrownBy(() -> ingest(imageFolder(), "all or nothing"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("cat/dangling.png")
        .hasMessageContaining("dog/loop")
        .hasMessageContaining("dog/caf")
        .hasMessageContaining("dog/unreadable.png: unreadable");
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void reIngest_meetingADamagedPackedCopy_storesAGoodCopy_insteadOfReusingIt() throws Exception {
    write("cat/a.png", "alpha bytes");
    write("dog/b.png", "beta bytes");
    ingest(imageFolder(), "packed");
    List<String> packs = store.listAll("packs/").map(dev.datamgmt.core.blob.BlobInfo::key)
        .filter(k -> k.endsWith(".pack")).toList();
    assertThat(packs).hasSize(1);
    byte[] pack = store.get(packs.get(0));
    pack[0] ^= 0x55; // damage the first packed blob in place
    store.put(packs.get(0), pack);
    assertThat(repo.fsck().isClean()).isFalse();

    // the same files into another branch (no base version to trust): the packed copy is checked, not reused
    DatasetVersion again = DirectoryIngest.builder().setRoot(root).build()
        .commit(repo.commit("again").setMessage("re-ingest")).version();
    for (Record r : again.records()) {
      String name = r.id().substring(r.id().indexOf('/') + 1);
      assertThat(new String(again.readBlob(r.blob().orElseThrow()), UTF_8))
          .isEqualTo(name.startsWith("a") ? "alpha bytes" : "beta bytes");
    }
    assertThat(store.listAll("objects/").count()).as("one good copy of the damaged blob").isEqualTo(1);
  }

  @Test
  void twoLinksPointingAtEachOther_areALoop_notABrokenLink() throws Exception {
    write("cat/good.png", "good");
    Files.createSymbolicLink(root.resolve("cat/a.png"), root.resolve("cat/b.png"));
    Files.createSymbolicLink(root.resolve("cat/b.png"), root.resolve("cat/a.png"));
    Files.createSymbolicLink(root.resolve("cat/dangling.png"), root.resolve("cat/nowhere.png"));

    IngestResult r = ingest(imageFolder().optOnBadFile(DirectoryIngest.OnBadFile.SKIP), "cycle");

    assertThat(r.badFiles()).extracting(BadFile::path).containsExactly("cat/a.png", "cat/b.png", "cat/dangling.png");
    assertThat(r.badFiles()).filteredOn(b -> !b.path().equals("cat/dangling.png"))
        .allSatisfy(b -> assertThat(b.problem()).startsWith("symbolic link loop").doesNotContain("broken"));
    assertThat(r.badFiles()).filteredOn(b -> b.path().equals("cat/dangling.png")).singleElement()
        .satisfies(b -> assertThat(b.problem()).startsWith("broken symbolic link"));
  }

  @Test
  void badFiles_withSkipPolicy_commitTheGoodOnes_andReportTheBad() throws Exception {
    write("cat/good.png", "good");
    write("dog/fine.png", "fine");
    Files.createSymbolicLink(root.resolve("cat/dangling.png"), root.resolve("cat/nowhere.png"));
    Files.createSymbolicLink(root.resolve("dog/loop"), root);
    write("dog/caf\u00e9.png", "composed");
    write("dog/cafe\u0301.png", "decomposed");

    IngestResult r = ingest(imageFolder().optOnBadFile(DirectoryIngest.OnBadFile.SKIP), "partial");

    assertThat(r.version().records()).extracting(Record::id).containsExactly("cat/good.png", "dog/fine.png");
    assertThat(r.badFiles()).extracting(BadFile::path)
        .contains("cat/dangling.png", "dog/loop")
        .anyMatch(p -> p.startsWith("dog/caf"));
    assertThat(r.badFiles()).filteredOn(b -> b.path().equals("dog/loop")).singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("symbolic link loop"));
    assertThat(r.badFiles()).filteredOn(b -> b.path().equals("cat/dangling.png")).singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("broken symbolic link"));
    assertThat(r.version().commit().lineage()).containsEntry("ingest.skipped", Integer.toString(r.badFiles().size()));
  }

  @Test
  void scan_overTopLevelFoldersInParallel_findsLoopsLinksAndCollisionsAsOneWalkWould() throws Exception {
    write("caf\u00e9/a.png", "composed folder");
    write("cafe\u0301/a.png", "decomposed folder"); // another top-level folder, same id after NFC
    write("cat/sub/deep.png", "deep");
    Files.createSymbolicLink(root.resolve("self"), root); // a root-level link back to the root
    Files.createSymbolicLink(root.resolve("cat/sub/up"), root.resolve("cat")); // an ancestor inside one walk
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(outside.resolve("linked.png"), "through a linked folder");
    Files.createSymbolicLink(root.resolve("linked"), outside); // a linked top-level folder is followed
    write(".hidden/skip.png", "hidden folders are not ingested");

    IngestResult r = ingest(imageFolder().optOnBadFile(DirectoryIngest.OnBadFile.SKIP), "walks");

    assertThat(r.version().records()).extracting(Record::id).containsExactly("cat/sub/deep.png", "linked/linked.png");
    assertThat(r.badFiles()).extracting(BadFile::path)
        .containsExactlyInAnyOrder("caf\u00e9/a.png", "cafe\u0301/a.png", "self", "cat/sub/up");
    assertThat(r.badFiles()).filteredOn(b -> b.path().equals("self") || b.path().equals("cat/sub/up"))
        .allSatisfy(b -> assertThat(b.problem()).contains("symbolic link loop"));
    assertThat(r.badFiles()).filteredOn(b -> b.path().startsWith("caf"))
        .allSatisfy(b -> assertThat(b.problem()).contains("NFC"));
  }

  @Test
  void specialFile_isReportedAsNotARegularFile() throws Exception {
    write("cat/good.png", "good");
    Path fifo = root.resolve("cat/pipe");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();

    IngestResult r = ingest(imageFolder().optOnBadFile(DirectoryIngest.OnBadFile.SKIP), "fifo");
    assertThat(r.badFiles()).singleElement().satisfies(b -> {
      assertThat(b.path()).isEqualTo("cat/pipe");
      assertThat(b.problem()).contains("not a regular file");
    });
  }

  @Test
  void csvLabelTable_labelsFilesByPath_andReportsUnlistedAndMissingFiles() throws Exception {
    write("img/a.png", "a");
    write("img/b.png", "b");
    write("img/unlisted.png", "c");
    Path table = tmp.resolve("labels.csv");
    Files.writeString(table, "path,label\nimg/a.png,zebra\n\"img/b.png\",\"horse, brown\"\nimg/gone.png,zebra\n");

    IngestResult r = ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table)
        .optOnBadFile(DirectoryIngest.OnBadFile.SKIP), "table");

    DatasetVersion v = r.version();
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("horse, brown", "zebra");
    assertThat(v.record("img/a.png").orElseThrow().label()).contains(ClassLabel.of(1));
    assertThat(v.record("img/b.png").orElseThrow().label()).contains(ClassLabel.of(0));
    assertThat(r.badFiles()).extracting(BadFile::path).containsExactly("img/gone.png", "img/unlisted.png");
  }

  @Test
  void csvLabelTable_malformed_failsNamingFileAndLine() throws Exception {
    write("img/a.png", "a");
    Path table = tmp.resolve("labels.csv");
    Files.writeString(table, "file,class\nimg/a.png,x\n");
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "t"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("labels.csv:1").hasMessageContaining("path,label");

    Files.writeString(table, "path,label\nimg/a.png,x,extra\n");
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "t"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("labels.csv:2").hasMessageContaining("3 cells");

    Files.writeString(table, "path,label\n\"img/a.png,x\n");
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "t"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("unterminated quoted field")
        .hasMessageContaining("labels.csv:2");

    Files.writeString(table, "path,label\nimg/a.png,x\n\n\"img/a.png\",\"y\nz\"\n"); // a quoted line break: row at line 4
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "t"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("listed twice").hasMessageContaining("labels.csv:4");

    Files.writeString(table, "path,label\nimg/a.png,x\nimg/a.png,y\n");
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "t"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("listed twice");
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void parquetLabelTable_labelsFiles_andAMalformedOneFailsClearly() throws Exception {
    write("img/a.png", "a");
    write("img/b.png", "b");
    Path table = tmp.resolve("labels.parquet");
    MessageType schema = MessageTypeParser.parseMessageType(
        "message t { required binary path (STRING); required binary label (STRING); }");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(table)).withType(schema)
        .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).build()) {
      SimpleGroupFactory f = new SimpleGroupFactory(schema);
      w.write(f.newGroup().append("path", "img/a.png").append("label", "one"));
      w.write(f.newGroup().append("path", "img/b.png").append("label", "two"));
    }
    IngestResult r = ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(table), "parquet");
    assertThat(r.version().record("img/b.png").orElseThrow().label()).contains(ClassLabel.of(1));

    Path broken = tmp.resolve("broken.parquet");
    Files.write(broken, "PAR1 not really parquet".getBytes(UTF_8));
    assertThatThrownBy(() -> ingest(DirectoryIngest.builder().setRoot(root).optLabelTable(broken), "t"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("broken.parquet");
  }

  @Test
  void ingest_largeTreeInParallel_equalsASingleThreadedIngest() throws Exception {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[100 + random.nextInt(3000)];
      random.nextBytes(b);
      Path p = root.resolve("c" + (i % 7) + "/f" + i + ".bin");
      Files.createDirectories(p.getParent());
      Files.write(p, b);
    }
    IngestResult parallel = ingest(imageFolder().optNoStatCache().optParallelism(4), "parallel");
    try (InMemoryBlobStore other = new InMemoryBlobStore()) {
      Repository repo2 = Repository.init(other);
      IngestResult serial = DirectoryIngest.builder().setRoot(root).optNoStatCache().optParallelism(1).build()
          .commit(repo2.commit("main").setMessage("serial"));
      assertThat(serial.version().records()).isEqualTo(parallel.version().records());
      assertThat(serial.version().commit().manifest()).isEqualTo(parallel.version().commit().manifest());
    }
    assertThat(repo.fsck().isClean()).isTrue();
  }

  @Test
  void builder_withoutRoot_failsNamingTheSetting() {
    assertThatThrownBy(() -> DirectoryIngest.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setRoot");
    assertThatThrownBy(() -> DirectoryIngest.builder().optParallelism(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }


}
