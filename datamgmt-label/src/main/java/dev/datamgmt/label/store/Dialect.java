package dev.datamgmt.label.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** What differs between the two databases: the id column, the migration lock, connection setup. */
enum Dialect {
  SQLITE {
    @Override
    String serialKey() {
      return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    void setUp(Connection c, int busyTimeoutMillis) throws SQLException {
      try (Statement s = c.createStatement()) {
        // first: switching to WAL needs the file's lock, which another opener may hold for a moment
        s.execute("PRAGMA busy_timeout=" + busyTimeoutMillis);
        switchToWal(s, busyTimeoutMillis);
        // WAL + NORMAL: a commit survives a crash of the process, only a power loss may lose the last ones
        s.execute("PRAGMA synchronous=NORMAL");
      }
    }

    /**
     * {@code journal_mode=WAL} on a fresh file can answer SQLITE_BUSY at once, without the busy handler, while
     * another opener holds the file for its own switch (seen with 4 openers at once): retry until the busy timeout.
     * The mode is kept in the file, so only the first openers of a new database ever wait here.
     */
    private void switchToWal(Statement s, int busyTimeoutMillis) throws SQLException {
      long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
      for (int attempt = 1; ; attempt++) {
        try {
          s.execute("PRAGMA journal_mode=WAL");
          return;
        } catch (SQLException e) {
          boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
          if (!busy || System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(Math.min(50, 2L * attempt));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }

    @Override
    void lockForMigration(Connection c) {
      // the store's single connection already runs in a transaction; SQLite takes the file's write lock
      // at the first write, and busy_timeout waits for another process holding it
    }
  },
  POSTGRES {
    @Override
    String serialKey() {
      return "BIGSERIAL PRIMARY KEY";
    }

    @Override
    void setUp(Connection c, int busyTimeoutMillis) {}

    @Override
    void lockForMigration(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        // a transaction-scoped advisory lock: two processes opening a fresh database do not race to create it
        s.execute("SELECT pg_advisory_xact_lock(7242019)");
      }
    }
  };

  abstract String serialKey();

  abstract void setUp(Connection c, int busyTimeoutMillis) throws SQLException;

  abstract void lockForMigration(Connection c) throws SQLException;

  /** The statements that take a database from schema version {@code v - 1} to {@code v}, by {@code v}. */
  List<List<String>> migrations() {
    return List.of(List.of(
        "CREATE TABLE dm_label_annotation ("
            + "seq " + serialKey() + ", "
            + "record_id TEXT NOT NULL, "
            + "dataset_version TEXT NOT NULL, "
            + "annotator TEXT NOT NULL, "
            + "source TEXT NOT NULL, "
            + "label_kind TEXT NOT NULL, "
            + "class_index INTEGER, "
            + "label TEXT NOT NULL, "
            + "confidence DOUBLE PRECISION NOT NULL, "
            + "time_micros BIGINT NOT NULL, "
            + "metadata TEXT NOT NULL)",
        "CREATE INDEX dm_label_annotation_record ON dm_label_annotation (record_id)",
        "CREATE INDEX dm_label_annotation_annotator ON dm_label_annotation (annotator)",
        "CREATE INDEX dm_label_annotation_version ON dm_label_annotation (dataset_version)",
        "CREATE INDEX dm_label_annotation_time ON dm_label_annotation (time_micros)",
        "CREATE INDEX dm_label_annotation_class ON dm_label_annotation (class_index, confidence)"));
  }
}
