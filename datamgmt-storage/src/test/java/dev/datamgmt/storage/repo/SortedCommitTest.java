package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A streamed commit ({@link CommitBuilder#startSortedRecords}) writes the manifest row group by row group and
 * gives exactly the version (same id, same records) that collecting the same records gives; onto a base it
 * merges the base's rows, read one row group at a time, and holds the records {@link CommitBuilder#addRecord}
 * gives, without losing anything already stored when it fails.
 */
class SortedCommitTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
  private static final Provenance MADE = Provenance.builder("test").optCreatedAt(NOW).build();

  /** Records with ids drawn from a seed, sorted; a third with a blob, some labelled, some with attributes. */
  private static List<Record> records(Repository repo, int n, long seed) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    TreeSet<String> ids = new TreeSet<>();
    while (ids.size() < n) {
      ids.add("r" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    List<Record> out = new ArrayList<>();
    for (String id : ids) {
      Record.Builder b = Record.builder(id);
      if (random.nextInt(3) == 0) {
        b.setBlob(repo.putBlob(("blob " + id).getBytes(UTF_8), "text/plain"));
      }
      if (random.nextBoolean()) {
        b.optLabel(new ClassLabel(random.nextInt(10)));
      }
      if (random.nextInt(4) == 0) {
        b.optSplit(Split.TEST).addAttribute("w", random.nextInt(100));
      }
      out.add(b.build());
    }
    return out;
  }

  @Property(tries = 12)
  void streamed_givesTheSameVersionId_asCollected(@ForAll @IntRange(min = 0, max = 3000) int n,
      @ForAll long seed) throws Exception {
    try (InMemoryBlobStore a = new InMemoryBlobStore(); InMemoryBlobStore b = new InMemoryBlobStore()) {
      Repository collected = Repository.init(a, Clock.fixed(NOW, ZoneOffset.UTC));
      Repository streamed = Repository.init(b, Clock.fixed(NOW, ZoneOffset.UTC));
      List<Record> rs = records(collected, n, seed);
      records(streamed, n, seed); // the same blobs in the second repository
      CommitBuilder c = collected.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE);
      rs.forEach(c::addRecord);
      DatasetVersion expected = c.commit();

      CommitBuilder s = streamed.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE)
          .startSortedRecords(n);
      for (Record r : rs) {
        s.addSortedRecord(r);
      }
      DatasetVersion v = s.commit();

      assertThat(v.id()).isEqualTo(expected.id());
      assertThat(v.records()).isEqualTo(rs);
      assertThat(Repository.open(b).checkout("main").records()).isEqualTo(rs);
    }
  }

  @Test
  void streamed_afterRemoveAllRecords_onABase_equalsTheCollectedCommit() throws Exception {
    try (InMemoryBlobStore a = new InMemoryBlobStore(); InMemoryBlobStore b = new InMemoryBlobStore()) {
      List<ContentHash> ids = new ArrayList<>();
      for (InMemoryBlobStore store : List.of(a, b)) {
        Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
        repo.commit("main").addRecord(Record.builder("old").build()).setMessage("base").optAuthor("a")
            .optProvenance(MADE).commit();
        List<Record> rs = records(repo, 1500, 7);
        CommitBuilder c = repo.commit("main").removeAllRecords().setMessage("m").optAuthor("a").optProvenance(MADE);
        if (store == a) {
          rs.forEach(c::addRecord);
        } else {
          c.startSortedRecords(rs.size());
          for (Record r : rs) {
            c.addSortedRecord(r);
          }
        }
        ids.add(c.commit().id());
      }
      assertThat(ids.get(1)).isEqualTo(ids.get(0));
    }
  }

  @Test
  void outOfOrder_countMismatch_base_andMissingBlob_fail() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      CommitBuilder c = repo.commit("main").setMessage("m").startSortedRecords(3);
      c.addSortedRecord(Record.builder("b").build());
      assertThatThrownBy(() -> c.addSortedRecord(Record.builder("a").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a after b");
      assertThatThrownBy(() -> c.addRecord(Record.builder("z").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("addSortedRecord");
      BlobRef absent = BlobRef.of("never stored".getBytes(UTF_8), "text/plain");
      assertThatThrownBy(() -> c.addSortedRecord(Record.builder("c").setBlob(absent).build()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("record c");
      c.addSortedRecord(Record.builder("d").build());
      assertThatThrownBy(c::commit).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("announced 3 records, 2 arrived");
      assertThat(repo.head("main")).isEmpty();

      repo.commit("main").addRecord(Record.builder("x").build()).setMessage("base").commit();
      assertThatThrownBy(() -> repo.commit("main").addRecord(Record.builder("w").build()).startSortedRecords(1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 records added");
      CommitBuilder one = repo.commit("main").removeAllRecords().setMessage("m").startSortedRecords(1);
      one.addSortedRecord(Record.builder("y").build());
      assertThatThrownBy(() -> one.addSortedRecord(Record.builder("z").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 announced");
      assertThat(one.commit().records()).extracting(Record::id).containsExactly("y");
    }
  }

  /** A base of {@code n} records, then changes: some base records again, some changed, some new ids, sorted. */
  private record Scenario(List<Record> base, List<Record> incoming) {
    static Scenario of(Repository repo, int n, int m, long seed) throws Exception {
      List<Record> base = records(repo, n, seed);
      java.util.Random random = new java.util.Random(~seed);
      java.util.TreeMap<String, Record> incoming = new java.util.TreeMap<>();
      for (Record r : records(repo, m, seed + 1)) { // new ids (or, rarely, equal to a base id: then a replacement)
        incoming.put(r.id(), r);
      }
      for (Record r : base) {
        int pick = random.nextInt(4);
        if (pick == 0) {
          incoming.put(r.id(), r); // the same record again
        } else if (pick == 1) {
          incoming.put(r.id(), Record.builder(r.id()).optLabel(new ClassLabel(99)).addAttribute("v", 2).build());
        }
      }
      return new Scenario(base, new ArrayList<>(incoming.values()));
    }
  }

  private static Repository repoWithBase(InMemoryBlobStore store, Scenario sc) throws Exception {
    Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
    CommitBuilder c = repo.commit("main").setMessage("base").optAuthor("a").optProvenance(MADE);
    sc.base().forEach(c::addRecord);
    for (Record r : sc.base()) {
      for (BlobRef b : r.blobs().values()) {
        repo.putBlob(("blob " + r.id()).getBytes(UTF_8), b.mediaType());
      }
    }
    for (Record r : sc.incoming()) {
      for (BlobRef b : r.blobs().values()) {
        repo.putBlob(("blob " + r.id()).getBytes(UTF_8), b.mediaType());
      }
    }
    c.commit();
    return repo;
  }

  /** A repository on {@code store} whose main branch holds the base of a {@link Scenario}. */
  private static Repository repoWithBase(InMemoryBlobStore store, int n, int m, long seed) throws Exception {
    return repoWithBase(store, Scenario.of(Repository.init(new InMemoryBlobStore()), n, m, seed));
  }

  private static DatasetVersion streamed(Repository repo, List<Record> incoming) throws Exception {
    CommitBuilder s = repo.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE)
        .startSortedRecords(incoming.size());
    for (Record r : incoming) {
      s.addSortedRecord(r);
    }
    return s.commit();
  }

  @Property(tries = 15)
  void streamedOntoABase_holdsWhatAddRecordGives_conservesRecords_andHasTheIdOfAWholeWrite(
      @ForAll @IntRange(min = 0, max = 2500) int n, @ForAll @IntRange(min = 0, max = 1500) int m,
      @ForAll long seed) throws Exception {
    try (InMemoryBlobStore a = new InMemoryBlobStore(); InMemoryBlobStore b = new InMemoryBlobStore();
        InMemoryBlobStore c = new InMemoryBlobStore()) {
      Scenario sc = Scenario.of(Repository.init(new InMemoryBlobStore()), n, m, seed);
      Repository inMemory = repoWithBase(a, sc);
      CommitBuilder add = inMemory.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE);
      sc.incoming().forEach(add::addRecord);
      List<Record> expected = add.commit().records();

      Repository streaming = repoWithBase(b, sc);
      CommitBuilder s = streaming.commit("main").setMessage("m").optAuthor("a").optProvenance(MADE)
          .startSortedRecords(sc.incoming().size());
      java.util.Map<String, Record> baseById = new java.util.HashMap<>();
      sc.base().forEach(r -> baseById.put(r.id(), r));
      for (Record r : sc.incoming()) {
        s.addSortedRecord(r);
      }
      boolean changes = sc.incoming().stream().anyMatch(r -> !r.equals(baseById.get(r.id())));
      assertThat(s.sortedRecordsChangeBase()).isEqualTo(changes);
      DatasetVersion v = s.commit();

      // the same records as the in-memory path
      assertThat(v.records()).isEqualTo(expected);
      assertThat(Repository.open(b).checkout("main").records()).isEqualTo(expected);
      // conservation: every base record not replaced, every arriving record, nothing else
      java.util.TreeMap<String, Record> union = new java.util.TreeMap<>(baseById);
      sc.incoming().forEach(r -> union.put(r.id(), r));
      assertThat(v.records()).containsExactlyElementsOf(union.values());
      // the manifest a whole write of those records gives, so the same version id
      Repository whole = repoWithBase(c, sc);
      CommitBuilder w = whole.commit("main").removeAllRecords().setMessage("m").optAuthor("a").optProvenance(MADE);
      expected.forEach(w::addRecord);
      assertThat(v.id()).isEqualTo(w.commit().id());
    }
  }

  @Property(tries = 10)
  void streamingTheSameRecordsAgain_changesNothing(@ForAll @IntRange(min = 0, max = 2000) int n,
      @ForAll @IntRange(min = 0, max = 1000) int m, @ForAll long seed) throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Scenario sc = Scenario.of(Repository.init(new InMemoryBlobStore()), n, m, seed);
      Repository repo = repoWithBase(store, sc);
      DatasetVersion once = streamed(repo, sc.incoming());
      CommitBuilder again = repo.commit("main").setMessage("again").startSortedRecords(sc.incoming().size());
      for (Record r : sc.incoming()) {
        again.addSortedRecord(r);
      }
      assertThat(again.sortedRecordsChangeBase()).isFalse();
      DatasetVersion twice = again.commit();
      assertThat(twice.commit().manifest()).isEqualTo(once.commit().manifest());
      assertThat(twice.records()).isEqualTo(once.records());
    }
  }

  @Test
  void aFailedStreamOntoABase_losesNothingAlreadyStored() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = repoWithBase(store, 3000, 10, 5);
      ContentHash head = repo.head("main").orElseThrow();
      List<Record> before = repo.checkout("main").records();

      // records out of order: rejected, the builder given up
      CommitBuilder c = repo.commit("main").setMessage("m").startSortedRecords(2);
      c.addSortedRecord(Record.builder("zz").build());
      assertThatThrownBy(() -> c.addSortedRecord(Record.builder("a").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a after zz");
      c.abandon();
      assertThatThrownBy(c::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("abandoned");
      // a record whose blob was never stored
      CommitBuilder d = repo.commit("main").setMessage("m").startSortedRecords(1);
      BlobRef absent = BlobRef.of("never stored".getBytes(UTF_8), "text/plain");
      assertThatThrownBy(() -> d.addSortedRecord(Record.builder("c").setBlob(absent).build()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("record c");
      d.abandon();
      // the branch moved while streaming: the other writer's version stays
      CommitBuilder e = repo.commit("main").setMessage("m").startSortedRecords(1);
      e.addSortedRecord(Record.builder("new").build());
      DatasetVersion other = repo.commit("main").addRecord(Record.builder("other").build()).setMessage("o").commit();
      assertThatThrownBy(e::commit).isInstanceOf(dev.datamgmt.core.error.ConflictException.class);
      assertThat(repo.head("main")).contains(other.id());
      assertThat(Repository.open(store).checkout(head).records()).isEqualTo(before);
      List<Record> withOther = new ArrayList<>(before);
      withOther.add(Record.builder("other").build());
      withOther.sort(java.util.Comparator.comparing(Record::id));
      assertThat(Repository.open(store).checkout("main").records()).isEqualTo(withOther);
      DatasetVersion reopened = Repository.open(store).checkout(head);
      for (Record r : before) {
        for (BlobRef b : r.blobs().values()) {
          assertThat(reopened.readBlob(b)).isEqualTo(("blob " + r.id()).getBytes(UTF_8));
        }
      }
    }
  }

  @Test
  void aDamagedBaseManifest_failsWithAnIntegrityError_andTheHeadStays() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = repoWithBase(store, 100, 0, 3);
      ContentHash head = repo.head("main").orElseThrow();
      ContentHash manifest = repo.readCommit(head).manifest();
      String key = dev.datamgmt.storage.internal.repo.RepositoryKeys.manifestKey(manifest);
      byte[] bytes = store.get(key);
      bytes[bytes.length / 2] ^= 1;
      store.put(key, bytes);
      assertThatThrownBy(() -> Repository.open(store).commit("main").setMessage("m").startSortedRecords(1))
          .isInstanceOf(dev.datamgmt.core.error.IntegrityException.class).hasMessageContaining(key);
      assertThat(repo.head("main")).contains(head);
    }
  }

  /**
   * Replacements can leave a version smaller than foreseen when streaming started; above 262,144 records that can
   * change the row group size, and the manifest is then regrouped to what a whole write gives.
   */
  @Test
  void replacementsThatShrinkTheForeseenCount_belowAGroupSizeStep_giveTheWholeWritesManifest() throws Exception {
    int n = 263_000; // 1,024 rows a group; 263,200 foreseen would get 2,048
    List<Record> base = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      base.add(Record.builder(String.format("r%07d", i)).build());
    }
    List<Record> incoming = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      incoming.add(Record.builder(String.format("r%07d", i * 1000)).optLabel(new ClassLabel(1)).build());
    }
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store, Clock.fixed(NOW, ZoneOffset.UTC));
      streamed(repo, base);
      DatasetVersion v = streamed(repo, incoming);
      java.util.TreeMap<String, ManifestRow> merged = new java.util.TreeMap<>();
      base.forEach(r -> merged.put(r.id(), ManifestRow.of(r)));
      incoming.forEach(r -> merged.put(r.id(), ManifestRow.of(r)));
      assertThat(ManifestCodec.rowGroupRows(n + incoming.size())).isNotEqualTo(ManifestCodec.rowGroupRows(n));
      assertThat(v.commit().manifest())
          .isEqualTo(ContentHash.of(ManifestCodec.write(new ArrayList<>(merged.values()))));
      assertThat(v.size()).isEqualTo(n);
    }
  }
}
