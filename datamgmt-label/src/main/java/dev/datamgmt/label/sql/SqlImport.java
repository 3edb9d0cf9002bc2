package dev.datamgmt.label.sql;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Records from a SQL query on any JDBC source into a new dataset version: metadata lives in the database, binaries
 * in object storage. Each result row is one record: an id column, optional label and split columns, blob columns
 * holding URIs, and every other column as an attribute. The blobs are fetched from the store each URI names and
 * stored in the repository; then one commit adds (or replaces, by id) the records on the branch.
 *
 * <pre>{@code
 * SqlImport.Result r = SqlImport.builder(repo)
 *     .setJdbcUrl("jdbc:postgresql://db/catalog").optCredentials("reader", secret)
 *     .setQuery("SELECT item_id, image_uri, category, split, width, height FROM items WHERE reviewed")
 *     .setIdColumn("item_id")
 *     .addBlobColumn("image_uri", Record.DEFAULT_BLOB)       // s3://photos/2026/a.jpg or file:/data/a.jpg
 *     .optLabelColumn("category").optSplitColumn("split")
 *     .addBlobStore("s3://photos/", photosBucket)            // URI prefix -> store; the rest is the key
 *     .setBranch("main")
 *     .build().run();
 * }</pre>
 *
 * <ul>
 *   <li>URIs: the longest prefix given to {@link Builder#addBlobStore} wins and the rest of the URI is the key in
 *       that store; {@code file:} URIs are read from the local file system. The media type is guessed from the
 *       URI's file name.
 *   <li>Labels: a text value is a class name of the branch's (or {@link Builder#optSchema}'s) schema, an integer
 *       value a class index; SQL NULL is no label.
 *   <li>Attributes: integers become Long, other numbers Double, booleans Boolean, text, dates and times String
 *       (ISO-8601); SQL NULL leaves the attribute out; other types are refused.
 *   <li>All or nothing: every row is read and checked and every blob fetched before the commit; any failure
 *       (a typed error naming the row, the record id and the column) leaves the branch where it was.
 * </ul>
 */
public final class SqlImport {
  private final Repository repo;
  private final String branch;
  private final String query;
  private final String url;
  private final String user;
  private final String password;
  private final ConnectionSource connections;
  private final String idColumn;
  private final String labelColumn;
  private final String splitColumn;
  private final Map<String, String> blobColumns;
  private final TreeMap<String, BlobStore> stores;
  private final DatasetSchema schema;
  private final String message;
  private final String author;

  /** Opens a JDBC connection (e.g. from a pool); the import closes it. */
  @FunctionalInterface
  public interface ConnectionSource {
    /**
     * Opens a connection.
     *
     * @throws SQLException if the database cannot be reached
     */
    Connection open() throws SQLException;
  }

  /**
   * What an import did.
   *
   * @param version the new version
   * @param records the rows imported as records
   * @param blobs the blobs fetched
   * @param bytes their total size
   */
  public record Result(DatasetVersion version, int records, int blobs, long bytes) {}

  private SqlImport(Builder b) {
    this.repo = b.repo;
    this.branch = b.branch;
    this.query = b.query;
    this.url = b.url;
    this.user = b.user;
    this.password = b.password;
    this.connections = b.connections;
    this.idColumn = b.idColumn;
    this.labelColumn = b.labelColumn;
    this.splitColumn = b.splitColumn;
    this.blobColumns = new LinkedHashMap<>(b.blobColumns);
    this.stores = new TreeMap<>(b.stores);
    this.schema = b.schema;
    this.message = b.message;
    this.author = b.author;
  }

  /** Starts an import into {@code repo}. */
  public static Builder builder(Repository repo) {
    return new Builder(Objects.requireNonNull(repo, "repo"));
  }

  private record Row(int number, String id, Label label, Split split, Map<String, Object> attributes,
      Map<String, String> blobUris) {}

