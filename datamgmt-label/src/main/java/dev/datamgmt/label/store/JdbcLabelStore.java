package dev.datamgmt.label.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The label store on any JDBC database, with the differences in {@link Dialect}. Connections come from a small
 * pool (SQLite: one, so writers queue in the JVM instead of meeting SQLITE_BUSY; PostgreSQL: several).
 */
final class JdbcLabelStore implements LabelStore {
  private static final int BATCH = 2_000;
  /** From this many rows on, PostgreSQL gets a COPY instead of INSERTs. */
  private static final int COPY_THRESHOLD = 64;
  /** The JSON of class labels 0..1023 (immutable values), written once each. */
  private static final AtomicReferenceArray<String> CLASS_JSON = new AtomicReferenceArray<>(1024);
  private static final String COLUMNS =
      "record_id, dataset_version, annotator, source, label_kind, class_index, label, confidence, time_micros, metadata";
  private static final ObjectWriter LABEL_WRITER = Json.mapper().writerFor(Label.class);
  private static final ObjectReader LABEL_READER = Json.mapper().readerFor(Label.class);
  private static final ObjectReader METADATA_READER =
      Json.mapper().readerFor(new TypeReference<TreeMap<String, String>>() {});

  private final Dialect dialect;
  private final String url;
  private final String user;
  private final String password;
  private final int busyTimeoutMillis;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcLabelStore(Dialect dialect, String url, String user, String password, int maxConnections,
      int busyTimeoutMillis) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.permits = new Semaphore(maxConnections, true);
    this.idle = new ArrayBlockingQueue<>(maxConnections);
  }

  static JdbcLabelStore open(Dialect dialect, String url, String user, String password, int maxConnections,
      int busyTimeoutMillis) throws DataException {
    JdbcLabelStore store = new JdbcLabelStore(dialect, url, user, password, maxConnections, busyTimeoutMillis);
    try {
      store.migrate();
    } catch (DataException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException, DataException;
  }

  /** Runs {@code work} in one transaction on a pooled connection; rolls back on any failure. */
  private <T> T inTransaction(String purpose, Work<T> work) throws DataException {
    if (closed.get()) {
      throw new IllegalStateException("label store is closed: " + url);
    }
    permits.acquireUninterruptibly();
    Connection c = null;
    boolean broken = false;
    try {
      c = idle.poll();
      if (c == null) {
        c = connect();
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        broken = !rollback(c, e);
        throw new StorageException("label store " + purpose + " failed", redact(url), "a successful statement",
            e.getMessage(), e);
      } catch (DataException | RuntimeException e) {
        broken = !rollback(c, e);
        throw e;
      }
    } finally {
      if (c != null) {
        if (broken || closed.get()) {
          closeQuietly(c);
        } else {
          idle.offer(c);
        }
      }
      permits.release();
    }
  }

  /** Rolls back; false if even that failed (the connection is then dropped). */
  private static boolean rollback(Connection c, Exception cause) {
    try {
      c.rollback();
      return true;
    } catch (SQLException re) {
      cause.addSuppressed(re);
      return false;
    }
  }

  private Connection connect() throws StorageException {
    try {
      Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
      dialect.setUp(c, busyTimeoutMillis);
      c.setAutoCommit(false);
      synchronized (all) {
        all.add(c);
      }
      return c;
    } catch (SQLException e) {
      throw new StorageException("cannot connect to label store", redact(url), "a reachable " + dialect.name()
          + " database", e.getMessage(), e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private void migrate() throws DataException {
    inTransaction("schema migration", c -> {
      dialect.lockForMigration(c);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS dm_label_schema (version INTEGER NOT NULL)");
      }
      int current = readVersion(c);
      if (current > LabelStores.SCHEMA_VERSION) {
        throw new UnsupportedFormatException("label store schema too new", redact(url),
            "schema version <= " + LabelStores.SCHEMA_VERSION + " (this library)", "version " + current
                + " (written by a newer datamgmt-label; upgrade the library)");
      }
      List<List<String>> migrations = dialect.migrations();
      for (int v = current + 1; v <= LabelStores.SCHEMA_VERSION; v++) {
        try (Statement s = c.createStatement()) {
          for (String sql : migrations.get(v - 1)) {
            s.execute(sql);
          }
          s.executeUpdate("DELETE FROM dm_label_schema");
          s.executeUpdate("INSERT INTO dm_label_schema (version) VALUES (" + v + ")");
        }
      }
      return null;
    });
  }

  private static int readVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM dm_label_schema")) {
      rs.next();
      int v = rs.getInt(1);
      return rs.wasNull() ? 0 : v;
    }
  }

  @Override
  public int schemaVersion() throws DataException {
    return inTransaction("schema version", JdbcLabelStore::readVersion);
  }

  @Override
  public void add(Annotation annotation) throws DataException {
    addAll(List.of(annotation));
  }

  @Override
  public void addAll(Collection<Annotation> annotations) throws DataException {
    List<Annotation> copy = List.copyOf(annotations); // rejects nulls before anything is written
    if (copy.isEmpty()) {
      return;
    }
    inTransaction("insert of " + copy.size() + " annotations", c -> {
      if (dialect == Dialect.POSTGRES && copy.size() >= COPY_THRESHOLD) {
        copyIn(c, copy);
      } else {
        insertRows(c, copy);
      }
      return null;
    });
  }

  /**
   * One prepared single-row INSERT, batched {@link #BATCH} rows per {@code executeBatch}. (Measured on SQLite with
   * sqlite-jdbc: 100-row and 20-row multi-row INSERTs were 1.2–1.8x slower than this; its batch of a single-row
   * statement is bound in one native call.)
   */
  private static void insertRows(Connection c, List<Annotation> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO dm_label_annotation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (Annotation a : rows) {
        bind(ps, 0, a);
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void bind(PreparedStatement ps, int offset, Annotation a) throws SQLException {
    ps.setString(offset + 1, a.recordId());
    ps.setString(offset + 2, a.datasetVersion());
    ps.setString(offset + 3, a.annotator());
    ps.setString(offset + 4, a.source().name());
    ps.setString(offset + 5, a.label().kind().name());
    if (a.label() instanceof ClassLabel cl) {
      ps.setInt(offset + 6, cl.index());
    } else {
      ps.setNull(offset + 6, Types.INTEGER);
    }
    ps.setString(offset + 7, writeLabel(a.label()));
    ps.setDouble(offset + 8, a.confidence());
    ps.setLong(offset + 9, ChronoUnit.MICROS.between(Instant.EPOCH, a.time()));
    ps.setString(offset + 10, writeMetadata(a.metadata()));
  }

  /**
   * PostgreSQL's {@code COPY ... FROM STDIN} in text format, streamed in 1 MiB pieces, inside the caller's
   * transaction (a failing row, e.g. from a trigger, fails the COPY and the transaction rolls back).
   */
  private static void copyIn(Connection c, List<Annotation> rows) throws SQLException {
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    CopyIn in = copy.copyIn("COPY dm_label_annotation (" + COLUMNS + ") FROM STDIN");
    try {
      StringBuilder line = new StringBuilder(256);
      byte[] buffer = new byte[1 << 20];
      int used = 0;
      for (Annotation a : rows) {
        line.setLength(0);
        copyField(line, a.recordId()).append('\t');
        copyField(line, a.datasetVersion()).append('\t');
        copyField(line, a.annotator()).append('\t');
        line.append(a.source().name()).append('\t').append(a.label().kind().name()).append('\t');
        if (a.label() instanceof ClassLabel cl) {
          line.append(cl.index());
        } else {
          line.append("\\N");
        }
        line.append('\t');
        copyField(line, writeLabel(a.label())).append('\t');
        line.append(a.confidence()).append('\t');
        line.append(ChronoUnit.MICROS.between(Instant.EPOCH, a.time())).append('\t');
        copyField(line, writeMetadata(a.metadata())).append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (used + bytes.length > buffer.length) {
          in.writeToCopy(buffer, 0, used);
          used = 0;
        }
        if (bytes.length > buffer.length) {
          in.writeToCopy(bytes, 0, bytes.length);
        } else {
          System.arraycopy(bytes, 0, buffer, used, bytes.length);
          used += bytes.length;
        }
      }
      if (used > 0) {
        in.writeToCopy(buffer, 0, used);
      }
      in.endCopy();
    } finally {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException ignored) {
          // the COPY failed already; the transaction is rolled back by the caller
        }
      }
    }
  }

  /** Appends {@code value} escaped for COPY's text format (backslash, tab, newline, carriage return). */
  private static StringBuilder copyField(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
    return out;
  }

  private static String writeMetadata(java.util.Map<String, String> metadata) {
    return metadata.isEmpty() ? "{}" : Json.write(metadata);
  }

  private static String writeLabel(Label label) {
    if (label instanceof ClassLabel cl && cl.index() >= 0 && cl.index() < CLASS_JSON.length()) {
      String json = CLASS_JSON.get(cl.index());
      if (json == null) {
        json = serialize(label);
        CLASS_JSON.set(cl.index(), json);
      }
      return json;
    }
    return serialize(label);
  }

  private static String serialize(Label label) {
    try {
      return LABEL_WRITER.writeValueAsString(label);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize label " + label + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public long count() throws DataException {
    return inTransaction("count", c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dm_label_annotation")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public List<Annotation> labelsOf(String recordId) throws DataException {
    return select("labels of record " + recordId, "record_id = ?", Objects.requireNonNull(recordId, "recordId"));
  }

  @Override
  public List<Annotation> labelsOn(String datasetVersion) throws DataException {
    return select("labels on version " + datasetVersion, "dataset_version = ?",
        Objects.requireNonNull(datasetVersion, "datasetVersion"));
  }

  @Override
  public List<Annotation> history(String annotator) throws DataException {
    return select("history of " + annotator, "annotator = ?", Objects.requireNonNull(annotator, "annotator"));
  }

  @Override
  public List<Annotation> changesSince(Instant since) throws DataException {
    Objects.requireNonNull(since, "since");
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, since.truncatedTo(ChronoUnit.MICROS));
    return select("changes since " + since, "time_micros > ?", micros);
  }

  @Override
  public List<Annotation> classBelowConfidence(int classIndex, double maxConfidence) throws DataException {
    return select("class " + classIndex + " below confidence " + maxConfidence,
        "class_index = ? AND confidence < ?", classIndex, maxConfidence);
  }

  @Override
  public List<String> disagreements(Set<LabelSource> sources) throws DataException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources is empty");
    }
    StringBuilder in = new StringBuilder();
    for (LabelSource s : sources) {
      in.append(in.length() == 0 ? "'" : ", '").append(s.name()).append('\'');
    }
    // each annotator's latest label per record, then records with more than one distinct label
    String sql = "SELECT record_id FROM ("
        + "SELECT record_id, label, ROW_NUMBER() OVER (PARTITION BY record_id, annotator "
        + "ORDER BY time_micros DESC, seq DESC) AS rn FROM dm_label_annotation WHERE source IN (" + in + ")) latest "
        + "WHERE rn = 1 GROUP BY record_id HAVING COUNT(DISTINCT label) > 1 ORDER BY record_id";
    return inTransaction("disagreement query", c -> {
      List<String> out = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private List<Annotation> select(String purpose, String where, Object... args) throws DataException {
    String sql = "SELECT " + COLUMNS + ", seq FROM dm_label_annotation WHERE " + where + " ORDER BY time_micros, seq";
    return inTransaction(purpose, c -> {
      List<Annotation> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
      }
      return out;
    });
  }

  private Annotation read(ResultSet rs) throws SQLException, DataException {
    String where = "dm_label_annotation row seq=" + rs.getLong(11) + " in " + redact(url);
    String sourceName = rs.getString(4);
    LabelSource source;
    try {
      source = LabelSource.valueOf(sourceName);
    } catch (IllegalArgumentException e) {
      throw new IntegrityException("unknown label source", where, "one of " + List.of(LabelSource.values()),
          sourceName, e);
    }
    Label label;
    TreeMap<String, String> metadata;
    try {
      label = LABEL_READER.readValue(rs.getString(7));
      metadata = METADATA_READER.readValue(rs.getString(10));
    } catch (JsonProcessingException e) {
      throw new IntegrityException("unreadable label or metadata", where, "JSON as this library writes it",
          e.getOriginalMessage(), e);
    }
    Instant time = Instant.EPOCH.plus(rs.getLong(9), ChronoUnit.MICROS);
    return new Annotation(rs.getString(1), rs.getString(2), rs.getString(3), label, rs.getDouble(8), time, source,
        metadata);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do with it
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (all) {
      for (Connection c : all) {
        closeQuietly(c);
      }
      all.clear();
    }
    idle.clear();
  }

  @Override
  public String toString() {
    return "LabelStore{" + dialect.name().toLowerCase(java.util.Locale.ROOT) + ", " + redact(url) + "}";
  }

  /** For callers that need the product name of the database (tests). */
  String databaseProduct() throws DataException {
    return inTransaction("metadata", c -> {
      DatabaseMetaData md = c.getMetaData();
      return md.getDatabaseProductName();
    });
  }
}
