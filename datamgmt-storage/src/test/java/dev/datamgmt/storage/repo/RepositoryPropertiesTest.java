package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.record.Arbitraries;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of commit, checkout, diff and merge over arbitrary records (on the in-memory store). */
class RepositoryPropertiesTest {

  /** Records with ids from a small pool, so that two lists share ids (needed for changes and conflicts). */
  private static Arbitrary<List<Record>> recordLists() {
    return recordLists(25, 20, "r%d");
  }

  /**
   * Lists of up to {@code maxSize} records with ids {@code String.format(idFormat, i)}, {@code i} in
   * {@code [0, idPool)}: two lists share ids.
   */
  static Arbitrary<List<Record>> recordLists(int idPool, int maxSize, String idFormat) {
    return Arbitraries.records()
        .flatMap(r -> net.jqwik.api.Arbitraries.integers().between(0, idPool - 1)
            .map(i -> rename(r, String.format(idFormat, i))))
        .list().ofMaxSize(maxSize).uniqueElements(Record::id);
  }

  private static Record rename(Record r, String id) {
    Record.Builder b = Record.builder(id).optLabel(r.label().orElse(null)).optSplit(r.split());
    r.blobs().forEach(b::addBlob);
    r.attributes().forEach(b::addAttribute);
    return b.build();
  }

  @Provide
  Arbitrary<List<Record>> lists() {
    return recordLists();
  }

  @Provide
  Arbitrary<List<Record>> anyRecords() {
    return Arbitraries.records().list().ofMaxSize(30).uniqueElements(Record::id);
  }

  private static List<Record> sorted(List<Record> records) {
    List<Record> out = new ArrayList<>(records);
    out.sort(Comparator.comparing(Record::id));
    return out;
  }

  /** Arbitrary records reference blobs that were never stored; declare them, the property is about records. */
  private static CommitBuilder declareBlobs(CommitBuilder b, List<Record> records) {
    for (Record r : records) {
      for (BlobRef ref : ManifestVersion.blobsOf(r)) {
        b.addStoredBlob(ref.hash());
      }
    }
    return b;
  }

  private static DatasetVersion commitExactly(Repository repo, String branch, List<Record> records) throws Exception {
    return declareBlobs(repo.commit(branch).removeAllRecords().addRecords(records), records)
        .setMessage("exactly " + records.size()).commit();
  }

  @Property(tries = 60)
  void commitThenCheckout_returnsExactlyTheCommittedRecords(@ForAll("anyRecords") List<Record> records)
      throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      DatasetVersion v = commitExactly(Repository.init(store), "main", records);
      // a fresh repository object has no cache: the manifest is decoded from the stored Parquet bytes
      DatasetVersion out = Repository.open(store).checkout("main");
      assertThat(out.id()).isEqualTo(v.id());
      assertThat(out.records()).isEqualTo(sorted(records));
      assertThat(out.commit().recordCount()).isEqualTo(records.size());
      for (Record r : records) {
        assertThat(out.record(r.id())).contains(r);
      }
    }
  }

  @Property(tries = 40)
  void diffAppliedToA_givesB(@ForAll("lists") List<Record> a, @ForAll("lists") List<Record> b) throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion va = commitExactly(repo, "main", a);
      repo.createBranch("other", "main");
      DatasetVersion vb = commitExactly(repo, "main", b);

      Diff d = repo.diff(va, vb);
      assertThat(d.applyTo(va.records())).isEqualTo(vb.records());
      DatasetVersion applied = declareBlobs(repo.commit("other").applyDiff(d), b).setMessage("apply").commit();
      assertThat(Repository.open(store).checkout(applied.id()).records()).isEqualTo(vb.records());
      assertThat(repo.diff(applied, vb).isEmpty()).isTrue();
    }
  }

  @Property(tries = 40)
  void mergeOfDisjointChanges_containsBoth(@ForAll("lists") List<Record> base, @ForAll("lists") List<Record> ours,
      @ForAll("lists") List<Record> theirs) throws Exception {
    // ours may touch only even-numbered ids, theirs only odd ones: disjoint by construction
    TreeMap<String, Record> expected = new TreeMap<>();
    base.forEach(r -> expected.put(r.id(), r));
    List<Record> oursList = sideOf(base, ours, 0, expected);
    List<Record> theirsList = sideOf(base, theirs, 1, expected);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      commitExactly(repo, "main", base);
      repo.createBranch("feature", "main");
      commitExactly(repo, "main", oursList);
      commitExactly(repo, "feature", theirsList);

      MergeResult result = repo.merge("feature", "main", "merge");
      assertThat(result.conflicts()).isEmpty();
      assertThat(Repository.open(store).checkout("main").records()).isEqualTo(new ArrayList<>(expected.values()));
    }
  }

  /**
   * One side's version: the base with the ids of the given parity replaced by {@code changes} (present there →
   * updated or added; absent → removed). Applies the same to {@code expected}.
   */
  private static List<Record> sideOf(List<Record> base, List<Record> changes, int parity,
      TreeMap<String, Record> expected) {
    TreeMap<String, Record> side = new TreeMap<>();
    base.forEach(r -> side.put(r.id(), r));
    Map<String, Record> byId = new TreeMap<>();
    changes.forEach(r -> byId.put(r.id(), r));
    for (int i = 0; i < 25; i++) {
      if (i % 2 != parity) {
        continue;
      }
      String id = "r" + i;
      Optional<Record> now = Optional.ofNullable(byId.get(id));
      if (now.isPresent()) {
        side.put(id, now.get());
        expected.put(id, now.get());
      } else {
        side.remove(id);
        expected.remove(id);
      }
    }
    return new ArrayList<>(side.values());
  }
}
