package dev.datamgmt.label.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels from the store become a new dataset version whose lineage says where they came from. */
class FeedbackCommitTest {
  @TempDir Path tmp;
  Repository repo;
  LabelStore store;
  DatasetVersion v1;
  int second;

  @BeforeEach
  void setUp() throws Exception {
    repo = Repository.init(new InMemoryBlobStore());
    var cb = repo.commit("main").setMessage("first images")
        .optSchema(DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("cat", "dog", "bird").build());
    for (int i = 0; i < 6; i++) {
      var blob = cb.putBlob(("img " + i).getBytes(StandardCharsets.UTF_8), "image/jpeg");
      cb.addRecord(Record.builder("r" + i).setBlob(blob).optLabel(ClassLabel.of(0)).build());
    }
    v1 = cb.commit();
    store = LabelStores.sqlite(tmp.resolve("labels.db")).build();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  void label(String record, String annotator, int cls, LabelSource source) throws Exception {
    store.add(Annotation.builder(record, ClassLabel.of(cls)).setDatasetVersion(v1.id().toString())
        .setAnnotator(annotator).optSource(source).optTime(Instant.EPOCH.plusSeconds(second++)).build());
  }

  @Test
  void majorityVote_relabelsAgreedRecords_withLineageOfWhoLabeledThem() throws Exception {
    label("r0", "alice", 1, LabelSource.HUMAN);
    label("r0", "bob", 1, LabelSource.HUMAN);
    label("r0", "carol", 2, LabelSource.HUMAN);
    label("r1", "alice", 2, LabelSource.HUMAN); // one vote only: below minVotes
    label("r2", "alice", 0, LabelSource.HUMAN); // agrees with the current label: unchanged
    label("r2", "bob", 0, LabelSource.HUMAN);
    label("r3", "net", 2, LabelSource.MODEL); // model predictions do not count by default
    label("r3", "net-2", 2, LabelSource.MODEL);
    label("r4", "user-17", 2, LabelSource.USER_FEEDBACK);
    label("r4", "bob", 2, LabelSource.HUMAN);

    FeedbackCommit.Result result = FeedbackCommit.builder(repo, store).setBranch("main")
        .setRule(FeedbackCommit.Rule.MAJORITY_VOTE).optMinVotes(2).optAuthor("flywheel").build().commit();

    assertThat(result.recordsChanged()).isEqualTo(2);
    assertThat(result.recordsSkipped()).isEqualTo(1);
    DatasetVersion v2 = result.version().orElseThrow();
    assertThat(v2.commit().parents()).containsExactly(v1.id());
    assertThat(repo.checkout("main").id()).isEqualTo(v2.id());
    List<Integer> labels = new ArrayList<>();
    for (Record r : v2) {
      labels.add(((ClassLabel) r.label().orElseThrow()).index());
    }
    assertThat(labels).containsExactly(1, 0, 0, 0, 2, 0);
    Record r0 = v2.records().get(0);
    assertThat(r0.attributes()).containsEntry("label_annotators", "alice,bob");
    assertThat((Double) r0.attributes().get("label_confidence")).isCloseTo(2 / 3.0,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(v2.records().get(0).blob()).isEqualTo(v1.records().get(0).blob());

    assertThat(v2.commit().author()).isEqualTo("flywheel");
    assertThat(v2.commit().lineage()).containsEntry("label.rule", "MAJORITY_VOTE")
        .containsEntry("label.annotator.alice", "1").containsEntry("label.annotator.bob", "2")
        .containsEntry("label.annotator.user-17", "1").doesNotContainKey("label.annotator.carol");
    Provenance p = v2.commit().provenance().orElseThrow();
    assertThat(p.sources()).contains(new Provenance.Source("dataset", v1.id().toString()),
        new Provenance.Source("label-source:HUMAN", "alice"),
        new Provenance.Source("label-source:USER_FEEDBACK", "user-17"));
    assertThat(p.steps().get(0).name()).isEqualTo("label-consensus");
    assertThat(p.steps().get(0).settings()).containsEntry("records_changed", "2").containsEntry("min_votes", "2");
  }

  @Test
  void nothingToChange_commitsNothing() throws Exception {
    label("r0", "alice", 0, LabelSource.HUMAN);
    FeedbackCommit.Result result = FeedbackCommit.builder(repo, store).setBranch("main")
        .setRule(FeedbackCommit.Rule.DAWID_SKENE).build().commit();
    assertThat(result.version()).isEmpty();
    assertThat(repo.checkout("main").id()).isEqualTo(v1.id());
  }

  @Test
  void latest_takesTheMostRecentAnnotation_fromTheChosenSources() throws Exception {
    label("r5", "net", 1, LabelSource.MODEL);
    label("r5", "user-3", 2, LabelSource.USER_FEEDBACK);
    label("r5", "net", 1, LabelSource.MODEL);
    DatasetVersion v2 = FeedbackCommit.builder(repo, store).setBranch("main").setRule(FeedbackCommit.Rule.LATEST)
        .optSources(EnumSet.of(LabelSource.USER_FEEDBACK)).build().commit().version().orElseThrow();
    assertThat(v2.records().get(5).label()).contains(ClassLabel.of(2));
    assertThat(v2.records().get(5).attributes()).containsEntry("label_annotators", "user-3");
  }

  @Test
  void aClassOutsideTheSchema_failsNamingTheRecord_andCommitsNothing() throws Exception {
    label("r2", "alice", 7, LabelSource.HUMAN);
    assertThatThrownBy(() -> FeedbackCommit.builder(repo, store).setBranch("main")
        .setRule(FeedbackCommit.Rule.LATEST).build().commit())
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("r2");
    assertThat(repo.checkout("main").id()).isEqualTo(v1.id());
  }

  @Test
  void builder_missingAndConflictingSettings() {
    assertThatThrownBy(() -> FeedbackCommit.builder(repo, store).setRule(FeedbackCommit.Rule.LATEST).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("branch");
    assertThatThrownBy(() -> FeedbackCommit.builder(repo, store).setBranch("main").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rule");
    assertThatThrownBy(() -> FeedbackCommit.builder(repo, store).setBranch("main")
        .setRule(FeedbackCommit.Rule.LATEST).optMinVotes(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minVotes 2").hasMessageContaining("LATEST");
  }
}
