package dev.datamgmt.storage.shard;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of one shard that passed a {@link ShardFilter}, column by column. Accessors take a position in
 * this batch, {@code 0 <= i < rowCount()}; columns that were not requested throw {@link IllegalStateException}.
 *
 * <p>Columns live on the Java heap: the decoder needs image bytes in a {@code byte[]} anyway, and Arrow Java's
 * off-heap memory cannot even be initialized on JDK 17+ without {@code --add-opens=java.base/java.nio=...},
 * which an embedded library should not demand. {@link #toArrow(BufferAllocator)} gives the same columns as an
 * Arrow {@link VectorSchemaRoot} for tabular use (that call needs the flag).
 */
public final class ShardBatch {
  private final String location;
  final int n;
  final int[] rows;
  final String[] ids;
  final String[] splits;
  final int[] classes;
  String[] labels;
  String[] mediaTypes;
  String[] dataHashes;
  long[] dataSizes;
  byte[][] data;
  String[] records;

  ShardBatch(String location, int n) {
    this.location = location;
    this.n = n;
    this.rows = new int[n];
    this.ids = new String[n];
    this.splits = new String[n];
    this.classes = new int[n];
  }

  /** Where the shard came from, e.g. its blob key. */
  public String location() {
    return location;
  }

  /** Number of rows. */
  public int rowCount() {
    return n;
  }

  /** Position of row {@code i} in the shard file. */
  public int row(int i) {
    return rows[i];
  }

  /** Record id of row {@code i}. */
  public String id(int i) {
    return ids[i];
  }

  /** Split name of row {@code i}. */
  public String split(int i) {
    return splits[i];
  }

  /** Class index of row {@code i}, or -1 if it has no class label. */
  public int classIndex(int i) {
    return classes[i];
  }

  /** The inline {@code data} bytes of row {@code i} (not a copy; do not modify), or null if by reference or absent. */
  public byte[] data(int i) {
    return need(data, ShardSchema.DATA)[i];
  }

  /** {@code sha256:<hex>} of row {@code i}'s {@code data} blob, or null if it has none. */
  public String dataHash(int i) {
    return need(dataHashes, ShardSchema.DATA_HASH)[i];
  }

  /** Size of row {@code i}'s {@code data} blob, or -1 if it has none. */
  public long dataSize(int i) {
    return need(dataSizes, ShardSchema.DATA_SIZE)[i];
  }

  /** Media type of row {@code i}'s {@code data} blob, or null if it has none. */
  public String mediaType(int i) {
    return need(mediaTypes, ShardSchema.MEDIA_TYPE)[i];
  }

  /** The label of row {@code i} as its stored JSON text, or null if unlabeled. */
  public String labelJson(int i) {
    return need(labels, ShardSchema.LABEL)[i];
  }

  /** The record of row {@code i} as its stored JSON text. */
  public String recordJson(int i) {
    return need(records, ShardSchema.RECORD)[i];
  }

  /**
   * The label of row {@code i}, or null if unlabeled.
   *
   * @throws InvalidDataException naming the shard and record if the label JSON is not a label
   */
  public Label label(int i) throws DataException {
    String json = need(labels, ShardSchema.LABEL)[i];
    if (json == null) {
      return null;
    }
    try {
      return Json.read(json, Label.class, location + ", record " + ids[i]);
    } catch (DataException e) {
      throw new InvalidDataException("unreadable label", location + ", record " + ids[i], "a label object",
          json, e);
    }
  }

  /**
   * The full record of row {@code i}.
   *
   * @throws InvalidDataException naming the shard and row if the record JSON is not a record
   */
  public Record record(int i) throws DataException {
    String json = need(records, ShardSchema.RECORD)[i];
    try {
      return Json.read(json, Record.class, location + ", record " + ids[i]);
    } catch (DataException e) {
      throw new InvalidDataException("unreadable record", location + ", record " + ids[i], "a record object",
          e.found(), e);
    }
  }

  /** Whether the batch has column {@code name}. */
  public boolean has(String name) {
    return switch (name) {
      case ShardSchema.ID, ShardSchema.SPLIT, ShardSchema.LABEL_CLASS, ShardSchema.ROW -> true;
      case ShardSchema.LABEL -> labels != null;
      case ShardSchema.MEDIA_TYPE -> mediaTypes != null;
      case ShardSchema.DATA_HASH -> dataHashes != null;
      case ShardSchema.DATA_SIZE -> dataSizes != null;
      case ShardSchema.DATA -> data != null;
      case ShardSchema.RECORD -> records != null;
      default -> false;
    };
  }

  /**
   * Copies the batch into Arrow vectors (field names as in {@link ShardSchema}); the caller closes the root.
   * Needs {@code --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED} on JDK 17+.
   */
  public VectorSchemaRoot toArrow(BufferAllocator allocator) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.notNullable(ShardSchema.ROW, new ArrowType.Int(32, true)));
    fields.add(Field.notNullable(ShardSchema.ID, ArrowType.Utf8.INSTANCE));
    fields.add(Field.notNullable(ShardSchema.SPLIT, ArrowType.Utf8.INSTANCE));
    fields.add(Field.nullable(ShardSchema.LABEL_CLASS, new ArrowType.Int(32, true)));
    String[][] strings = {labels, mediaTypes, dataHashes, records};
    String[] stringNames = {ShardSchema.LABEL, ShardSchema.MEDIA_TYPE, ShardSchema.DATA_HASH, ShardSchema.RECORD};
    for (int k = 0; k < strings.length; k++) {
      if (strings[k] != null) {
        fields.add(Field.nullable(stringNames[k], ArrowType.Utf8.INSTANCE));
      }
    }
    if (dataSizes != null) {
      fields.add(Field.nullable(ShardSchema.DATA_SIZE, new ArrowType.Int(64, true)));
    }
    if (data != null) {
      fields.add(Field.nullable(ShardSchema.DATA, ArrowType.Binary.INSTANCE));
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
    boolean ok = false;
    try {
      root.allocateNew();
      IntVector row = (IntVector) root.getVector(ShardSchema.ROW);
      IntVector cls = (IntVector) root.getVector(ShardSchema.LABEL_CLASS);
      for (int i = 0; i < n; i++) {
        row.setSafe(i, rows[i]);
        if (classes[i] < 0) {
          cls.setNull(i);
        } else {
          cls.setSafe(i, classes[i]);
        }
      }
      fillStrings((VarCharVector) root.getVector(ShardSchema.ID), ids);
      fillStrings((VarCharVector) root.getVector(ShardSchema.SPLIT), splits);
      for (int k = 0; k < strings.length; k++) {
        if (strings[k] != null) {
          fillStrings((VarCharVector) root.getVector(stringNames[k]), strings[k]);
        }
      }
      if (dataSizes != null) {
        BigIntVector v = (BigIntVector) root.getVector(ShardSchema.DATA_SIZE);
        for (int i = 0; i < n; i++) {
          if (dataSizes[i] < 0) {
            v.setNull(i);
          } else {
            v.setSafe(i, dataSizes[i]);
          }
        }
      }
      if (data != null) {
        VarBinaryVector v = (VarBinaryVector) root.getVector(ShardSchema.DATA);
        for (int i = 0; i < n; i++) {
          if (data[i] == null) {
            v.setNull(i);
          } else {
            v.setSafe(i, data[i]);
          }
        }
      }
      root.setRowCount(n);
      ok = true;
      return root;
    } finally {
      if (!ok) {
        root.close();
      }
    }
  }

  private void fillStrings(VarCharVector v, String[] values) {
    for (int i = 0; i < n; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private <T> T need(T column, String name) {
    if (column == null) {
      throw new IllegalStateException("column " + name + " was not read from " + location);
    }
    return column;
  }
}
