package dev.datamgmt.label.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LabelStore} must have. Each backend's test class extends this and supplies a fresh,
 * empty database per test; the same scenarios then hold on SQLite and on a real PostgreSQL server.
 */
abstract class LabelStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Prepares a new, empty database; {@link #open()} opens stores on it until the next call. */
  abstract void newDatabase() throws Exception;

  /** Opens a store on the current database (another "process" when called twice). */
  abstract LabelStore open() throws Exception;

  /** A plain JDBC connection to the current database, for looking from outside and tampering. */
  abstract Connection rawConnection() throws Exception;

  /** Makes the database refuse any insert whose record id is {@code "poison"} (a trigger). */
  abstract void installPoisonTrigger(Connection c) throws Exception;

  /** A store builder pointed at a database that cannot be reached; build() must fail. */
  abstract LabelStore openUnreachable() throws Exception;

  LabelStore store;

  @BeforeEach
  void openStore() throws Exception {
    newDatabase();
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
    store.close(); // idempotent
  }

  static Annotation ann(String record, String annotator, Label label, double confidence, int second,
      LabelSource source) {
    return Annotation.builder(record, label).setDatasetVersion("v1").setAnnotator(annotator)
        .optConfidence(confidence).optTime(T0.plusSeconds(second)).optSource(source).build();
  }

  static Annotation human(String record, String annotator, int classIndex, int second) {
    return ann(record, annotator, ClassLabel.of(classIndex), 1.0, second, LabelSource.HUMAN);
  }

  @Test
  void add_thenLabelsOf_returnsEveryFieldInTimeOrder() throws Exception {
    Annotation boxes = Annotation.builder("r1", BoxesLabel.of(new Box(1.5, 2, 30, 40.25, 2), new Box(0, 0, 1, 1, 0)))
        .setDatasetVersion("sha256:abc").setAnnotator("alice").optConfidence(0.25)
        .optTime(Instant.parse("2026-02-03T04:05:06.123456789Z")).optSource(LabelSource.HUMAN)
        .addMetadata("tool", "label-studio").addMetadata("lead_time", "3.5").build();
    Annotation text = ann("r1", "model-7", new TextLabel("a cat"), 0.5, 1, LabelSource.MODEL);
    Annotation multi = ann("r1", "lf-colour", new MultiLabel(List.of(1, 4)), 0.75, 0, LabelSource.LABELING_FUNCTION);
    Annotation other = human("r2", "alice", 1, 0);
    store.addAll(List.of(boxes, text, multi, other));

    List<Annotation> got = store.labelsOf("r1");

    assertThat(got).containsExactly(multi, text, boxes);
    assertThat(got.get(2).time()).isEqualTo(Instant.parse("2026-02-03T04:05:06.123456Z"));
    assertThat(got.get(2).metadata()).containsEntry("tool", "label-studio").containsEntry("lead_time", "3.5");
    assertThat(store.labelsOf("nope")).isEmpty();
    assertThat(store.count()).isEqualTo(4);
  }

  @Test
  void history_changesSince_andLabelsOn_selectTheRightRows() throws Exception {
    store.add(human("r1", "alice", 0, 10));
    store.add(human("r2", "bob", 1, 20));
    store.add(human("r3", "alice", 2, 30));
    store.add(Annotation.builder("r4", ClassLabel.of(1)).setDatasetVersion("v2").setAnnotator("alice")
        .optTime(T0.plusSeconds(40)).build());

    assertThat(store.history("alice")).extracting(Annotation::recordId).containsExactly("r1", "r3", "r4");
    assertThat(store.history("carol")).isEmpty();
    assertThat(store.changesSince(T0.plusSeconds(20))).extracting(Annotation::recordId).containsExactly("r3", "r4");
    assertThat(store.changesSince(T0.plusSeconds(40))).isEmpty();
    assertThat(store.labelsOn("v2")).extracting(Annotation::recordId).containsExactly("r4");
  }

  @Test
  void classBelowConfidence_findsOnlyThatClassUnderTheThreshold() throws Exception {
    store.addAll(List.of(
        ann("r1", "m", ClassLabel.of(3), 0.2, 0, LabelSource.MODEL),
        ann("r2", "m", ClassLabel.of(3), 0.6, 1, LabelSource.MODEL),
        ann("r3", "m", ClassLabel.of(3), 0.59, 2, LabelSource.MODEL),
        ann("r4", "m", ClassLabel.of(2), 0.1, 3, LabelSource.MODEL),
        ann("r5", "m", new MultiLabel(List.of(3)), 0.1, 4, LabelSource.MODEL)));

    assertThat(store.classBelowConfidence(3, 0.6)).extracting(Annotation::recordId).containsExactly("r1", "r3");
  }

