package dev.datamgmt.label.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label store contract on SQLite, plus what only SQLite has (WAL mode, a file). */
class SqliteLabelStoreTest extends LabelStoreContract {
  @TempDir Path tmp;
  private Path file;
  private int databases;

  @Override
  void newDatabase() {
    file = tmp.resolve("labels-" + (databases++) + ".db");
  }

  @Override
  LabelStore open() throws Exception {
    return LabelStores.sqlite(file).build();
  }

  @Override
  Connection rawConnection() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Override
  void installPoisonTrigger(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TRIGGER poison BEFORE INSERT ON dm_label_annotation WHEN NEW.record_id = 'poison' "
          + "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
    }
  }

  @Override
  LabelStore openUnreachable() throws Exception {
    return LabelStores.sqlite(tmp.resolve("no-such-dir").resolve("labels.db")).build();
  }

  @Test
  void sqliteFile_isInWalMode() throws Exception {
    try (Connection c = rawConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
