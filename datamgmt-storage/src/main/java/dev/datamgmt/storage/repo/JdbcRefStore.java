package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A database for a repository's refs, for S3 servers that cannot do compare-and-swap (they ignore {@code
 * If-None-Match: *}; see {@code S3BlobStore.capabilities()}). Blobs, packs, manifests and commits stay in the blob
 * store; each ref log entry is a row of {@code datamgmt_refs} whose primary key {@code (repository, ref, seq)}
 * makes moving a ref exactly-once, as Delta Lake's DynamoDB log store does. SQLite suits one machine, PostgreSQL a
 * team; the SQL is standard and the same on both (the few dialect differences live in {@link Dialect}).
 *
 * <pre>{@code
 * JdbcRefStore refs = JdbcRefStore.builder().setUrl("jdbc:postgresql://db/datamgmt")
 *     .optCredentials("user", password).build();
 * Repository repo = Repository.init(s3Store, refs);  // and Repository.open(s3Store, refs) everywhere else
 * }</pre>
 *
 * <p>The repository's marker records that its refs live in a database, with the repository's id; opening it
 * without this store, or with a database that does not know the id, fails ({@link RefStoreMismatchException}).
 * The tables are created if absent; FORMAT.md describes them. The JDBC driver is the caller's dependency
 * ({@code org.xerial:sqlite-jdbc}, {@code org.postgresql:postgresql}). Connections are opened per operation; give
 * a pooling {@link DataSource} for heavy use.
 */
public final class JdbcRefStore {
  /** The table of ref log entries. */
  public static final String REFS_TABLE = "datamgmt_refs";
  /** The table of repositories whose refs this database keeps. */
  public static final String REPOSITORIES_TABLE = "datamgmt_ref_repositories";

  private final String url;
  private final String user;
  private final String password;
  private final DataSource dataSource;
  private volatile Dialect dialect;

  private JdbcRefStore(Builder b) {
    this.url = b.url;
    this.user = b.user;
    this.password = b.password;
    this.dataSource = b.dataSource;
  }

  /** Starts a builder; one of {@link Builder#setUrl} or {@link Builder#setDataSource} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link JdbcRefStore}. */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private DataSource dataSource;

    private Builder() {}

    /** The JDBC URL, e.g. {@code jdbc:sqlite:/data/refs.db} or {@code jdbc:postgresql://host/db}. */
    public Builder setUrl(String jdbcUrl) {
      this.url = jdbcUrl;
      return this;
    }

    /** A data source (e.g. a connection pool) instead of a URL. */
    public Builder setDataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** User and password for {@link #setUrl}; never shown in messages. */
    public Builder optCredentials(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * Builds the store (no connection yet).
     *
     * @throws IllegalStateException if neither or both of setUrl and setDataSource were given, or credentials
     *     were given with a data source
     * @throws IllegalArgumentException if the URL is not a JDBC URL
     */
    public JdbcRefStore build() {
      if (url == null && dataSource == null) {
        throw new IllegalStateException("the database was not set; call setUrl or setDataSource");
      }
      if (url != null && dataSource != null) {
        throw new IllegalStateException("setUrl conflicts with setDataSource: give one of them");
      }
      if (dataSource != null && (user != null || password != null)) {
        throw new IllegalStateException("optCredentials conflicts with setDataSource: a data source brings its own");
      }
      if (url != null && !url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("url must start with jdbc: : \"" + url + "\"");
      }
      return new JdbcRefStore(this);
    }
  }

  /** The database, for messages: the URL without query parameters, or the data source's class. */
  public String describe() {
    if (url == null) {
      return "DataSource " + dataSource.getClass().getName();
    }
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public String toString() {
    return "JdbcRefStore{" + describe() + "}";
  }

  Connection connect() throws DataException {
    Connection c;
    try {
      if (dataSource != null) {
        c = dataSource.getConnection();
      } else {
        Properties p = new Properties();
        if (user != null) {
          p.setProperty("user", user);
        }
        if (password != null) {
          p.setProperty("password", password);
        }
        c = DriverManager.getConnection(url, p);
      }
    } catch (SQLException e) {
      throw new StorageException("cannot connect to the ref database", describe(), "a reachable database with its"
          + " JDBC driver on the class path", e.getClass().getSimpleName() + ": " + scrub(e.getMessage()), e);
    }
    try {
      Dialect d = dialect;
      if (d == null) {
        d = Dialect.of(c.getMetaData().getDatabaseProductName());
        dialect = d;
      }
      d.afterConnect(c);
      c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw failure("set up a connection", e);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  /** Creates the tables if absent. */
  void createTables() throws DataException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String ddl : new String[] {
          "CREATE TABLE IF NOT EXISTS " + REPOSITORIES_TABLE + " (id VARCHAR(64) NOT NULL PRIMARY KEY,"
              + " location VARCHAR(2000) NOT NULL, created_utc VARCHAR(40) NOT NULL)",
          "CREATE TABLE IF NOT EXISTS " + REFS_TABLE + " (repository VARCHAR(64) NOT NULL, ref VARCHAR(300) NOT NULL,"
              + " seq BIGINT NOT NULL, commit_id VARCHAR(100) NOT NULL, time_utc VARCHAR(40) NOT NULL,"
              + " PRIMARY KEY (repository, ref, seq))"}) {
        try {
          s.execute(ddl);
        } catch (SQLException e) {
          // two processes creating the same table at once: PostgreSQL reports the loser as a duplicate
          if (!dialect.isUniqueViolation(e)) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw failure("create the ref tables", e);
    }
  }

  StorageException failure(String what, SQLException e) {
    return new StorageException("ref database failed to " + what, describe(), "a successful statement",
        e.getClass().getSimpleName() + " (SQLState " + e.getSQLState() + "): " + scrub(e.getMessage()), e);
  }

  private String scrub(String message) {
    String m = String.valueOf(message);
    return password == null || password.isEmpty() ? m : m.replace(password, "***");
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing after a failure; the failure is what matters
    }
  }

  /** The few things SQLite and PostgreSQL do differently; everything else is standard SQL. */
  enum Dialect {
    SQLITE,
    POSTGRESQL,
    OTHER;

    static Dialect of(String productName) {
      String p = String.valueOf(productName).toLowerCase(Locale.ROOT);
      return p.contains("sqlite") ? SQLITE : p.contains("postgres") ? POSTGRESQL : OTHER;
    }

    /** Per-connection settings. */
    void afterConnect(Connection c) throws SQLException {
      if (this == SQLITE) {
        try (Statement s = c.createStatement()) {
          // writers in several threads and processes wait for the file lock instead of failing at once
          s.execute("PRAGMA busy_timeout = 60000");
          s.execute("PRAGMA journal_mode = WAL");
        }
      }
    }

    /** Whether a failed statement broke a unique or primary-key constraint: the ref moved under us. */
    boolean isUniqueViolation(SQLException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException s) {
          String state = s.getSQLState();
          if (state != null && state.startsWith("23")) { // PostgreSQL 23505, and the SQL standard's class 23
            return true;
          }
          // sqlite-jdbc leaves SQLState empty; SQLITE_CONSTRAINT is error code 19 (extended codes 19 + n*256)
          if (this == SQLITE && (s.getErrorCode() & 0xff) == 19) {
            return true;
          }
          String m = String.valueOf(s.getMessage());
          if (m.contains("UNIQUE constraint failed") || m.contains("duplicate key")) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
