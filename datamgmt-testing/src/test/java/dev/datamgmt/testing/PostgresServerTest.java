package dev.datamgmt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL fixture: a real server, separate databases, a clean stop. */
class PostgresServerTest {
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  @Test
  void extension_givesThisClassAnEmptyDatabaseOnARealServer() throws Exception {
    try (Connection c = DriverManager.getConnection(PG.jdbcUrl(), PG.user(), PG.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version(), (SELECT COUNT(*) FROM information_schema.tables "
            + "WHERE table_schema = 'public')")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("PostgreSQL 17");
      assertThat(rs.getInt(2)).isZero();
    }
    assertThat(PG.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + PG.server().port() + "/t_");
  }

  @Test
  void createDatabase_givesSeparateDatabases() throws Exception {
    String a = PG.server().createDatabase();
    String b = PG.server().createDatabase();
    assertThat(a).isNotEqualTo(b);
    try (Connection c = DriverManager.getConnection(a, PG.user(), PG.password()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE only_in_a (x INT)");
    }
    try (Connection c = DriverManager.getConnection(b, PG.user(), PG.password()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM only_in_a")).isInstanceOf(SQLException.class)
          .hasMessageContaining("only_in_a");
    }
  }

  @Test
  void close_stopsTheServer_andIsIdempotent() throws Exception {
    PostgresServer pg = PostgresServer.start();
    String url = pg.jdbcUrl("postgres");
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
      assertThat(c.isValid(2)).isTrue();
    }
    pg.close();
    pg.close();
    assertThatThrownBy(() -> DriverManager.getConnection(url + "&connectTimeout=2", pg.user(), pg.password()))
        .isInstanceOf(SQLException.class);
  }
}
