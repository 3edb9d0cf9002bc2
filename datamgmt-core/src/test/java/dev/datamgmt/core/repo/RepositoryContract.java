package dev.datamgmt.core.repo;

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

  @BeforeEach
  void openRepository() throws Exception {
    store = newStore();
    repo = Repository.init(store);
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
        .hasMessageContaining("refs/heads/main/");
    assertThat(repo.head("main")).contains(won.id());

    DatasetVersion retried = repo.commit("main").addRecord(record("c", "z", 0)).setMessage("writer 2").commit();
    assertThat(retried.records()).extracting(Record::id).containsExactly("a", "b", "c");
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
    String key = Repository.objectKey(a.blob().orElseThrow().hash());
    store.put(key, "tampered".getBytes(UTF_8));

    assertThatThrownBy(() -> repo.checkout("main").readBlob(a.blob().orElseThrow()))
        .isInstanceOf(IntegrityException.class).hasMessageContaining(key);
  }

  @Test
  void manyCommits_headIsFoundFromAFreshRepositoryObject() throws Exception {
    DatasetVersion last = null;
    for (int i = 0; i < 37; i++) {
      last = repo.commit("main").addRecord(record("r" + i, "v" + i, 0)).setMessage("c" + i).commit();
    }
    Repository fresh = Repository.open(store);
    assertThat(fresh.head("main")).contains(last.id());
    assertThat(fresh.checkout("main").size()).isEqualTo(37);
    assertThat(fresh.log("main", 5)).hasSize(5);
    assertThat(fresh.log("main")).hasSize(37);
  }

  @Test
  void open_withoutMarker_failsClearly() throws Exception {
    try (BlobStore empty = newStore()) {
      assertThatThrownBy(() -> Repository.open(empty)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining(Repository.MARKER_KEY);
    }
  }

  protected static List<String> ids(DatasetVersion v) {
    return v.records().stream().map(Record::id).toList();
  }
}
