package dev.datamgmt.label.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.testing.PostgresServerExtension;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The label store contract on a real PostgreSQL server on loopback, a fresh database per test. */
class PostgresLabelStoreTest extends LabelStoreContract {
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  private String url;

  @Override
  void newDatabase() {
    url = PG.server().createDatabase();
  }

  @Override
  LabelStore open() throws Exception {
    return LabelStores.postgres(url).optCredentials(PG.user(), PG.password()).optMaxConnections(4).build();
  }

  @Override
  Connection rawConnection() throws Exception {
    return DriverManager.getConnection(url, PG.user(), PG.password());
  }

  @Override
  void installPoisonTrigger(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
          + "IF NEW.record_id = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ "
          + "LANGUAGE plpgsql");
      s.execute("CREATE TRIGGER poison BEFORE INSERT ON dm_label_annotation FOR EACH ROW EXECUTE FUNCTION poison()");
    }
  }

  @Override
  LabelStore openUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free again once closed: nothing listens there
    }
    return LabelStores.postgres("jdbc:postgresql://127.0.0.1:" + port + "/labels?connectTimeout=2")
        .optCredentials("u", "p").build();
  }

  @Test
  void store_isReallyOnPostgres() throws Exception {
    assertThat(((JdbcLabelStore) store).databaseProduct()).isEqualTo("PostgreSQL");
  }
}
