package dev.datamgmt.benchmarks.label;

import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import dev.datamgmt.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Issue 19's label store figures: import N annotations (default 100,000: 20,000 records x 5 annotators, 10
 * classes, about 1 record in 4 with a disagreeing annotator) into each backend with {@code LabelStore.addAll}, and
 * beside it the raw batched JDBC insert of the same rows (same columns, values already serialized, 2,000 rows per
 * executeBatch, one transaction) into a table of the same shape (same columns and indexes) on the same database:
 * the limit; beside it the same raw insert into the columns without the secondary indexes. Then the "records
 * whose annotators disagree" query over them (median of 5 after one warm-up).
 *
 * <p>Runs alternate raw and ours per backend so that load from other processes hits both alike. SQLite: a file in
 * a new temporary folder, WAL, synchronous=NORMAL (what the store sets). PostgreSQL: {@link PostgresServer} (real
 * PostgreSQL 17 on loopback, fsync off as in tests), a fresh database per run.
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.label.LabelStoreBenchmark -Dbench.args="--runs 3"
 * </pre>
 */
public final class LabelStoreBenchmark {
  private static final String DDL_COLUMNS = "record_id TEXT NOT NULL, dataset_version TEXT NOT NULL, "
      + "annotator TEXT NOT NULL, source TEXT NOT NULL, label_kind TEXT NOT NULL, class_index INTEGER, "
      + "label TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL, time_micros BIGINT NOT NULL, "
      + "metadata TEXT NOT NULL";

  private LabelStoreBenchmark() {}

  /** Runs the benchmark; {@code --runs R} (default 3), {@code --annotations N} (default 100000). */
  public static void main(String[] args) throws Exception {
    int runs = 3;
    int n = 100_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--annotations" -> n = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Annotation> annotations = annotations(n, 19);
    System.out.printf("label store benchmark: %,d annotations, %d runs, load average %s%n", n, runs, load());
    Path tmp = Files.createTempDirectory("label-bench-");
    try (PostgresServer pg = PostgresServer.start()) {
      for (String backend : List.of("sqlite", "postgres")) {
        double[] raw = new double[runs];
        double[] bare = new double[runs];
        double[] ours = new double[runs];
        double[] query = new double[runs];
        int disagreements = 0;
        for (int r = 0; r < runs; r++) {
          String rawUrl;
          if (backend.equals("sqlite")) {
            rawUrl = "jdbc:sqlite:" + tmp.resolve("raw-" + r + ".db");
          } else {
            rawUrl = pg.createDatabase();
          }
          raw[r] = rawInsert(backend, rawUrl, pg, annotations, true);
          bare[r] = rawInsert(backend, backend.equals("sqlite") ? "jdbc:sqlite:" + tmp.resolve("bare-" + r + ".db")
              : pg.createDatabase(), pg, annotations, false);
          try (LabelStore store = backend.equals("sqlite")
              ? LabelStores.sqlite(tmp.resolve("ours-" + r + ".db")).build()
              : LabelStores.postgres(pg.createDatabase()).optCredentials(pg.user(), pg.password()).build()) {
            long t0 = System.nanoTime();
            store.addAll(annotations);
            ours[r] = n / ((System.nanoTime() - t0) / 1e9);
            if (store.count() != n) {
              throw new IllegalStateException("stored " + store.count() + " of " + n);
            }
            disagreements = store.disagreements().size();
            double[] q = new double[5];
            for (int i = 0; i < q.length; i++) {
              long q0 = System.nanoTime();
              store.disagreements();
              q[i] = (System.nanoTime() - q0) / 1e6;
            }
            query[r] = median(q);
          }
          System.out.printf("  %s run %d: raw JDBC %,.0f rows/s (%,.0f without the secondary indexes), "
              + "LabelStore.addAll %,.0f annotations/s (%.2fx), disagreement query %.0f ms; load %s%n", backend, r + 1,
              raw[r], bare[r], ours[r], ours[r] / raw[r], query[r], load());
        }
        System.out.printf("%s: raw JDBC %,.0f rows/s (%,.0f without the secondary indexes), ours %,.0f "
            + "annotations/s, ratio %.2fx; disagreement query %.0f ms (%,d records) [medians of %d]%n", backend,
            median(raw), median(bare), median(ours), median(ours) / median(raw), median(query), disagreements, runs);
      }
    } finally {
      try (var s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static List<Annotation> annotations(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int annotators = 5;
    List<Annotation> out = new ArrayList<>(n);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      int record = i / annotators;
      int truth = (int) ((record * 2654435761L) % 10);
      // each annotator is right 94% of the time
      int cls = rnd.nextDouble() < 0.94 ? truth : rnd.nextInt(10);
      out.add(Annotation.builder("rec-" + record, ClassLabel.of(cls)).setDatasetVersion("v1")
          .setAnnotator("annotator-" + (i % annotators)).optConfidence(0.5 + rnd.nextDouble() / 2)
          .optTime(t0.plusMillis(i)).optSource(LabelSource.HUMAN).addMetadata("batch", "b" + (i / 1000)).build());
    }
    return out;
  }

  /**
   * The limit: the same rows, already serialized, batched into a table of the same shape; with {@code indexes}
   * false, into the same columns without the store's five secondary indexes (what the indexes cost).
   */
  static double rawInsert(String backend, String url, PostgresServer pg, List<Annotation> annotations,
      boolean indexes) throws Exception {
    // serialize before the clock starts: the raw rate is the database's, not Jackson's
    List<Object[]> rows = new ArrayList<>(annotations.size());
    for (Annotation a : annotations) {
      rows.add(new Object[] {a.recordId(), a.datasetVersion(), a.annotator(), a.source().name(),
          a.label().kind().name(), ((ClassLabel) a.label()).index(),
          "{\"index\":" + ((ClassLabel) a.label()).index() + ",\"type\":\"class\"}", a.confidence(),
          ChronoUnit.MICROS.between(Instant.EPOCH, a.time()), "{\"batch\":\"" + a.metadata().get("batch") + "\"}"});
    }
    boolean sqlite = backend.equals("sqlite");
    try (Connection c = sqlite ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, pg.user(), pg.password())) {
      try (Statement s = c.createStatement()) {
        if (sqlite) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=NORMAL");
        }
        s.execute("CREATE TABLE raw_annotation (seq " + (sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
            : "BIGSERIAL PRIMARY KEY") + ", " + DDL_COLUMNS + ")");
        for (String col : indexes ? List.of("record_id", "annotator", "dataset_version", "time_micros",
            "class_index, confidence") : List.<String>of()) {
          s.execute("CREATE INDEX raw_" + col.replaceAll("[^a-z]", "_") + " ON raw_annotation (" + col + ")");
        }
      }
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO raw_annotation (record_id, dataset_version, "
          + "annotator, source, label_kind, class_index, label, confidence, time_micros, metadata) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int pending = 0;
        for (Object[] row : rows) {
          ps.setString(1, (String) row[0]);
          ps.setString(2, (String) row[1]);
          ps.setString(3, (String) row[2]);
          ps.setString(4, (String) row[3]);
          ps.setString(5, (String) row[4]);
          if (row[5] == null) {
            ps.setNull(6, Types.INTEGER);
          } else {
            ps.setInt(6, (Integer) row[5]);
          }
          ps.setString(7, (String) row[6]);
          ps.setDouble(8, (Double) row[7]);
          ps.setLong(9, (Long) row[8]);
          ps.setString(10, (String) row[9]);
          ps.addBatch();
          if (++pending == 2_000) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
      }
      c.commit();
      return rows.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }
}
