package dev.datamgmt.storage.shard;

import dev.datamgmt.core.record.Record;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The column names and Parquet schema of a shard file (FORMAT.md, "Shards"). Column names are also the
 * Arrow field names of a {@link ShardBatch}.
 */
public final class ShardSchema {
  /** Record id, UTF-8, required. */
  public static final String ID = "id";
  /** Split name, UTF-8, required. */
  public static final String SPLIT = "split";
  /** Class index of a {@code class} label; null for other or missing labels. */
  public static final String LABEL_CLASS = "label_class";
  /** The label as FORMAT.md JSON; null when the record has no label. */
  public static final String LABEL = "label_json";
  /** Media type of the {@code data} blob; null when the record has none. */
  public static final String MEDIA_TYPE = "data_media_type";
  /** {@code sha256:<hex>} of the {@code data} blob; null when the record has none. */
  public static final String DATA_HASH = "data_hash";
  /** Size in bytes of the {@code data} blob; null when the record has none. */
  public static final String DATA_SIZE = "data_size";
  /** The {@code data} blob's bytes when stored inline; null when stored by reference (or absent). */
  public static final String DATA = "data";
  /** The whole record as FORMAT.md JSON, required. */
  public static final String RECORD = "record_json";
  /**
   * Optional group with one optional column per attribute key of the version whose values all have one type
   * (STRING, INT64, DOUBLE or BOOLEAN) and whose name has no {@code .}; absent when there is no such key.
   * Attribute filters on these columns skip row groups by statistics and never parse {@link #RECORD}.
   */
  public static final String ATTRIBUTES = "attributes";
  /** Arrow-only column of a {@link ShardBatch}: the row's position in its shard file. */
  public static final String ROW = "_row";

  /** Key-value metadata key holding the shard format version, {@value #FORMAT_VERSION}. */
  public static final String FORMAT_KEY = "datamgmt.shard.format";
  /** The shard format version this library writes and reads. */
  public static final String FORMAT_VERSION = "1";

  static final MessageType MESSAGE = message(Map.of());

  /** The shard schema with an {@link #ATTRIBUTES} group holding these typed attribute columns (none: no group). */
  static MessageType message(Map<String, Class<?>> attributeColumns) {
    Types.GroupBuilder<MessageType> b = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(ID)
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SPLIT)
      .optional(PrimitiveTypeName.INT32).named(LABEL_CLASS)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(LABEL)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MEDIA_TYPE)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(DATA_HASH)
      .optional(PrimitiveTypeName.INT64).named(DATA_SIZE)
      .optional(PrimitiveTypeName.BINARY).named(DATA)
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(RECORD);
    if (!attributeColumns.isEmpty()) {
      Types.GroupBuilder<GroupType> g = Types.optionalGroup();
      for (Map.Entry<String, Class<?>> e : new TreeMap<>(attributeColumns).entrySet()) {
        Class<?> t = e.getValue();
        if (t == String.class) {
          g.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(e.getKey());
        } else if (t == Long.class) {
          g.optional(PrimitiveTypeName.INT64).named(e.getKey());
        } else if (t == Double.class) {
          g.optional(PrimitiveTypeName.DOUBLE).named(e.getKey());
        } else if (t == Boolean.class) {
          g.optional(PrimitiveTypeName.BOOLEAN).named(e.getKey());
        } else {
          throw new IllegalArgumentException("attribute " + e.getKey() + " has no column type: " + t);
        }
      }
      b.addField(g.named(ATTRIBUTES));
    }
    return b.named("datamgmt_shard");
  }

  /**
   * The attribute keys that get a typed column: every key without a {@code .} (Parquet filter paths are
   * dot-separated) whose values have one Java type across {@code records}.
   */
  static SortedMap<String, Class<?>> attributeColumns(List<Record> records) {
    Map<String, Class<?>> types = new HashMap<>();
    Set<String> mixed = new HashSet<>();
    for (Record r : records) {
      for (Map.Entry<String, Object> a : r.attributes().entrySet()) {
        Class<?> prev = types.putIfAbsent(a.getKey(), a.getValue().getClass());
        if (prev != null && prev != a.getValue().getClass()) {
          mixed.add(a.getKey());
        }
      }
    }
    SortedMap<String, Class<?>> out = new TreeMap<>();
    types.forEach((k, t) -> {
      if (!mixed.contains(k) && k.indexOf('.') < 0) {
        out.put(k, t);
      }
    });
    return out;
  }

  /**
   * The typed attribute columns of a shard file's schema (key to String, Long, Double or Boolean); empty for
   * shards written without them.
   */
  static SortedMap<String, Class<?>> attributeColumns(MessageType fileSchema) {
    SortedMap<String, Class<?>> out = new TreeMap<>();
    if (!fileSchema.containsField(ATTRIBUTES) || fileSchema.getType(ATTRIBUTES).isPrimitive()) {
      return out;
    }
    for (Type t : fileSchema.getType(ATTRIBUTES).asGroupType().getFields()) {
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        continue;
      }
      PrimitiveType p = t.asPrimitiveType();
      Class<?> c = switch (p.getPrimitiveTypeName()) {
        case BINARY -> LogicalTypeAnnotation.stringType().equals(p.getLogicalTypeAnnotation()) ? String.class : null;
        case INT64 -> p.getLogicalTypeAnnotation() == null ? Long.class : null;
        case DOUBLE -> Double.class;
        case BOOLEAN -> Boolean.class;
        default -> null;
      };
      if (c != null) {
        out.put(t.getName(), c);
      }
    }
    return out;
  }

  private ShardSchema() {}

  /** The Parquet schema every shard file has, as Parquet's text form. */
  public static String parquetSchema() {
    return MESSAGE.toString();
  }
}