  /**
   * Runs the query, fetches the blobs and commits.
   *
   * @throws StorageException if the database cannot be reached or the query fails (naming the source)
   * @throws InvalidDataException for a missing column, a NULL or repeated id, an unknown class name or index, a bad
   *     split name, an attribute of an unsupported type, or a URI no store is given for (naming row, id and column)
   * @throws NotFoundException if a URI names an object that does not exist (naming row, id and URI)
   * @throws dev.datamgmt.core.error.ConflictException if the branch moved meanwhile
   */
  public Result run() throws DataException {
    CommitBuilder cb = repo.commit(branch);
    DatasetSchema effective = schema;
    if (effective == null && cb.base() != null) {
      effective = repo.checkout(branch).schema().orElse(null);
    }
    List<Row> rows = readRows(effective);
    List<Record> records = new ArrayList<>(rows.size());
    int blobs = 0;
    long bytes = 0;
    for (Row row : rows) {
      Record.Builder rb = Record.builder(row.id());
      if (row.label() != null) {
        rb.optLabel(row.label());
      }
      if (row.split() != null) {
        rb.optSplit(row.split());
      }
      row.attributes().forEach(rb::addAttribute);
      for (Map.Entry<String, String> e : row.blobUris().entrySet()) {
        String column = blobColumnOf(e.getKey());
        byte[] data = fetch(row, column, e.getValue());
        BlobRef ref = cb.putBlob(data, MediaTypes.guess(fileName(e.getValue())));
        rb.addBlob(e.getKey(), ref);
        blobs++;
        bytes += data.length;
      }
      records.add(rb.build());
    }
    cb.addRecords(records);
    if (schema != null) {
      cb.optSchema(schema);
    }
    String source = url != null ? redact(url) : "a connection from setConnection";
    cb.setMessage(message != null ? message : "records from SQL: " + records.size() + " rows, " + blobs + " blobs")
        .addLineage("sql.source", source)
        .addLineage("sql.query", query)
        .addLineage("sql.records", Integer.toString(records.size()))
        .optProvenance(Provenance.builder("dataset-version")
            .addSource(new Provenance.Source("sql-source", source))
            .addStep(new Provenance.Step("sql-query", Map.of("query", query, "id_column", idColumn)))
            .build());
    if (author != null) {
      cb.optAuthor(author);
    }
    return new Result(cb.commit(), records.size(), blobs, bytes);
  }

