package dev.datamgmt.samples.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.samples.s3.S3Target;
import dev.datamgmt.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same code on a folder + SQLite and on S3 + PostgreSQL gives the same versions' content. */
class EmbeddedToServersTest {
  private static long count(String url, PostgresServer pg, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void work_onEmbeddedDefaults_andOnS3WithPostgres_givesTheSameVersions(@TempDir Path dir) throws Exception {
    EmbeddedToServers.Outcome local = EmbeddedToServers.embedded(dir);
    try (S3Target s3 = S3Target.fromEnvironment(Map.of());
        PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase();
      EmbeddedToServers.Outcome remote = EmbeddedToServers.servers(s3, url, pg.user(), pg.password());
      assertEquals(local.v1(), remote.v1(), "same data, clock and author: the same commit id");
      assertEquals(local.records(), remote.records());
      assertEquals(5, local.relabelled());
      assertEquals(5, remote.relabelled());
      assertNotEquals(local.v1(), local.v2());
      // the refs and the labels really are in PostgreSQL
      assertEquals(10, count(url, pg, "SELECT count(*) FROM dm_label_annotation"));
      assertEquals(2, count(url, pg, "SELECT count(*) FROM datamgmt_refs"), "main: v1, then v2");
    }
    Record relabelled = local.records().get(20);
    assertEquals("img-00020", relabelled.id());
    assertEquals("dana,eli", relabelled.attributes().get("label_annotators"));
    assertNotEquals(null, relabelled.label().map(l -> (ClassLabel) l).orElseThrow());
  }
}
