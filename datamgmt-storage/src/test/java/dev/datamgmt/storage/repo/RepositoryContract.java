package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of a {@link Repository} on any {@link BlobStore}. Subclasses supply a fresh, empty store; the
 * same suite runs on memory (here), on a local folder and on S3 (in datamgmt-storage).
 */
public abstract class RepositoryContract {
  /** A new, empty store; closed after each test. */
  protected abstract BlobStore newStore() throws Exception;

  protected BlobStore store;
  protected Repository repo;

  /** Makes {@code s} a repository; override to keep its refs elsewhere (a database). */
  protected Repository initRepository(BlobStore s) throws Exception {
    return Repository.init(s);
  }

  /** Opens the repository in {@code s} as a second process would, with the same ref store. */
  protected Repository reopen(BlobStore s, java.time.Clock clock) throws Exception {
    return Repository.open(s, clock);
  }

  /** {@link #reopen(BlobStore, java.time.Clock)} with the system clock. */
  protected Repository reopen(BlobStore s) throws Exception {
    return reopen(s, java.time.Clock.systemUTC());
  }

  @BeforeEach
  void openRepository() throws Exception {
    store = newStore();
    repo = initRepository(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected Record record(String id, String content, int label) throws Exception {
    BlobRef blob = repo.putBlob(content.getBytes(UTF_8), "text/plain");
    return Record.builder(id).setBlob(blob).optLabel(ClassLabel.of(label)).optSplit(Split.TRAIN)
        .addAttribute("len", content.length()).build();
  }

  @Test
  void commit_thenCheckoutBranch_returnsTheCommittedRecords() throws Exception {
    Record a = record("a", "alpha", 0);
    Record b = record("b", "beta", 1);
    DatasetVersion v = repo.commit("main").addRecord(b).addRecord(a).setMessage("first").optAuthor("ana").commit();

    DatasetVersion out = repo.checkout("main");
    assertThat(out.id()).isEqualTo(v.id());
    assertThat(out.records()).containsExactly(a, b);
    assertThat(out.record("b")).contains(b);
    assertThat(out.record("zzz")).isEmpty();
    assertThat(out.commit().message()).isEqualTo("first");
    assertThat(out.commit().author()).isEqualTo("ana");
    assertThat(out.commit().parents()).isEmpty();
    assertThat(new String(out.readBlob(a.blob().orElseThrow()), UTF_8)).isEqualTo("alpha");
  }

  @Test
  void commit_updateAndRemove_buildOnTheParent() throws Exception {
    Record a = record("a", "alpha", 0);
    Record b = record("b", "beta", 1);
    DatasetVersion v1 = repo.commit("main").addRecord(a).addRecord(b).setMessage("one").commit();
    Record a2 = a.toBuilder().optLabel(ClassLabel.of(2)).build();
    Record c = record("c", "gamma", 0);
    DatasetVersion v2 = repo.commit("main").addRecord(a2).removeRecord("b").addRecord(c).setMessage("two").commit();

    assertThat(v2.commit().parents()).containsExactly(v1.id());
    assertThat(repo.checkout("main").records()).containsExactly(a2, c);
    assertThat(repo.checkout(v1.id()).records()).containsExactly(a, b);
    assertThat(repo.log("main")).extracting(Commit::id).containsExactly(v2.id(), v1.id());
  }

  @Test
  void checkout_byTagAndByCommitPrefix_resolveToTheCommit() throws Exception {
    DatasetVersion v1 = repo.commit("main").addRecord(record("a", "x", 0)).setMessage("one").commit();
    repo.createTag("v1", "main");
    repo.commit("main").addRecord(record("b", "y", 0)).setMessage("two").commit();

    assertThat(repo.checkout("v1").id()).isEqualTo(v1.id());
    assertThat(repo.checkout(v1.id().hex().substring(0, 10)).id()).isEqualTo(v1.id());
    assertThat(repo.checkout(v1.id().toString()).id()).isEqualTo(v1.id());
    assertThat(repo.tags()).containsExactly("v1");
    assertThatThrownBy(() -> repo.createTag("v1", "main")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("refs/tags/v1");
  }

  @Test
  void resolve_tildeSuffix_walksFirstParents() throws Exception {
    DatasetVersion v1 = repo.commit("main").addRecord(record("a", "x", 0)).setMessage("one").commit();
    DatasetVersion v2 = repo.commit("main").addRecord(record("b", "y", 0)).setMessage("two").commit();
    DatasetVersion v3 = repo.commit("main").addRecord(record("c", "z", 0)).setMessage("three").commit();

    assertThat(repo.resolve("main~")).isEqualTo(v2.id());
    assertThat(repo.resolve("main~2")).isEqualTo(v1.id());
    assertThat(repo.resolve("main~~")).isEqualTo(v1.id());
    assertThat(repo.resolve(v3.id() + "~1")).isEqualTo(v2.id());
    assertThatThrownBy(() -> repo.resolve("main~3")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("main~3");
  }

  @Test
  void checkout_unknownRevision_failsNamingIt() {
    assertThatThrownBy(() -> repo.checkout("nope")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("\"nope\"");
  }

  @Test
  void commit_whenRefMovedConcurrently_failsWithConflict() throws Exception {
    repo.commit("main").addRecord(record("a", "x", 0)).setMessage("one").commit();
    CommitBuilder first = repo.commit("main").addRecord(record("b", "y", 0)).setMessage("writer 1");
    CommitBuilder second = repo.commit("main").addRecord(record("c", "z", 0)).setMessage("writer 2");
    DatasetVersion won = first.commit();

    assertThatThrownBy(second::commit).isInstanceOf(ConflictException.class)
        .hasMessageContaining("refs/heads/main");
    assertThat(repo.head("main")).contains(won.id());

    DatasetVersion retried = repo.commit("main").addRecord(record("c", "z", 0)).setMessage("writer 2").commit();
    assertThat(retried.records()).extracting(Record::id).containsExactly("a", "b", "c");
  }

  @Test
  void createTagOrBranch_withABadName_isRejectedForTheName_beforeTheRevisionIsLookedUp() throws Exception {
    for (String bad : new String[] {"..", "a/b", ".hidden", "x.lock"}) {
      assertThatThrownBy(() -> repo.createTag(bad, "no-such-revision")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag name must match");
      assertThatThrownBy(() -> repo.createBranch(bad, "no-such-revision")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("branch name must match");
    }
  }

  @Test
  void branches_areIndependent() throws Exception {
    repo.commit("main").addRecord(record("a", "x", 0)).setMessage("one").commit();
    repo.createBranch("dev", "main");
    repo.commit("dev").addRecord(record("d", "dev", 1)).setMessage("dev only").commit();

    assertThat(repo.branches()).containsExactly("dev", "main");
    assertThat(repo.checkout("main").records()).extracting(Record::id).containsExactly("a");
    assertThat(repo.checkout("dev").records()).extracting(Record::id).containsExactly("a", "d");
  }

  @Test
  void commit_recordBreakingTheSchema_isRejectedAndTheBranchStays() throws Exception {
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("cat", "dog").build();
    DatasetVersion v1 = repo.commit("main").optSchema(schema).addRecord(record("a", "x", 1)).setMessage("ok").commit();
    assertThat(v1.schema()).contains(schema);

    assertThatThrownBy(() -> repo.commit("main").addRecord(record("b", "y", 5)).setMessage("bad").commit())
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("record b");
    assertThat(repo.head("main")).contains(v1.id());
  }

  @Test
  void commit_recordWithUnstoredBlob_isRejected() throws Exception {
    Record r = Record.builder("x").setBlob(BlobRef.of("never stored".getBytes(UTF_8), "text/plain")).build();
    assertThatThrownBy(() -> repo.commit("main").addRecord(r).setMessage("dangling").commit())
        .isInstanceOf(NotFoundException.class).hasMessageContaining("record x");
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void readBlob_whenStoredBytesAreDamaged_failsNamingTheObject() throws Exception {
    Record a = record("a", "alpha", 0);
    DatasetVersion v = repo.commit("main").addRecord(a).setMessage("one").commit();
    String key = RepositoryKeys.objectKey(a.blob().orElseThrow().hash());
    store.put(key, "tampered".getBytes(UTF_8));

    assertThatThrownBy(() -> repo.checkout("main").readBlob(a.blob().orElseThrow()))
        .isInstanceOf(IntegrityException.class).hasMessageContaining(key);
  }

  @Test
  void manyCommits_headIsFoundFromAFreshRepositoryObject() throws Exception {
    DatasetVersion last = null;
    for (int i = 0; i < 21; i++) {
      last = repo.commit("main").addRecord(record("r" + i, "v" + i, 0)).setMessage("c" + i).commit();
    }
    Repository fresh = reopen(store);
    assertThat(fresh.head("main")).contains(last.id());
    assertThat(fresh.checkout("main").size()).isEqualTo(21);
    assertThat(fresh.log("main", 5)).hasSize(5);
    assertThat(fresh.log("main")).hasSize(21);
  }

  @Test
  void open_withoutMarker_failsClearly() throws Exception {
    try (BlobStore empty = newStore()) {
      assertThatThrownBy(() -> reopen(empty)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining(Repository.MARKER_KEY);
    }
  }

  @Test
  void merge_disjointChanges_containsBoth() throws Exception {
    repo.commit("main").addRecord(record("a", "a", 0)).addRecord(record("b", "b", 0)).setMessage("base").commit();
    repo.createBranch("feature", "main");
    Record b2 = record("b", "b2", 1);
    repo.commit("feature").addRecord(b2).addRecord(record("f", "f", 0)).setMessage("feature work").commit();
    repo.commit("main").removeRecord("a").addRecord(record("m", "m", 0)).setMessage("main work").commit();

    MergeResult result = repo.merge("feature", "main", "merge feature");

    assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.MERGED);
    DatasetVersion merged = repo.checkout("main");
    assertThat(ids(merged)).containsExactly("b", "f", "m");
    assertThat(merged.record("b")).contains(b2);
    assertThat(merged.commit().parents()).hasSize(2).contains(repo.resolve("feature"));
  }

  @Test
  void merge_sameRecordChangedDifferently_reportsTheConflictAndCommitsNothing() throws Exception {
    repo.commit("main").addRecord(record("a", "a", 0)).addRecord(record("b", "b", 0)).setMessage("base").commit();
    repo.createBranch("other", "main");
    repo.commit("other").addRecord(record("a", "theirs", 1)).setMessage("theirs").commit();
    DatasetVersion oursHead = repo.commit("main").addRecord(record("a", "ours", 2)).setMessage("ours").commit();

    MergeResult result = repo.merge("other", "main", "merge");

    assertThat(result.outcome()).isEqualTo(MergeResult.Outcome.CONFLICTS);
    assertThat(result.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("a");
      assertThat(c.ours().label()).contains(ClassLabel.of(2));
      assertThat(c.theirs().label()).contains(ClassLabel.of(1));
      assertThat(c.base().label()).contains(ClassLabel.of(0));
    });
    assertThat(repo.head("main")).contains(oursHead.id());
  }

  @Test
  void merge_ofADescendant_fastForwards_andOfAnAncestor_isUpToDate() throws Exception {
    DatasetVersion v1 = repo.commit("main").addRecord(record("a", "a", 0)).setMessage("one").commit();
    repo.createBranch("ahead", "main");
    DatasetVersion v2 = repo.commit("ahead").addRecord(record("b", "b", 0)).setMessage("two").commit();

    assertThat(repo.merge("ahead", "main", "ff").outcome()).isEqualTo(MergeResult.Outcome.FAST_FORWARD);
    assertThat(repo.head("main")).contains(v2.id());
    assertThat(repo.merge(v1.id().toString(), "main", "noop").outcome()).isEqualTo(MergeResult.Outcome.UP_TO_DATE);
    assertThat(repo.head("main")).contains(v2.id());
  }

  @Test
  void diff_reportsAddedRemovedChangedAndLabelChanges() throws Exception {
    Record a = record("a", "a", 0);
    Record b = record("b", "b", 0);
    Record c = record("c", "c", 0);
    DatasetVersion v1 = repo.commit("main").addRecord(a).addRecord(b).addRecord(c).setMessage("one").commit();
    Record b2 = b.toBuilder().optLabel(ClassLabel.of(1)).build();
    Record c2 = c.toBuilder().addAttribute("reviewed", true).build();
    DatasetVersion v2 = repo.commit("main").removeRecord("a").addRecord(b2).addRecord(c2)
        .addRecord(record("d", "d", 0)).setMessage("two").commit();

    Diff d = repo.diff(v1.id().toString(), "main");
    assertThat(d.added()).extracting(Record::id).containsExactly("d");
    assertThat(d.removed()).containsExactly(a);
    assertThat(d.changed()).extracting(Diff.Change::id).containsExactly("b", "c");
    assertThat(d.labelChanges()).extracting(Diff.Change::id).containsExactly("b");
    assertThat(d.applyTo(v1.records())).isEqualTo(v2.records());
  }

  @Test
  void concurrentWriters_eachRetryingOnConflict_loseNoUpdate() throws Exception {
    repo.commit("main").setMessage("root").commit();
    int writers = 3;
    int perWriter = 4;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perWriter; i++) {
          Record r = record("w" + writer + "-" + i, "payload " + writer + " " + i, 0);
          while (true) {
            try {
              repo.commit("main").addRecord(r).setMessage("writer " + writer).commit();
              break;
            } catch (ConflictException e) {
              conflicts.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (java.util.concurrent.Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();

    DatasetVersion head = repo.checkout("main");
    assertThat(head.size()).isEqualTo(writers * perWriter);
    assertThat(repo.log("main")).hasSize(writers * perWriter + 1);
    assertThat(repo.fsck().isClean()).isTrue();
  }

  @Test
  void fsck_onAHealthyRepository_isClean_andCountsWhatItChecked() throws Exception {
    repo.commit("main").addRecord(record("a", "a", 0)).addRecord(record("b", "b", 0)).setMessage("one").commit();
    repo.commit("main").addRecord(record("c", "c", 0)).setMessage("two").commit();

    FsckReport report = repo.fsck();
    assertThat(report.isClean()).isTrue();
    assertThat(report.commits()).isEqualTo(2);
    assertThat(report.manifests()).isEqualTo(2);
    assertThat(report.blobs()).isEqualTo(3);
  }

  @Test
  void fsck_findsACorruptAndAMissingBlobByName() throws Exception {
    Record a = record("a", "alpha", 0);
    Record b = record("b", "beta", 0);
    repo.commit("main").addRecord(a).addRecord(b).setMessage("one").commit();
    String corrupt = RepositoryKeys.objectKey(a.blob().orElseThrow().hash());
    String missing = RepositoryKeys.objectKey(b.blob().orElseThrow().hash());
    store.put(corrupt, "flipped".getBytes(UTF_8));
    store.delete(missing);

    FsckReport report = repo.fsck();
    assertThat(report.problems()).extracting(FsckReport.Problem::kind, FsckReport.Problem::key)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(FsckReport.Kind.CORRUPT, corrupt),
            org.assertj.core.groups.Tuple.tuple(FsckReport.Kind.MISSING, missing));
  }

  @Test
  void fsck_findsACorruptCommitAndAMissingManifest() throws Exception {
    DatasetVersion v1 = repo.commit("main").addRecord(record("a", "a", 0)).setMessage("one").commit();
    repo.createBranch("side", "main");
    DatasetVersion v2 = repo.commit("side").addRecord(record("b", "b", 0)).setMessage("two").commit();
    String commitKey = RepositoryKeys.commitKey(v1.id());
    byte[] bytes = store.get(commitKey);
    bytes[bytes.length - 2] ^= 1;
    store.put(commitKey, bytes);
    store.delete(RepositoryKeys.manifestKey(v2.commit().manifest()));

    FsckReport report = repo.fsck();
    assertThat(report.problems()).extracting(FsckReport.Problem::kind, FsckReport.Problem::key)
        .contains(org.assertj.core.groups.Tuple.tuple(FsckReport.Kind.CORRUPT, commitKey),
            org.assertj.core.groups.Tuple.tuple(FsckReport.Kind.MISSING, RepositoryKeys.manifestKey(v2.commit().manifest())));
    Repository fresh = reopen(store);
    assertThatThrownBy(() -> fresh.checkout(v1.id())).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(commitKey);
  }

  @Test
  void gc_deletesOnlyUnreachableObjectsOlderThanTheGracePeriod() throws Exception {
    Record a = record("a", "a", 0);
    DatasetVersion v1 = repo.commit("main").addRecord(a).setMessage("one").commit();
    repo.createTag("t1", "main");
    DatasetVersion v2 = repo.commit("main").removeRecord("a").addRecord(record("b", "b", 0)).setMessage("two").commit();
    // a writer that lost the race leaves a commit, a manifest and a blob nobody references
    CommitBuilder loser = repo.commit("main").addRecord(record("lost", "lost payload", 0)).setMessage("loser");
    repo.commit("main").addRecord(record("c", "c", 0)).setMessage("winner").commit();
    assertThatThrownBy(loser::commit).isInstanceOf(ConflictException.class);
    BlobRef orphan = repo.putBlob("never committed".getBytes(UTF_8), "text/plain");

    GcReport young = repo.gc(java.time.Duration.ofHours(1));
    assertThat(young.deleted()).isZero();
    assertThat(young.keptYoung()).isEqualTo(4); // lost commit, its manifest, its blob, the orphan

    Thread.sleep(20);
    GcReport report = repo.gc(java.time.Duration.ZERO);
    assertThat(report.deleted()).isEqualTo(4);
    assertThat(store.exists(RepositoryKeys.objectKey(orphan.hash()))).isFalse();
    // everything reachable survives: every version still checks out and verifies
    assertThat(repo.fsck().isClean()).isTrue();
    assertThat(repo.checkout(v1.id()).readBlob(a.blob().orElseThrow())).isEqualTo("a".getBytes(UTF_8));
    assertThat(ids(repo.checkout(v2.id()))).containsExactly("b");
    assertThat(ids(repo.checkout("main"))).containsExactly("b", "c");
    assertThat(repo.gc(java.time.Duration.ZERO).deleted()).isZero();
  }

  @Test
  void putBlob_ofAnOldUnreachableObject_renewsIt_soGcSparesItForTheCommitAboutToUseIt() throws Exception {
    byte[] data = "reused".getBytes(UTF_8);
    java.time.Instant start = java.time.Instant.now();
    MutableClock clock = new MutableClock(start);
    Repository timed = reopen(store, clock);
    timed.putBlob(data, "text/plain"); // an orphan: e.g. left by a crashed writer
    String key = RepositoryKeys.objectKey(BlobRef.of(data, "text/plain").hash());
    java.time.Instant firstWrite = store.stat(key).orElseThrow().lastModified();

    // two hours later, a writer reuses the same bytes; the store's own clock is real, so age the repository's
    clock.set(start.plus(java.time.Duration.ofHours(2)));
    Thread.sleep(1100); // stores with second-granularity times (S3) must see a newer time
    BlobRef again = timed.putBlob(data, "text/plain");
    java.time.Instant renewed = store.stat(key).orElseThrow().lastModified();
    assertThat(renewed).isAfter(firstWrite);
    assertThat(again.hash()).isEqualTo(BlobRef.of(data, "text/plain").hash());
  }

  /** A clock tests can move. */
  protected static final class MutableClock extends java.time.Clock {
    private volatile java.time.Instant now;

    protected MutableClock(java.time.Instant now) {
      this.now = now;
    }

    void set(java.time.Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  @Test
  void gc_whenHistoryIsDamaged_refusesToDeleteAnything() throws Exception {
    DatasetVersion v1 = repo.commit("main").addRecord(record("a", "a", 0)).setMessage("one").commit();
    repo.putBlob("orphan".getBytes(UTF_8), "text/plain");
    store.delete(RepositoryKeys.commitKey(v1.id()));
    int before = countObjects();

    assertThatThrownBy(() -> repo.gc(java.time.Duration.ZERO)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(RepositoryKeys.commitKey(v1.id()));
    assertThat(countObjects()).isEqualTo(before);
  }

  @Test
  void prefetch_fetchesOnlyTheChosenSubset() throws Exception {
    Record a = record("a", "aaaa", 0);
    Record b = record("b", "bb", 1);
    Record c = record("c", "cccccc", 1);
    DatasetVersion v = repo.commit("main").addRecord(a).addRecord(b).addRecord(c).setMessage("one").commit();

    DatasetVersion.PrefetchReport r = v.prefetch(x -> x.label().equals(java.util.Optional.of(ClassLabel.of(1))));
    assertThat(r.records()).isEqualTo(2);
    assertThat(r.blobs()).isEqualTo(2);
    assertThat(r.bytes()).isEqualTo(8);
  }

  @Test
  void openBlob_streamsAndVerifies() throws Exception {
    Record a = record("a", "streamed content", 0);
    DatasetVersion v = repo.commit("main").addRecord(a).setMessage("one").commit();
    try (java.io.InputStream in = v.openBlob(a.blob().orElseThrow())) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("streamed content");
    }
    store.put(RepositoryKeys.objectKey(a.blob().orElseThrow().hash()), "evil".getBytes(UTF_8));
    try (java.io.InputStream in = v.openBlob(a.blob().orElseThrow())) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(java.io.IOException.class)
          .hasCauseInstanceOf(IntegrityException.class);
    }
  }

  protected int countObjects() {
    return (int) store.listAll("").count();
  }

  protected static List<String> ids(DatasetVersion v) {
    return v.records().stream().map(Record::id).toList();
  }

  // ------------------------------------------------------------------ packs

  private List<BlobRef> packBlobs(PackWriter w, String prefix, int n) throws Exception {
    List<BlobRef> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(w.put((prefix + "-" + i + "-" + "x".repeat(i % 7)).getBytes(UTF_8), "text/plain"));
    }
    return out;
  }

  @Test
  void packedBlobs_areReadVerifiedAndPrefetched_andWriteNoObjectPerBlob() throws Exception {
    List<BlobRef> refs;
    try (PackWriter w = repo.newPackWriter(100)) {
      refs = packBlobs(w, "p", 40);
      w.put(refs.get(0).hash(), ("p-0-").getBytes(UTF_8)); // the same blob again: stored once
      assertThat(w.packsWritten()).isGreaterThan(1); // a pack each time 100 bytes are buffered
    }
    CommitBuilder c = repo.commit("main").setMessage("packed");
    for (int i = 0; i < refs.size(); i++) {
      c.addRecord(Record.builder("r" + i).setBlob(refs.get(i)).optLabel(ClassLabel.of(i % 2)).build());
    }
    DatasetVersion v = c.commit();
    assertThat(store.listAll("objects/").count()).isZero();
    assertThat(store.listAll("packs/").count()).isGreaterThan(2);

    Repository fresh = reopen(store); // locates the blobs through the pack indexes it lists
    DatasetVersion back = fresh.checkout(v.id());
    for (int i = 0; i < refs.size(); i++) {
      byte[] expected = ("p-" + i + "-" + "x".repeat(i % 7)).getBytes(UTF_8);
      assertThat(back.readBlob(refs.get(i))).isEqualTo(expected);
      try (java.io.InputStream in = back.openBlob(refs.get(i))) {
        assertThat(in.readAllBytes()).isEqualTo(expected);
      }
      assertThat(fresh.hasBlob(refs.get(i).hash())).isTrue();
    }
    DatasetVersion.PrefetchReport r = back.prefetch(x -> x.label().equals(java.util.Optional.of(ClassLabel.of(1))));
    assertThat(r.records()).isEqualTo(20);
    assertThat(r.blobs()).isEqualTo(20);
    assertThat(repo.fsck().isClean()).isTrue();
    assertThat(repo.fsck().blobs()).isEqualTo(40);
  }

  @Test
  void packWriter_skipsBlobsPackedRecently_andCommitsCannotReferenceUnwrittenPacks() throws Exception {
    BlobRef first;
    try (PackWriter w = repo.newPackWriter()) {
      first = w.put("shared".getBytes(UTF_8), "text/plain");
      // not written yet: a commit referencing it is refused
      CommitBuilder early = repo.commit("main").setMessage("too early")
          .addRecord(Record.builder("a").setBlob(first).build());
      assertThatThrownBy(early::commit).isInstanceOf(NotFoundException.class).hasMessageContaining("record a");
    }
    try (PackWriter again = repo.newPackWriter()) {
      again.put("shared".getBytes(UTF_8), "text/plain");
      assertThat(again.blobsWritten()).isZero();
    }
    assertThat(store.listAll("packs/").count()).isEqualTo(2); // one pack and its index
    repo.commit("main").setMessage("now").addRecord(Record.builder("a").setBlob(first).build()).commit();
    PackWriter closed = repo.newPackWriter();
    closed.close();
    assertThatThrownBy(() -> closed.put("late".getBytes(UTF_8), "text/plain"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void fsck_findsACorruptPackAMissingPackAndADamagedPackIndexByName() throws Exception {
    List<BlobRef> one;
    List<BlobRef> two;
    List<BlobRef> three;
    try (PackWriter w = repo.newPackWriter()) {
      one = packBlobs(w, "one", 5);
      w.flush();
      two = packBlobs(w, "two", 5);
      w.flush();
      three = packBlobs(w, "three", 5);
    }
    CommitBuilder c = repo.commit("main").setMessage("three packs");
    int n = 0;
    for (List<BlobRef> l : List.of(one, two, three)) {
      for (BlobRef b : l) {
        c.addRecord(Record.builder("r" + n++).setBlob(b).build());
      }
    }
    c.commit();
    Packs.Location a = repo.objects().packIndex().find(one.get(2).hash());
    Packs.Location b = repo.objects().packIndex().find(two.get(0).hash());
    Packs.Location d = repo.objects().packIndex().find(three.get(0).hash());
    String corruptPack = Packs.packKey(a.pack());
    byte[] bytes = store.get(corruptPack);
    bytes[(int) a.offset()] ^= 1;
    store.put(corruptPack, bytes);
    store.delete(Packs.packKey(b.pack()));
    String damagedIndex = Packs.indexKey(d.pack());
    byte[] idx = store.get(damagedIndex);
    idx[idx.length / 2] ^= 1;
    store.put(damagedIndex, idx);

    FsckReport report = repo.fsck();
    assertThat(report.isClean()).isFalse();
    assertThat(report.problems()).anySatisfy(p -> {
      assertThat(p.kind()).isEqualTo(FsckReport.Kind.CORRUPT);
      assertThat(p.key()).isEqualTo(corruptPack);
      assertThat(p.detail()).contains(one.get(2).hash().toString()).contains("offset " + a.offset());
    });
    assertThat(report.problems()).anySatisfy(p -> {
      assertThat(p.kind()).isEqualTo(FsckReport.Kind.MISSING);
      assertThat(p.key()).isEqualTo(Packs.packKey(b.pack()));
    });
    assertThat(report.problems()).anySatisfy(p -> {
      assertThat(p.kind()).isEqualTo(FsckReport.Kind.CORRUPT);
      assertThat(p.key()).isEqualTo(damagedIndex);
      assertThat(p.detail()).contains("checksum");
    });
    // the blobs of the damaged index's pack are unlocatable, and a read says why
    Repository fresh = reopen(store);
    DatasetVersion v = fresh.checkout("main");
    assertThatThrownBy(() -> v.readBlob(three.get(1))).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(damagedIndex);
    assertThatThrownBy(() -> v.readBlob(one.get(2))).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(corruptPack);
    assertThat(v.readBlob(one.get(1))).isEqualTo("one-1-x".getBytes(UTF_8)); // the rest of the pack is fine
    // an intact copy as an object of its own serves reads of the damaged packed one
    fresh.putBlob("one-2-xx".getBytes(UTF_8), "text/plain");
    assertThat(v.readBlob(one.get(2))).isEqualTo("one-2-xx".getBytes(UTF_8));
  }

  @Test
  void gc_deletesAPackOnlyWhenNoneOfItsBlobsIsReachable() throws Exception {
    List<BlobRef> used;
    List<BlobRef> unused;
    try (PackWriter w = repo.newPackWriter()) {
      used = packBlobs(w, "used", 3);
      w.flush();
      unused = packBlobs(w, "unused", 3);
    }
    // two of the first pack's three blobs are referenced: less than half of it is garbage, the whole pack stays
    repo.commit("main").setMessage("one").addRecord(Record.builder("a").setBlob(used.get(1)).build())
        .addRecord(Record.builder("b").setBlob(used.get(2)).build()).commit();
    byte[] leftover = "a pack whose writer died before its index".getBytes(UTF_8);
    store.put(Packs.packKey(dev.datamgmt.core.hash.ContentHash.of(leftover)), leftover);

    GcReport young = repo.gc(java.time.Duration.ofHours(1));
    assertThat(young.deleted()).isZero();
    assertThat(young.keptYoung()).isEqualTo(2); // the unused pack and the leftover
    Thread.sleep(20);
    GcReport report = repo.gc(java.time.Duration.ZERO);
    assertThat(report.deleted()).isEqualTo(3); // the unused pack, its index, the leftover
    Packs.Location kept = repo.objects().packIndex().find(used.get(0).hash());
    assertThat(store.exists(Packs.packKey(kept.pack()))).isTrue();
    assertThat(store.listAll("packs/").count()).isEqualTo(2);
    Repository fresh = reopen(store);
    assertThat(fresh.hasBlob(unused.get(0).hash())).isFalse();
    assertThat(fresh.checkout("main").readBlob(used.get(1))).isEqualTo("used-1-x".getBytes(UTF_8));
    assertThat(fresh.hasBlob(used.get(0).hash())).isTrue(); // unreachable, but kept with its pack
    assertThat(report.repacked()).isZero();
    assertThat(repo.fsck().isClean()).isTrue();
  }

  @Test
  void gc_repacksAPackThatIsMostlyGarbage_andReadersHoldingTheOldIndexStillFindTheirBlobs() throws Exception {
    List<BlobRef> blobs;
    try (PackWriter w = repo.newPackWriter()) {
      blobs = packBlobs(w, "blob", 6);
    }
    DatasetVersion v = repo.commit("main").setMessage("keeps one")
        .addRecord(Record.builder("a").setBlob(blobs.get(4)).build()).commit();
    Repository reader = reopen(store);
    DatasetVersion readerView = reader.checkout(v.id());
    assertThat(readerView.readBlob(blobs.get(4))).isEqualTo("blob-4-xxxx".getBytes(UTF_8)); // index loaded now
    Packs.Location before = reader.objects().packIndex().find(blobs.get(4).hash());
    long packBytes = store.stat(Packs.packKey(before.pack())).orElseThrow().size();

    assertThat(repo.gc(java.time.Duration.ofHours(1)).repacked()).isZero(); // young: left alone
    Thread.sleep(20);
    GcReport report = repo.gc(java.time.Duration.ZERO);

    assertThat(report.repacked()).isEqualTo(1);
    assertThat(store.exists(Packs.packKey(before.pack()))).isFalse();
    assertThat(store.exists(Packs.indexKey(before.pack()))).isFalse();
    assertThat(report.deletedBytes()).isGreaterThan(packBytes - "blob-4-xxxx".length());
    Repository fresh = reopen(store);
    Packs.Location after = fresh.objects().packIndex().find(blobs.get(4).hash());
    assertThat(after.pack()).isNotEqualTo(before.pack());
    assertThat(store.stat(Packs.packKey(after.pack())).orElseThrow().size()).isEqualTo("blob-4-xxxx".length());
    for (int i = 0; i < 6; i++) {
      assertThat(fresh.hasBlob(blobs.get(i).hash())).isEqualTo(i == 4);
    }
    // a reader that loaded the index before gc: its read misses the old pack, looks again, finds the new one
    assertThat(readerView.readBlob(blobs.get(4))).isEqualTo("blob-4-xxxx".getBytes(UTF_8));
    try (java.io.InputStream in = readerView.openBlob(blobs.get(4))) {
      assertThat(in.readAllBytes()).isEqualTo("blob-4-xxxx".getBytes(UTF_8));
    }
    assertThat(repo.fsck().isClean()).isTrue();
    Thread.sleep(20);
    assertThat(repo.gc(java.time.Duration.ZERO).deleted()).isZero(); // nothing left to collect
  }
}
