package dev.datamgmt.storage.shard;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.parquet.LeanParquet;
import dev.datamgmt.storage.internal.parquet.LeanParquetException;
import dev.datamgmt.storage.internal.parquet.ParquetBytes;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.record.Record;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a shard file column by column: only the requested columns are decoded, and rows are filtered before
 * their large columns are copied.
 *
 * <p>Files in the layout our writer produces, read with split and class criteria only, go through a lean decoder
 * of that layout ({@code internal.parquet.LeanParquet}): no Hadoop configuration, codec factory or converter
 * tree, which in a fresh JVM cost more CPU than decoding the shards themselves. Everything else (attribute
 * criteria, which use the row-group statistics and typed attribute columns; a codec such as ZSTD; a file the
 * lean decoder does not parse) is read with parquet-java's column readers, which skip row groups that cannot
 * match the filter by their statistics and dictionaries. Both give the same rows.
 *
 * <pre>{@code
 * ShardBatch b = ShardFile.read(bytes, "shards/ab12.parquet", info.hash(), Set.of(ShardSchema.DATA),
 *     ShardFilter.all());
 * byte[] png = b.data(0);
 * }</pre>
 */
public final class ShardFile {
  private static final String EXPECTED = "a datamgmt shard (Parquet, format " + ShardSchema.FORMAT_VERSION + ")";

  private ShardFile() {}

  /**
   * Reads the rows of a shard that pass {@code filter}.
   *
   * @param bytes the whole shard file
   * @param location its key, for error messages
   * @param expectedHash the hash the file must have, or null to skip the check
   * @param columns columns to read besides {@link ShardSchema#ID}, {@link ShardSchema#SPLIT},
   *     {@link ShardSchema#LABEL_CLASS} and {@link ShardSchema#ROW}, which are always read
   * @throws IntegrityException if the bytes do not match the hash or do not parse as Parquet
   * @throws UnsupportedFormatException if the file is Parquet but not a datamgmt shard of a known format
   */
  public static ShardBatch read(byte[] bytes, String location, ContentHash expectedHash, Set<String> columns,
      ShardFilter filter) throws DataException {
    if (expectedHash != null) {
      expectedHash.verify(bytes, location);
    }
    LinkedHashSet<String> cols = new LinkedHashSet<>(columns);
    cols.removeAll(List.of(ShardSchema.ID, ShardSchema.SPLIT, ShardSchema.LABEL_CLASS, ShardSchema.ROW));
    for (String c : cols) {
      if (!OPTIONAL_COLUMNS.contains(c)) {
        throw new IllegalArgumentException("no such shard column: " + c);
      }
    }
    return parse(bytes, location, cols, filter);
  }

  /** Reads a whole shard back as records, in file order. */
  public static List<Record> readRecords(byte[] bytes, String location) throws DataException {
    ShardBatch b = read(bytes, location, null, Set.of(ShardSchema.RECORD), ShardFilter.all());
    List<Record> out = new ArrayList<>(b.rowCount());
    for (int i = 0; i < b.rowCount(); i++) {
      out.add(b.record(i));
    }
    return out;
  }

  private static final Set<String> OPTIONAL_COLUMNS = Set.of(ShardSchema.LABEL, ShardSchema.MEDIA_TYPE,
      ShardSchema.DATA_HASH, ShardSchema.DATA_SIZE, ShardSchema.DATA, ShardSchema.RECORD);

  private static ShardBatch parse(byte[] bytes, String location, Set<String> cols, ShardFilter filter)
      throws DataException {
    if (!filter.needsRecord()) {
      try {
        return parseLean(bytes, location, cols, filter);
      } catch (LeanParquetException e) {
        // outside the lean decoder's subset, or damaged: parquet-java reads it or names the damage
      }
    }
    return parseWithParquetJava(bytes, location, cols, filter);
  }

