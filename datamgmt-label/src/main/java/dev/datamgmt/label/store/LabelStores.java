package dev.datamgmt.label.store;

import dev.datamgmt.core.error.DataException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point for label stores.
 *
 * <pre>{@code
 * // embedded: one file, no server
 * try (LabelStore store = LabelStores.sqlite(Path.of("labels.db")).build()) { ... }
 * // a team's PostgreSQL
 * try (LabelStore store = LabelStores.postgres("jdbc:postgresql://db:5432/labels")
 *     .optCredentials("labeler", secret).optMaxConnections(8).build()) { ... }
 * }</pre>
 *
 * <p>Opening a store creates its tables if absent and migrates an older schema (in one transaction, under a lock,
 * so concurrent openers are safe); a database at a newer schema version than this library knows is refused with
 * an {@link dev.datamgmt.core.error.UnsupportedFormatException}. The tables are prefixed {@code dm_label_} so a
 * store can share a database with other things.
 */
public final class LabelStores {
  /** The schema version this library writes; recorded in the table {@code dm_label_schema}. */
  public static final int SCHEMA_VERSION = 1;

  private LabelStores() {}

  /** A SQLite store in the file {@code file} (created if absent), in WAL mode. */
  public static SqliteBuilder sqlite(Path file) {
    return new SqliteBuilder(Objects.requireNonNull(file, "file"));
  }

  /**
   * A PostgreSQL store on the database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}); the URL gets
   * {@code reWriteBatchedInserts=true} unless it sets it.
   */
  public static PostgresBuilder postgres(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://...): " + jdbcUrl);
    }
    return new PostgresBuilder(jdbcUrl);
  }

  /** Builds a SQLite store. */
  public static final class SqliteBuilder {
    private final Path file;
    private int busyTimeoutMillis = 30_000;

    private SqliteBuilder(Path file) {
      this.file = file;
    }

    /** How long a write waits for another process holding the file's write lock (default 30 s). */
    public SqliteBuilder optBusyTimeoutMillis(int millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("busyTimeoutMillis < 0: " + millis);
      }
      this.busyTimeoutMillis = millis;
      return this;
    }

    /**
     * Opens the store, creating or migrating its schema.
     *
     * @throws dev.datamgmt.core.error.StorageException if the file cannot be opened
     * @throws dev.datamgmt.core.error.UnsupportedFormatException if the file's schema is newer than this library's
     */
    public LabelStore build() throws DataException {
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      return JdbcLabelStore.open(Dialect.SQLITE, url, null, null, 1, busyTimeoutMillis);
    }
  }

  /** Builds a PostgreSQL store. */
  public static final class PostgresBuilder {
    private final String jdbcUrl;
    private String user;
    private String password;
    private int maxConnections = 4;

    private PostgresBuilder(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    /** The user and password (default: none, e.g. when the URL carries them). */
    public PostgresBuilder optCredentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The most connections the store opens at once (default 4). */
    public PostgresBuilder optMaxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Opens the store, creating or migrating its schema.
     *
     * @throws dev.datamgmt.core.error.StorageException if the server cannot be reached or refuses the login
     * @throws dev.datamgmt.core.error.UnsupportedFormatException if the database's schema is newer than this
     *     library's
     */
    public LabelStore build() throws DataException {
      String url = jdbcUrl.contains("reWriteBatchedInserts")
          ? jdbcUrl
          : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
      return JdbcLabelStore.open(Dialect.POSTGRES, url, user, password, maxConnections, 0);
    }
  }
}