  private String blobColumnOf(String blobName) {
    for (Map.Entry<String, String> e : blobColumns.entrySet()) {
      if (e.getValue().equals(blobName)) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no column for blob " + blobName);
  }

  private List<Row> readRows(DatasetSchema effective) throws DataException {
    String source = url != null ? redact(url) : "connection";
    Connection c;
    try {
      c = connections != null ? connections.open()
          : user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      throw new StorageException("cannot connect to the metadata database", source, "a reachable database",
          e.getMessage(), e);
    }
    try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      ResultSetMetaData md = rs.getMetaData();
      Map<String, Integer> columns = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
      }
      int idIdx = column(columns, idColumn, "the id column");
      int labelIdx = labelColumn == null ? -1 : column(columns, labelColumn, "the label column");
      int splitIdx = splitColumn == null ? -1 : column(columns, splitColumn, "the split column");
      Map<String, Integer> blobIdx = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : blobColumns.entrySet()) {
        blobIdx.put(e.getValue(), column(columns, e.getKey(), "a blob column"));
      }
      List<Row> rows = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      int number = 0;
      while (rs.next()) {
        number++;
        Object idValue = rs.getObject(idIdx);
        if (idValue == null) {
          throw new InvalidDataException("record id is NULL", "row " + number + ", column " + idColumn,
              "a non-empty id", "NULL");
        }
        String id = idValue.toString();
        Integer earlier = seen.put(id, number);
        if (earlier != null) {
          throw new InvalidDataException("record id repeated", "row " + number + ", column " + idColumn,
              "one row per record id", "id " + id + " also in row " + earlier);
        }
        String where = "row " + number + " (id " + id + ")";
        Label label = labelIdx < 0 ? null : label(rs.getObject(labelIdx), effective, where + ", column " + labelColumn);
        Split split = null;
        if (splitIdx >= 0 && rs.getObject(splitIdx) != null) {
          String name = rs.getObject(splitIdx).toString();
          try {
            split = Split.of(name);
          } catch (IllegalArgumentException e) {
            throw new InvalidDataException("bad split name", where + ", column " + splitColumn,
                "train, validation, test, none or another lowercase name", name, e);
          }
        }
        Map<String, String> uris = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : blobIdx.entrySet()) {
          Object v = rs.getObject(e.getValue());
          if (v != null) {
            uris.put(e.getKey(), v.toString());
          }
        }
        Map<String, Object> attributes = new TreeMap<>();
        for (Map.Entry<String, Integer> col : columns.entrySet()) {
          int i = col.getValue();
          if (i == idIdx || i == labelIdx || i == splitIdx || blobIdx.containsValue(i)) {
            continue;
          }
          Object v = attribute(rs.getObject(i), where + ", column " + md.getColumnLabel(i));
          if (v != null) {
            attributes.put(md.getColumnLabel(i), v);
          }
        }
        rows.add(new Row(number, id, label, split, attributes, uris));
      }
      return rows;
    } catch (SQLException e) {
      throw new StorageException("metadata query failed", source + ": " + query, "a query that runs",
          e.getMessage(), e);
    }
  }

  private int column(Map<String, Integer> columns, String name, String role) throws InvalidDataException {
    Integer i = columns.get(name.toLowerCase(Locale.ROOT));
    if (i == null) {
      throw new InvalidDataException("column missing from the query result", "query: " + query,
          role + " named " + name, "columns " + columns.keySet());
    }
    return i;
  }

  private static Label label(Object value, DatasetSchema schema, String where) throws InvalidDataException {
    if (value == null) {
      return null;
    }
    List<String> names = schema == null ? List.of() : schema.classNames();
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float
        || value instanceof BigDecimal bd && bd.scale() > 0)) {
      long index = n.longValue();
      if (index < 0 || (!names.isEmpty() && index >= names.size()) || index > Integer.MAX_VALUE) {
        throw new InvalidDataException("class index out of range", where,
            names.isEmpty() ? "an index >= 0" : "an index in 0.." + (names.size() - 1), Long.toString(index));
      }
      return ClassLabel.of((int) index);
    }
    String name = value.toString();
    int index = names.indexOf(name);
    if (index < 0) {
      throw new InvalidDataException("unknown class name", where,
          names.isEmpty() ? "an integer class index (the schema names no classes)" : "one of " + names, name);
    }
    return ClassLabel.of(index);
  }

  private static Object attribute(Object v, String where) throws InvalidDataException {
    if (v == null) {
      return null;
    }
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof BigDecimal bd) {
      return bd.scale() <= 0 && bd.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) bd.longValue()
          : (Object) bd.doubleValue();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime().toString();
    }
    if (v instanceof java.time.temporal.TemporalAccessor t) {
      return t.toString();
    }
    throw new InvalidDataException("unsupported attribute type", where,
        "text, a number, a boolean, a date or a time", v.getClass().getName());
  }

  private byte[] fetch(Row row, String column, String uri) throws DataException {
    String where = "row " + row.number() + " (id " + row.id() + "), column " + column;
    String prefix = null;
    for (String p : stores.keySet()) {
      if (uri.startsWith(p) && (prefix == null || p.length() > prefix.length())) {
        prefix = p;
      }
    }
    if (prefix != null) {
      String key = uri.substring(prefix.length());
      try {
        return stores.get(prefix).get(key);
      } catch (NotFoundException e) {
        throw new NotFoundException("blob not found", where, "an object at " + uri, "none in the store for "
            + prefix, e);
      } catch (IllegalArgumentException e) {
        throw new InvalidDataException("bad blob key", where, "a valid key after " + prefix, key, e);
      }
    }
    if (uri.startsWith("file:")) {
      Path path;
      try {
        path = Path.of(URI.create(uri));
      } catch (IllegalArgumentException e) {
        throw new InvalidDataException("bad file URI", where, "file:/absolute/path", uri, e);
      }
      try {
        return Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException("blob not found", where, "a file at " + uri, "no such file", e);
      } catch (IOException e) {
        throw new StorageException("cannot read blob file", where, "a readable file at " + uri, e.toString(), e);
      }
    }
    throw new InvalidDataException("no blob store for URI", where,
        "a file: URI or one starting with " + stores.keySet(), uri);
  }

  private static String fileName(String uri) {
    String s = uri;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    return s.substring(s.lastIndexOf('/') + 1);
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Builds a {@link SqlImport}; see the class example. */
  public static final class Builder {
    private final Repository repo;
    private String branch;
    private String query;
    private String url;
    private String user;
    private String password;
    private ConnectionSource connections;
    private String idColumn;
    private String labelColumn;
    private String splitColumn;
    private final Map<String, String> blobColumns = new LinkedHashMap<>();
    private final Map<String, BlobStore> stores = new TreeMap<>();
    private DatasetSchema schema;
    private String message;
    private String author;

    private Builder(Repository repo) {
      this.repo = repo;
    }

    /** The branch to commit to (created by the first commit if it does not exist). */
    public Builder setBranch(String branch) {
      this.branch = Objects.requireNonNull(branch, "branch");
      return this;
    }

    /** The query; one result row per record. */
    public Builder setQuery(String query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /** The database, by JDBC URL (the driver must be on the class path). Conflicts with setConnection. */
    public Builder setJdbcUrl(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** User and password for {@link #setJdbcUrl}. */
    public Builder optCredentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = password;
      return this;
    }

    /** The database, as connections from the caller (e.g. a pool). Conflicts with setJdbcUrl. */
    public Builder setConnection(ConnectionSource connections) {
      this.connections = Objects.requireNonNull(connections, "connections");
      return this;
    }

    /** The column holding record ids (case-insensitive, as every column name here). */
    public Builder setIdColumn(String column) {
      this.idColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** The column holding each record's class: a class name of the schema or a class index. */
    public Builder optLabelColumn(String column) {
      this.labelColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** The column holding each record's split name. */
    public Builder optSplitColumn(String column) {
      this.splitColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** A column of blob URIs, stored as the record's blob {@code blobName}; NULL leaves it out. */
    public Builder addBlobColumn(String column, String blobName) {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(blobName, "blobName");
      if (blobColumns.containsValue(blobName)) {
        throw new IllegalArgumentException("blob " + blobName + " already comes from another column");
      }
      blobColumns.put(column, blobName);
      return this;
    }

    /** Where URIs starting with {@code uriPrefix} are read: the rest of the URI is the key in {@code store}. */
    public Builder addBlobStore(String uriPrefix, BlobStore store) {
      if (Objects.requireNonNull(uriPrefix, "uriPrefix").isEmpty()) {
        throw new IllegalArgumentException("uriPrefix is empty");
      }
      stores.put(uriPrefix, Objects.requireNonNull(store, "store"));
      return this;
    }

    /** The schema of the new version (class names for label text); default: the branch's. */
    public Builder optSchema(DatasetSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** The commit message (default: "records from SQL: N rows, M blobs"). */
    public Builder optMessage(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** The commit's author. */
    public Builder optAuthor(String author) {
      this.author = Objects.requireNonNull(author, "author");
      return this;
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalStateException naming a missing setting, or both of two conflicting ones
     */
    public SqlImport build() {
      if (branch == null) {
        throw new IllegalStateException("branch was not set; call setBranch");
      }
      if (query == null) {
        throw new IllegalStateException("query was not set; call setQuery");
      }
      if (idColumn == null) {
        throw new IllegalStateException("idColumn was not set; call setIdColumn");
      }
      if (url != null && connections != null) {
        throw new IllegalStateException("setJdbcUrl and setConnection both set: give the database one way");
      }
      if (url == null && connections == null) {
        throw new IllegalStateException("database was not set; call setJdbcUrl or setConnection");
      }
      if (user != null && url == null) {
        throw new IllegalStateException("optCredentials and setConnection both set: credentials go with setJdbcUrl");
      }
      List<String> special = new ArrayList<>();
      special.add(idColumn.toLowerCase(Locale.ROOT));
      for (String c : new String[] {labelColumn, splitColumn}) {
        if (c != null) {
          special.add(c.toLowerCase(Locale.ROOT));
        }
      }
      blobColumns.keySet().forEach(c -> special.add(c.toLowerCase(Locale.ROOT)));
      if (special.stream().distinct().count() != special.size()) {
        throw new IllegalStateException("a column has two roles (id, label, split, blob): " + special);
      }
      return new SqlImport(this);
    }
  }
}