  @Test
  void disagreements_countEachAnnotatorsLatestLabel_withinTheGivenSources() throws Exception {
    store.addAll(List.of(
        human("agree", "alice", 1, 0), human("agree", "bob", 1, 1),
        human("split", "alice", 1, 0), human("split", "bob", 2, 1),
        // alice changed her mind: her latest label agrees with bob's
        human("fixed", "alice", 2, 0), human("fixed", "bob", 1, 1), human("fixed", "alice", 1, 2),
        // one annotator with two labels over time is not a disagreement
        human("solo", "alice", 0, 0), human("solo", "alice", 3, 1),
        // the model disagrees with the person
        human("model", "alice", 0, 0), ann("model", "net", ClassLabel.of(4), 0.9, 1, LabelSource.MODEL)));

    assertThat(store.disagreements()).containsExactly("model", "split");
    assertThat(store.disagreements(EnumSet.of(LabelSource.HUMAN))).containsExactly("split");
    assertThatThrownBy(() -> store.disagreements(EnumSet.noneOf(LabelSource.class)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addAll_ofManyRows_keepsEveryCharacterAndNumber() throws Exception {
    // 250 rows: PostgreSQL's COPY text format (from 64 rows on), SQLite's batched INSERT
    String[] nasty = {"tab\there", "new\nline", "cr\rlf", "back\\slash", "\\N", "\\.", "\"quoted\" 'single'",
        "unicode \u00e9\u4e2d\uD83D\uDE00", "", "semi;colon,comma"};
    List<Annotation> batch = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String s = nasty[i % nasty.length];
      Label label = i % 3 == 0 ? ClassLabel.of(i % 7) : i % 3 == 1 ? new TextLabel(s + i)
          : BoxesLabel.of(new Box(0.1 * i, 1e-7 * i, 0.1 * i + 1, 2.5, i % 4));
      batch.add(Annotation.builder("rec" + i + s, label).setDatasetVersion("v" + s).setAnnotator("who" + s)
          .optConfidence(i == 0 ? 0.0 : 1.0 / (i + 2)).optTime(T0.plusNanos(1_000L * i * 7919))
          .optSource(LabelSource.values()[i % LabelSource.values().length]).addMetadata("k" + s, s + "v")
          .addMetadata("n", Integer.toString(i)).build());
    }
    store.addAll(batch);

    assertThat(store.count()).isEqualTo(250);
    for (Annotation a : batch) {
      assertThat(store.labelsOf(a.recordId())).as(a.recordId()).containsExactly(a);
    }
  }

  @Test
  void addAll_whenOneRowFails_storesNothing() throws Exception {
    try (Connection c = rawConnection()) {
      installPoisonTrigger(c);
    }
    List<Annotation> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(human(i == 4_500 ? "poison" : "r" + i, "alice", i % 3, i)); // after two full JDBC batches
    }
    store.add(human("before", "bob", 0, 0));

    assertThatThrownBy(() -> store.addAll(batch))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("insert of 5000 annotations");

    assertThat(store.count()).isEqualTo(1);
    store.add(human("after", "bob", 0, 1)); // the store still works
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  void manyWriters_onTwoStoresAtOnce_loseNothing() throws Exception {
    int threads = 8;
    int rounds = 25;
    int perRound = 40;
    try (LabelStore second = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        LabelStore target = t % 2 == 0 ? store : second;
        futures.add(pool.submit(() -> {
          start.await();
          for (int r = 0; r < rounds; r++) {
            List<Annotation> batch = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
              batch.add(human("rec" + (i % 17), "annotator-" + thread, (r + i) % 5, r * perRound + i));
            }
            if (r % 5 == 0) {
              for (Annotation a : batch) {
                target.add(a);
              }
            } else {
              target.addAll(batch);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(second.count()).isEqualTo((long) threads * rounds * perRound);
    }
    assertThat(store.count()).isEqualTo((long) threads * rounds * perRound);
    for (int t = 0; t < threads; t++) {
      assertThat(store.history("annotator-" + t)).hasSize(rounds * perRound);
    }
  }

  @Test
  void open_createsSchemaAtTheCurrentVersion_andReopensIt() throws Exception {
    assertThat(store.schemaVersion()).isEqualTo(LabelStores.SCHEMA_VERSION);
    store.add(human("r1", "alice", 0, 0));
    try (LabelStore again = open()) {
      assertThat(again.schemaVersion()).isEqualTo(LabelStores.SCHEMA_VERSION);
      assertThat(again.labelsOf("r1")).hasSize(1);
    }
  }

  @Test
  void open_byManyAtOnce_onAFreshDatabase_createsTheSchemaOnce() throws Exception {
    newDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<LabelStore>> opened = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      opened.add(pool.submit(() -> {
        start.await();
        return open();
      }));
    }
    start.countDown();
    List<LabelStore> stores = new ArrayList<>();
    try {
      for (Future<LabelStore> f : opened) {
        stores.add(f.get());
      }
      stores.get(0).add(human("r1", "alice", 0, 0));
      for (LabelStore s : stores) {
        assertThat(s.schemaVersion()).isEqualTo(LabelStores.SCHEMA_VERSION);
        assertThat(s.count()).isEqualTo(1);
      }
      try (Connection c = rawConnection(); Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dm_label_schema")) {
        rs.next();
        assertThat(rs.getInt(1)).as("one version row").isEqualTo(1);
      }
    } finally {
      stores.forEach(LabelStore::close);
      pool.shutdown();
    }
  }

  @Test
  void open_onANewerSchema_isRefusedNamingBothVersions() throws Exception {
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE dm_label_schema SET version = 99");
    }
    assertThatThrownBy(this::open)
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("schema too new")
        .hasMessageContaining("version <= " + LabelStores.SCHEMA_VERSION)
        .hasMessageContaining("version 99");
  }

  @Test
  void open_unreachableDatabase_failsWithStorageException() {
    assertThatThrownBy(this::openUnreachable).isInstanceOf(StorageException.class)
        .hasMessageContaining("expected a reachable");
  }

  @Test
  void use_afterClose_isIllegalState() throws Exception {
    LabelStore s = open();
    s.close();
    assertThatThrownBy(s::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
