package dev.datamgmt.spark.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.spark.RepositorySource;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of a commit from a DataFrame: each task turns its rows into records, packs their blobs into
 * the repository (content-addressed, so a retried task rewrites the same blobs harmlessly) and, only once its
 * packs and their indexes are written, returns the records as JSON. The driver commits what the tasks that
 * succeeded returned.
 */
public final class RowRecords implements MapPartitionsFunction<Row, String> {
  private static final long serialVersionUID = 1L;

  /** Column names with a meaning; every other column of a supported type becomes an attribute. */
  public static final List<String> RESERVED =
      List.of("id", "split", "label", "label_json", "data", "path", "media_type", "attributes_json", "blobs_json");

  private final RepositorySource source;
  private final int packBytes;
  private final String[] names;
  private final String[] kinds;

  /**
   * Plans the conversion of rows of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column if it lacks {@code id}, or a column has a type that is not
   *     supported for its role
   */
  public RowRecords(RepositorySource source, int packBytes, StructType schema) {
    this.source = source;
    this.packBytes = packBytes;
    StructField[] fields = schema.fields();
    names = new String[fields.length];
    kinds = new String[fields.length];
    boolean hasId = false;
    for (int i = 0; i < fields.length; i++) {
      String n = fields[i].name();
      DataType t = fields[i].dataType();
      names[i] = n;
      kinds[i] = switch (n) {
        case "id", "split", "label_json", "path", "media_type", "attributes_json", "blobs_json" ->
            expect(n, t, DataTypes.StringType);
        case "label" -> t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) ? "label"
            : fail(n, t, "int or bigint (a class index)");
        case "data" -> expect(n, t, DataTypes.BinaryType);
        default -> t.equals(DataTypes.StringType) ? "string"
            : t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType) ? "long"
            : t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType) ? "double"
            : t.equals(DataTypes.BooleanType) ? "boolean"
            : fail(n, t, "string, integer, floating-point or boolean (an attribute)");
      };
      hasId |= n.equals("id");
    }
    if (!hasId) {
      throw new IllegalArgumentException("DataFrame has no column \"id\": expected a string column id, found columns "
          + List.of(names));
    }
  }

  private static String expect(String name, DataType t, DataType wanted) {
    return t.equals(wanted) ? name : fail(name, t, wanted.simpleString());
  }

  private static String fail(String name, DataType t, String wanted) {
    throw new IllegalArgumentException("column " + name + ": expected " + wanted + ", found " + t.simpleString());
  }

  @Override
  public Iterator<String> call(Iterator<Row> rows) {
    try {
      Repository repo = source.repository();
      List<String> out = new ArrayList<>();
      try (PackWriter packs = repo.newPackWriter(packBytes)) {
        while (rows.hasNext()) {
          Record r;
          try {
            r = toRecord(rows.next(), packs, repo);
          } catch (DataException e) {
            return java.util.List.of(Reports.error(e)).iterator(); // bad input: reported, not retried
          }
          out.add(Reports.record(r));
        }
      } // closing flushes the last pack and writes its index: only then are the records reported
      return out.iterator();
    } catch (DataException e) {
      throw new UncheckedDataException(e);
    }
  }

  private Record toRecord(Row row, PackWriter packs, Repository repo) throws DataException {
    String where = where(row);
    Object idValue = row.get(index("id"));
    if (idValue == null || ((String) idValue).isEmpty()) {
      throw new InvalidDataException("missing record id", where, "a non-empty string in column id",
          String.valueOf(idValue));
    }
    Record.Builder b;
    try {
      b = Record.builder((String) idValue);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException("bad record id", where, "1 to 1024 characters, no control characters",
          (String) idValue, e);
    }
    String mediaType = null;
    byte[] data = null;
    String path = null;
    String blobsJson = null;
    for (int i = 0; i < names.length; i++) {
      if (row.isNullAt(i)) {
        continue;
      }
      String n = names[i];
      try {
        switch (kinds[i]) {
          case "split" -> b.optSplit(Split.of(row.getString(i)));
          case "label" -> b.optLabel(ClassLabel.of(Math.toIntExact(((Number) row.get(i)).longValue())));
          case "label_json" -> b.optLabel(Json.read(row.getString(i), Label.class, where + " column label_json"));
          case "data" -> data = (byte[]) row.get(i);
          case "path" -> path = row.getString(i);
          case "media_type" -> mediaType = row.getString(i);
          case "attributes_json" -> addJsonAttributes(b, row.getString(i), where);
          case "blobs_json" -> blobsJson = row.getString(i);
          case "string" -> b.addAttribute(n, row.getString(i));
          case "long" -> b.addAttribute(n, ((Number) row.get(i)).longValue());
          case "double" -> b.addAttribute(n, ((Number) row.get(i)).doubleValue());
          case "boolean" -> b.addAttribute(n, row.getBoolean(i));
          default -> { }
        }
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new InvalidDataException("bad value in column " + n, where, "a valid " + kinds[i],
            String.valueOf(row.get(i)), e);
      }
    }
    if (data != null && path != null) {
      throw new InvalidDataException("record has both data and path", where, "one of the columns data, path",
          "both");
    }
    if (path != null) {
      data = fetch(path, where);
      if (mediaType == null) {
        mediaType = MediaTypes.guess(path);
      }
    }
    if (blobsJson != null) {
      // references to blobs the repository holds (a manifest's blobs_json): checked here, in parallel, so the
      // driver may count them as stored
      JsonNode refs = Json.read(blobsJson, JsonNode.class, where + " column blobs_json");
      for (Iterator<Map.Entry<String, JsonNode>> it = refs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        BlobRef ref = Json.read(e.getValue().toString(), BlobRef.class, where + " blobs_json." + e.getKey());
        if (!repo.hasBlob(ref.hash())) {
          throw new dev.datamgmt.core.error.NotFoundException("record references a blob the repository does not hold",
              where + " blobs_json." + e.getKey(), "a stored blob", ref.hash().toString());
        }
        b.addBlob(e.getKey(), ref);
      }
    }
    if (data != null) {
      if (blobsJson != null && b.build().blob().isPresent()) {
        throw new InvalidDataException("record has data and a data blob in blobs_json", where,
            "one of them", "both");
      }
      BlobRef ref = packs.put(data, mediaType == null ? BlobRef.OCTET_STREAM : mediaType);
      b.setBlob(ref);
    }
    return b.build();
  }

  private static void addJsonAttributes(Record.Builder b, String json, String where) throws DataException {
    JsonNode n = Json.read(json, JsonNode.class, where + " column attributes_json");
    if (!n.isObject()) {
      throw new InvalidDataException("attributes_json is not an object", where, "a JSON object",
          n.getNodeType().toString());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      Object value = v.isBoolean() ? v.asBoolean() : v.isIntegralNumber() && v.canConvertToLong() ? v.asLong()
          : v.isNumber() ? v.asDouble() : v.isTextual() ? v.asText() : null;
      if (value == null) {
        throw new InvalidDataException("attribute " + e.getKey() + " is not a scalar", where,
            "a string, number or boolean", v.toString());
      }
      b.addAttribute(e.getKey(), value);
    }
  }

  /** Reads a file through Hadoop's file systems (file:, hdfs:, s3a: ... whatever the cluster has). */
  static byte[] fetch(String path, String where) throws DataException {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
      try (InputStream in = p.getFileSystem(conf).open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new StorageException("cannot read the record's file", where + " path " + path, "a readable file",
          e.toString(), e);
    }
  }

  private int index(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private String where(Row row) {
    TaskContext tc = TaskContext.get();
    Object id = row.get(index("id"));
    return "record " + id + (tc == null ? "" : " (partition " + tc.partitionId() + ")");
  }

  /** The record of a report, or the reported error thrown, for the driver (see {@link Reports}). */
  public static Record decode(String report) throws DataException {
    return Reports.decode(report);
  }
}