  /** The lean decoder's reading of a shard: split and class criteria only. */
  static ShardBatch parseLean(byte[] bytes, String location, Set<String> cols, ShardFilter filter) {
    LeanParquet f = LeanParquet.open(bytes);
    if (!ShardSchema.FORMAT_VERSION.equals(f.keyValueMetadata().get(ShardSchema.FORMAT_KEY))) {
      throw new LeanParquetException("not a datamgmt shard of format " + ShardSchema.FORMAT_VERSION);
    }
    List<ShardBatch> parts = new ArrayList<>(f.rowGroupCount());
    long rowOffset = 0;
    for (int g = 0; g < f.rowGroupCount(); g++) {
      int n = f.rowCount(g);
      int[] every = new int[n];
      for (int i = 0; i < n; i++) {
        every[i] = i;
      }
      String[] split = new String[n];
      int[] cls = new int[n];
      f.readStrings(g, ShardSchema.SPLIT, every, split);
      f.readInts(g, ShardSchema.LABEL_CLASS, every, cls, -1);
      // rows that fail the filter get target -1: their large values are skipped, never copied
      int[] target = new int[n];
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (split[i] == null) {
          throw new LeanParquetException("null split in row " + i);
        }
        target[i] = filter.matches(split[i], cls[i]) ? kept++ : -1;
      }
      ShardBatch b = new ShardBatch(location, kept);
      f.readStrings(g, ShardSchema.ID, target, b.ids);
      for (int i = 0; i < n; i++) {
        int o = target[i];
        if (o >= 0) {
          b.rows[o] = Math.toIntExact(rowOffset + i);
          b.splits[o] = split[i];
          b.classes[o] = cls[i];
          if (b.ids[o] == null) {
            throw new LeanParquetException("null id in row " + i);
          }
        }
      }
      for (String c : cols) {
        switch (c) {
          case ShardSchema.LABEL -> f.readStrings(g, c, target, b.labels = new String[kept]);
          case ShardSchema.MEDIA_TYPE -> f.readStrings(g, c, target, b.mediaTypes = new String[kept]);
          case ShardSchema.DATA_HASH -> f.readStrings(g, c, target, b.dataHashes = new String[kept]);
          case ShardSchema.RECORD -> f.readStrings(g, c, target, b.records = new String[kept]);
          case ShardSchema.DATA_SIZE -> f.readLongs(g, c, target, b.dataSizes = new long[kept], -1);
          case ShardSchema.DATA -> f.readBytes(g, c, target, b.data = new byte[kept][]);
          default -> throw new IllegalStateException("unexpected column " + c);
        }
      }
      parts.add(b);
      rowOffset += n;
    }
    return concat(location, cols, parts);
  }

  /** parquet-java's reading of a shard: any filter, any codec parquet-java has. */
  static ShardBatch parseWithParquetJava(byte[] bytes, String location, Set<String> cols, ShardFilter filter)
      throws DataException {
    // The footer is parsed once: attribute criteria need the file's attribute columns to build the row-group
    // predicate, and the reader below is opened on the same footer.
    ParquetBytes.Input input = new ParquetBytes.Input(bytes);
    ParquetMetadata footer;
    try (SeekableInputStream in = input.newStream()) {
      footer = ParquetFileReader.readFooter(input,
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build(), in);
    } catch (Exception e) {
      throw new IntegrityException("corrupt shard", location, EXPECTED, e.toString(), e);
    }
    SortedMap<String, Class<?>> attributeColumns = filter.needsRecord()
        ? ShardSchema.attributeColumns(footer.getFileMetaData().getSchema())
        : new TreeMap<>();
    if (filter.needsRecord(attributeColumns)) {
      cols = new LinkedHashSet<>(cols);
      cols.add(ShardSchema.RECORD);
    }
    SortedMap<String, Object> columnCriteria = filter.columnCriteria(attributeColumns);
    FilterPredicate pushdown = filter.pushdown(attributeColumns);
    ParquetReadOptions.Builder opts = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .useStatsFilter()
        .useDictionaryFilter()
        .useRecordFilter(false)
        .useColumnIndexFilter(false);
    if (pushdown != null) {
      opts.withRecordFilter(FilterCompat.get(pushdown));
    }
    try (ParquetFileReader reader = new ParquetFileReader(input, footer, opts.build(), input.newStream())) {
      Map<String, String> meta = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      String format = meta.get(ShardSchema.FORMAT_KEY);
      if (!ShardSchema.FORMAT_VERSION.equals(format)) {
        throw new UnsupportedFormatException("not a datamgmt shard", location,
            ShardSchema.FORMAT_KEY + " = " + ShardSchema.FORMAT_VERSION, String.valueOf(format));
      }
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      List<String> all = new ArrayList<>(List.of(ShardSchema.ID, ShardSchema.SPLIT, ShardSchema.LABEL_CLASS));
      all.addAll(cols);
      List<Type> fields = new ArrayList<>();
      for (String c : all) {
        if (!fileSchema.containsField(c)) {
          throw new UnsupportedFormatException("shard lacks a column", location, "column " + c, fileSchema.toString());
        }
        fields.add(fileSchema.getType(c));
      }
      if (!columnCriteria.isEmpty()) {
        List<Type> attrFields = new ArrayList<>();
        for (String k : columnCriteria.keySet()) {
          attrFields.add(fileSchema.getType(ShardSchema.ATTRIBUTES).asGroupType().getType(k));
        }
        fields.add(fileSchema.getType(ShardSchema.ATTRIBUTES).asGroupType().withNewFields(attrFields));
      }
      MessageType requested = new MessageType(fileSchema.getName(), fields);
      reader.setRequestedSchema(requested);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      List<ShardBatch> parts = new ArrayList<>();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        try (PageReadStore p = pages) {
          parts.add(readRowGroup(p, requested, createdBy, cols, filter, columnCriteria, location));
        }
      }
      return concat(location, cols, parts);
    } catch (DataException e) {
      throw e;
    } catch (Exception e) {
      // parquet-java reports damage as IOException, ParquetDecodingException and assorted runtime errors.
      throw new IntegrityException("corrupt shard", location, EXPECTED, e.toString(), e);
    }
  }

  private static ShardBatch readRowGroup(PageReadStore pages, MessageType requested, String createdBy,
      Set<String> cols, ShardFilter filter, Map<String, Object> columnCriteria, String location)
      throws DataException {
    int n = Math.toIntExact(pages.getRowCount());
    long rowOffset = pages.getRowIndexOffset().orElseThrow(
        () -> new IllegalStateException("parquet-java did not report the row group's first row"));
    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, noopConverter(requested), requested, createdBy);
    // Read the filter columns first so the big ones are only copied for rows that pass.
    String[] split = new String[n];
    int[] cls = new int[n];
    String[] ids = new String[n];
    ColumnReader sr = store.getColumnReader(descriptor(requested, ShardSchema.SPLIT));
    ColumnReader cr = store.getColumnReader(descriptor(requested, ShardSchema.LABEL_CLASS));
    ColumnReader ir = store.getColumnReader(descriptor(requested, ShardSchema.ID));
    int clsMaxDef = descriptor(requested, ShardSchema.LABEL_CLASS).getMaxDefinitionLevel();
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      split[i] = sr.getBinary().toStringUsingUTF8();
      sr.consume();
      cls[i] = cr.getCurrentDefinitionLevel() == clsMaxDef ? cr.getInteger() : -1;
      cr.consume();
      ids[i] = ir.getBinary().toStringUsingUTF8();
      ir.consume();
      keep[i] = filter.matches(split[i], cls[i]);
    }
    for (Map.Entry<String, Object> c : columnCriteria.entrySet()) {
      ColumnDescriptor d = requested.getColumnDescription(new String[] {ShardSchema.ATTRIBUTES, c.getKey()});
      ColumnReader ar = store.getColumnReader(d);
      int maxDef = d.getMaxDefinitionLevel();
      Object want = c.getValue();
      for (int i = 0; i < n; i++) {
        boolean present = ar.getCurrentDefinitionLevel() == maxDef;
        if (keep[i]) {
          keep[i] = present && want.equals(attributeValue(ar, d));
        } else if (present) {
          ar.skip();
        }
        ar.consume();
      }
    }
    String[] recordJson = null;
    if (cols.contains(ShardSchema.RECORD)) {
      recordJson = new String[n];
      ColumnReader rr = store.getColumnReader(descriptor(requested, ShardSchema.RECORD));
      for (int i = 0; i < n; i++) {
        if (keep[i]) {
          recordJson[i] = rr.getBinary().toStringUsingUTF8();
          if (filter.needsRecord()) {
            Record r = Json.read(recordJson[i], Record.class, location + ", record " + ids[i]);
            keep[i] = filter.matches(r);
          }
        } else {
          rr.skip();
        }
        rr.consume();
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    ShardBatch b = new ShardBatch(location, kept);
    for (int i = 0, o = 0; i < n; i++) {
      if (keep[i]) {
        b.rows[o] = Math.toIntExact(rowOffset + i);
        b.ids[o] = ids[i];
        b.splits[o] = split[i];
        b.classes[o] = cls[i];
        o++;
      }
    }
    if (recordJson != null) {
      b.records = compact(recordJson, keep, kept);
    }
    for (String c : cols) {
      if (c.equals(ShardSchema.RECORD)) {
        continue;
      }
      ColumnDescriptor d = descriptor(requested, c);
      ColumnReader r = store.getColumnReader(d);
      int maxDef = d.getMaxDefinitionLevel();
      if (c.equals(ShardSchema.DATA_SIZE)) {
        long[] out = new long[kept];
        for (int i = 0, o = 0; i < n; i++) {
          boolean present = r.getCurrentDefinitionLevel() == maxDef;
          if (keep[i]) {
            out[o++] = present ? r.getLong() : -1;
          } else if (present) {
            r.skip();
          }
          r.consume();
        }
        b.dataSizes = out;
      } else if (c.equals(ShardSchema.DATA)) {
        byte[][] out = new byte[kept][];
        for (int i = 0, o = 0; i < n; i++) {
          boolean present = r.getCurrentDefinitionLevel() == maxDef;
          if (keep[i]) {
            out[o++] = present ? r.getBinary().getBytes() : null;
          } else if (present) {
            r.skip();
          }
          r.consume();
        }
        b.data = out;
      } else {
        String[] out = new String[kept];
        for (int i = 0, o = 0; i < n; i++) {
          boolean present = r.getCurrentDefinitionLevel() == maxDef;
          if (keep[i]) {
            out[o++] = present ? r.getBinary().toStringUsingUTF8() : null;
          } else if (present) {
            r.skip();
          }
          r.consume();
        }
        switch (c) {
          case ShardSchema.LABEL -> b.labels = out;
          case ShardSchema.MEDIA_TYPE -> b.mediaTypes = out;
          case ShardSchema.DATA_HASH -> b.dataHashes = out;
          default -> throw new IllegalStateException("unexpected column " + c);
        }
      }
    }
    return b;
  }

  /** The current value of an attribute column as the Java type {@link Record} attributes use. */
  private static Object attributeValue(ColumnReader r, ColumnDescriptor d) {
    return switch (d.getPrimitiveType().getPrimitiveTypeName()) {
      case BINARY -> r.getBinary().toStringUsingUTF8();
      case INT64 -> r.getLong();
      case DOUBLE -> r.getDouble();
      case BOOLEAN -> r.getBoolean();
      default -> throw new IllegalStateException("not an attribute column: " + d);
    };
  }

  private static String[] compact(String[] values, boolean[] keep, int kept) {
    String[] out = new String[kept];
    for (int i = 0, o = 0; i < values.length; i++) {
      if (keep[i]) {
        out[o++] = values[i];
      }
    }
    return out;
  }

  private static ShardBatch concat(String location, Set<String> cols, List<ShardBatch> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int n = parts.stream().mapToInt(ShardBatch::rowCount).sum();
    ShardBatch b = new ShardBatch(location, n);
    if (cols.contains(ShardSchema.LABEL)) {
      b.labels = new String[n];
    }
    if (cols.contains(ShardSchema.MEDIA_TYPE)) {
      b.mediaTypes = new String[n];
    }
    if (cols.contains(ShardSchema.DATA_HASH)) {
      b.dataHashes = new String[n];
    }
    if (cols.contains(ShardSchema.DATA_SIZE)) {
      b.dataSizes = new long[n];
    }
    if (cols.contains(ShardSchema.DATA)) {
      b.data = new byte[n][];
    }
    if (cols.contains(ShardSchema.RECORD)) {
      b.records = new String[n];
    }
    int o = 0;
    for (ShardBatch p : parts) {
      int k = p.rowCount();
      System.arraycopy(p.rows, 0, b.rows, o, k);
      System.arraycopy(p.ids, 0, b.ids, o, k);
      System.arraycopy(p.splits, 0, b.splits, o, k);
      System.arraycopy(p.classes, 0, b.classes, o, k);
      if (b.labels != null) {
        System.arraycopy(p.labels, 0, b.labels, o, k);
      }
      if (b.mediaTypes != null) {
        System.arraycopy(p.mediaTypes, 0, b.mediaTypes, o, k);
      }
      if (b.dataHashes != null) {
        System.arraycopy(p.dataHashes, 0, b.dataHashes, o, k);
      }
      if (b.dataSizes != null) {
        System.arraycopy(p.dataSizes, 0, b.dataSizes, o, k);
      }
      if (b.data != null) {
        System.arraycopy(p.data, 0, b.data, o, k);
      }
      if (b.records != null) {
        System.arraycopy(p.records, 0, b.records, o, k);
      }
      o += k;
    }
    return b;
  }

  private static ColumnDescriptor descriptor(MessageType schema, String name) {
    return schema.getColumnDescription(new String[] {name});
  }

  private static GroupConverter noopConverter(org.apache.parquet.schema.GroupType type) {
    // ColumnReadStoreImpl needs a converter tree to hand values to; we pull values ourselves instead.
    Converter[] children = new Converter[type.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      Type t = type.getType(i);
      children[i] = t.isPrimitive() ? new PrimitiveConverter() {} : noopConverter(t.asGroupType());
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }
}
