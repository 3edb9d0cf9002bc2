package dev.datamgmt.storage.shard;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
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
  /** Arrow-only column of a {@link ShardBatch}: the row's position in its shard file. */
  public static final String ROW = "_row";

  /** Key-value metadata key holding the shard format version, {@value #FORMAT_VERSION}. */
  public static final String FORMAT_KEY = "datamgmt.shard.format";
  /** The shard format version this library writes and reads. */
  public static final String FORMAT_VERSION = "1";

  static final MessageType MESSAGE = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(ID)
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SPLIT)
      .optional(PrimitiveTypeName.INT32).named(LABEL_CLASS)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(LABEL)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MEDIA_TYPE)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(DATA_HASH)
      .optional(PrimitiveTypeName.INT64).named(DATA_SIZE)
      .optional(PrimitiveTypeName.BINARY).named(DATA)
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(RECORD)
      .named("datamgmt_shard");

  private ShardSchema() {}

  /** The Parquet schema every shard file has, as Parquet's text form. */
  public static String parquetSchema() {
    return MESSAGE.toString();
  }
}
