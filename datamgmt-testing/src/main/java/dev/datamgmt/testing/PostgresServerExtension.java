package dev.datamgmt.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a real PostgreSQL server on loopback ({@link PostgresServer}) and a fresh
 * database per test class. One server is started for the whole test run (on first use) and stopped when the run
 * ends; every test class that registers the extension gets its own empty database ({@link #jdbcUrl()}). Call
 * {@link PostgresServer#createDatabase()} on {@link #server()} for a database per test.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();
 *
 *   @Test void query() throws Exception {
 *     try (Connection c = DriverManager.getConnection(PG.jdbcUrl(), PG.user(), PG.password())) { ... }
 *   }
 * }
 * }</pre>
 */
public final class PostgresServerExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PostgresServerExtension.class);

  private volatile PostgresServer server;
  private volatile String jdbcUrl;

  /** Creates the extension; register it with {@code @RegisterExtension} on a static field. */
  public PostgresServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NS).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class).server;
    jdbcUrl = server.createDatabase();
  }

  /** Holds the run-wide server; JUnit (5.13+) closes stored AutoCloseables when the root context closes. */
  static final class Shared implements AutoCloseable {
    final PostgresServer server;

    Shared() {
      try {
        server = PostgresServer.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start PostgreSQL on 127.0.0.1", e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException if the extension was not registered on a static field
   */
  public PostgresServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "PostgresServerExtension not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }

  /** The JDBC URL of this test class's own empty database. */
  public String jdbcUrl() {
    server();
    return jdbcUrl;
  }

  /** The user to connect as. */
  public String user() {
    return server().user();
  }

  /** The password to connect with. */
  public String password() {
    return server().password();
  }
}
