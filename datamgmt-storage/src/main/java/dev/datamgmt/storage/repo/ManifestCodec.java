package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import dev.datamgmt.storage.internal.parquet.ParquetBytes;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Writes and reads a version's record table as Parquet; the column layout is specified in FORMAT.md
 * ("Manifests"). Nested parts (label, blobs, attributes) are JSON text columns so that every record round-trips
 * exactly; the main blob and class labels also get plain columns so that tools can filter without parsing JSON.
 * Reading goes column by column into {@link ManifestRow}s; records are decoded only when asked for.
 */
final class ManifestCodec {
  static final String FORMAT_KEY = "datamgmt.manifest.format";
  static final String FORMAT_VERSION = "1";

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message datamgmt_manifest {\n"
          + "  required binary id (STRING);\n"
          + "  required binary split (STRING);\n"
          + "  optional binary data_hash (STRING);\n"
          + "  optional int64 data_size;\n"
          + "  optional binary data_media_type (STRING);\n"
          + "  optional binary label_type (STRING);\n"
          + "  optional int32 label_class;\n"
          + "  optional binary label_json (STRING);\n"
          + "  optional binary blobs_json (STRING);\n"
          + "  optional binary attributes_json (STRING);\n"
          + "}");

  private static final String[] COLUMNS = {"id", "split", "data_hash", "data_size", "data_media_type",
      "label_type", "label_class", "label_json", "blobs_json", "attributes_json"};

  private ManifestCodec() {}

  /** The smallest row group this library writes; see {@link #rowGroupRows(int)}. */
  static final int MIN_ROW_GROUP_ROWS = 1024;

  /** The most row groups a manifest gets before their size doubles; see {@link #rowGroupRows(int)}. */
  static final int MAX_ROW_GROUPS = 256;

  /**
   * Rows per row group for a manifest of {@code n} rows: 1,024, doubled until there are at most 256 groups. Row
   * groups are the unit a diff skips (see {@link #differingRows}): two versions that differ in a few records
   * share all other row groups byte for byte, as long as they get the same group size, which changes only when
   * the record count crosses a power of two above 262,144.
   */
  static int rowGroupRows(int n) {
    int rows = MIN_ROW_GROUP_ROWS;
    while (n / rows > MAX_ROW_GROUPS && rows < (1 << 30)) {
      rows <<= 1;
    }
    return rows;
  }

  /** Encodes rows, which must already be sorted by id without duplicates. */
  static byte[] write(List<ManifestRow> sortedRows) {
    return write(sortedRows, rowGroupRows(sortedRows.size()));
  }

  /** {@link #write(List)} with a given row group size (tests use small ones). */
  static byte[] write(List<ManifestRow> sortedRows, int rowGroupRows) {
    return encode(sortedRows, rowGroupRows).bytes();
  }

  /** An encoded manifest and the metadata of its row groups, as its footer holds them. */
  private record Encoded(byte[] bytes, List<BlockMetaData> rowGroups) {}

  private static Encoded encode(List<ManifestRow> sortedRows, int rowGroupRows) {
    ParquetBytes.Output out = new ParquetBytes.Output();
    ParquetWriter<ManifestRow> writer;
    try {
      writer = newWriter(out, rowGroupRows);
      try (writer) {
        for (ManifestRow r : sortedRows) {
          writer.write(r);
        }
      }
    } catch (IOException e) {
      // Nothing here touches a disk or network; an IOException is a bug, not an environmental failure.
      throw new IllegalStateException("writing a manifest in memory failed", e);
    }
    return new Encoded(out.toByteArray(), writer.getFooter().getBlocks());
  }

  /**
   * Writes a manifest to a local file as its rows arrive, one row group at a time, so that a commit of any size
   * holds at most one row group's rows. The bytes are exactly those {@link #write(List)} gives for the same rows
   * when {@code rowGroupRows} is {@link #rowGroupRows(int)} of their count.
   */
  static final class StreamWriter implements AutoCloseable {
    private final ParquetWriter<ManifestRow> writer;
    private String lastId;
    private long rows;

    StreamWriter(java.nio.file.Path file, int rowGroupRows) throws IOException {
      this.writer = newWriter(new org.apache.parquet.io.LocalOutputFile(file), rowGroupRows);
    }

    /**
     * Appends a row.
     *
     * @throws IllegalArgumentException if its id is not greater than the previous row's
     */
    void write(ManifestRow row) throws IOException {
      if (lastId != null && lastId.compareTo(row.id()) >= 0) {
        throw new IllegalArgumentException("manifest rows must arrive in strictly ascending id order: "
            + row.id() + " after " + lastId);
      }
      writer.write(row);
      lastId = row.id();
      rows++;
    }

    /** Rows written so far. */
    long rows() {
      return rows;
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /**
   * Reads a manifest from a local file one row group at a time, so that a commit merging new records into a base
   * of any size holds at most one of the base's row groups. Checks the format as {@link #read} does, and that ids
   * ascend strictly across the whole file.
   */
  static final class StreamReader implements AutoCloseable {
    private final Opened manifest;
    private final List<ManifestRow> group = new ArrayList<>();
    private int next;
    private long rowsRead;
    private String lastId;

    /**
     * Opens a manifest file.
     *
     * @param location the manifest's key, for messages
     * @throws UnsupportedFormatException if the file is not a manifest of a format this library reads
     */
    StreamReader(java.nio.file.Path file, String location) throws UnsupportedFormatException {
      ParquetFileReader reader;
      try {
        reader = ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file), readOptions());
      } catch (IOException | RuntimeException e) {
        throw unreadable(location, e);
      }
      this.manifest = checked(reader, location);
    }

    /**
     * The next row without consuming it, or null after the last.
     *
     * @throws UnsupportedFormatException if a row group cannot be decoded
     * @throws IntegrityException if the ids do not ascend strictly
     */
    ManifestRow peek() throws UnsupportedFormatException, IntegrityException {
      while (next == group.size()) {
        group.clear();
        next = 0;
        PageReadStore pages;
        try {
          pages = manifest.reader.readNextRowGroup();
        } catch (IOException | RuntimeException e) {
          throw unreadable(manifest.location, e);
        }
        if (pages == null) {
          return null;
        }
        manifest.decode(pages, group);
      }
      ManifestRow row = group.get(next);
      if (lastId != null && lastId.compareTo(row.id()) >= 0) {
        throw new IntegrityException("manifest rows out of order", manifest.location + ", row " + rowsRead,
            "ids strictly ascending", "\"" + lastId + "\" then \"" + row.id() + "\"");
      }
      return row;
    }

    /** Consumes and returns the next row, or null after the last. */
    ManifestRow next() throws UnsupportedFormatException, IntegrityException {
      ManifestRow row = peek();
      if (row != null) {
        group.set(next++, null);
        lastId = row.id();
        rowsRead++;
      }
      return row;
    }

    @Override
    public void close() throws IOException {
      manifest.reader.close();
    }
  }

  /** Rewrites a manifest file with another row group size, streaming (same rows, same order). */
  static void regroup(java.nio.file.Path from, java.nio.file.Path to, int rowGroupRows)
      throws IOException, UnsupportedFormatException, IntegrityException {
    try (StreamReader in = new StreamReader(from, from.toString()); StreamWriter out = new StreamWriter(to, rowGroupRows)) {
      ManifestRow row;
      while ((row = in.next()) != null) {
        out.write(row);
      }
    }
  }

  private static ParquetWriter<ManifestRow> newWriter(org.apache.parquet.io.OutputFile out, int rowGroupRows)
      throws IOException {
    return new Builder(out)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withCodecFactory(new ManifestCodecs())
        // unique per row: a dictionary would only be built and thrown away
        .withDictionaryEncoding("id", false)
        .withDictionaryEncoding("data_hash", false)
        .withDictionaryEncoding("blobs_json", false)
        // min/max statistics of hashes and JSON text help no reader and cost a comparison per value; ids keep
        // theirs (row groups of a large manifest can then be skipped when looking up an id)
        .withStatisticsEnabled(false)
        .withStatisticsEnabled("id", true)
        .withSizeStatisticsEnabled(false)
        .withExtraMetaData(Map.of(FORMAT_KEY, FORMAT_VERSION))
        .withRowGroupRowCountLimit(rowGroupRows)
        .build();
  }

  /**
   * Decodes a manifest's rows (not yet the records).
   *
   * @param location the manifest's key, for messages
   * @throws UnsupportedFormatException if the bytes are not a manifest of a format this library reads
   * @throws IntegrityException if the rows are not in ascending id order
   */
  static List<ManifestRow> read(byte[] data, String location) throws UnsupportedFormatException, IntegrityException {
    List<ManifestRow> rows = new ArrayList<>();
    try (Opened m = open(data, location)) {
      PageReadStore pages;
      while ((pages = m.reader.readNextRowGroup()) != null) {
        m.decode(pages, rows);
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(location, e);
    }
    checkOrder(rows, location);
    return rows;
  }

  /** The rows of two manifests that are not in a row group the other manifest holds byte for byte. */
  record Differing(List<ManifestRow> from, List<ManifestRow> to) {}

  /**
   * Decodes only the row groups of two manifests that the other one does not hold identically: a row group whose
   * column chunks (compressed pages and all) equal, byte for byte, those of a row group of the other manifest
   * decodes to the same rows there, so its records are in both versions unchanged and cannot be part of their
   * diff; and since ids are unique, none of its ids occurs among the remaining rows of either side. The diff of
   * the two returned row lists is therefore the diff of the two versions, at the cost of decoding what changed
   * (one row group per side when one record changed) rather than both manifests. Manifests with different
   * schemas share nothing.
   *
   * @throws UnsupportedFormatException if either is not a manifest of a format this library reads
   * @throws IntegrityException if the decoded rows are not in ascending id order
   */
  static Differing differingRows(byte[] from, String fromLocation, byte[] to, String toLocation)
      throws UnsupportedFormatException, IntegrityException {
    try (Opened a = open(from, fromLocation); Opened b = open(to, toLocation)) {
      List<BlockMetaData> ga = a.reader.getRowGroups();
      List<BlockMetaData> gb = b.reader.getRowGroups();
      boolean[] sharedA = new boolean[ga.size()];
      boolean[] sharedB = new boolean[gb.size()];
      if (a.schema.equals(b.schema)) {
        Map<Long, List<Integer>> byFingerprint = new HashMap<>();
        for (int i = 0; i < ga.size(); i++) {
          byFingerprint.computeIfAbsent(fingerprint(from, ga.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (int j = 0; j < gb.size(); j++) {
          List<Integer> candidates = byFingerprint.getOrDefault(fingerprint(to, gb.get(j)), List.of());
          for (int k = 0; k < candidates.size(); k++) {
            int i = candidates.get(k);
            if (sameChunks(from, ga.get(i), to, gb.get(j))) {
              sharedA[i] = true;
              sharedB[j] = true;
              candidates.remove(k); // each row group is matched at most once
              break;
            }
          }
        }
      }
      return new Differing(decodeUnshared(a, sharedA, fromLocation), decodeUnshared(b, sharedB, toLocation));
    } catch (IOException | RuntimeException e) {
      throw unreadable(fromLocation + " or " + toLocation, e);
    }
  }

  /** A manifest made by {@link #patch}: its bytes, its row count, and how many row groups were copied. */
  record Patched(byte[] bytes, int rowCount, int groupsCopied, int groupsWritten) {}

  /**
   * Applies changes to a base manifest, copying every row group that no change touches byte for byte and
   * decoding and re-encoding only the others: a commit that changes a few records of a large version costs
   * reading the base's id column, decoding and writing a few row groups, and copying the rest, instead of
   * encoding every row. The copied row groups are the base's bytes, so a later diff skips them too.
   *
   * <p>Every change is assigned to the row group whose id range (in Java {@code String} order, read from the id
   * column) holds it, or, for a new id between two groups, to the group before it; runs of touched groups are
   * decoded, merged with their changes and re-encoded in near-equal groups of at most {@link #rowGroupRows}
   * rows, a run that shrank below half a group also taking in the next untouched group, so that every group but
   * the last keeps at least half a group's rows however many commits patch it. Row order is kept exactly: a
   * copied group's ids lie strictly between those of its neighbours.
   *
   * @param puts new or replacing rows by id
   * @param removes ids to remove (ids not in the base are ignored; an id in both is put)
   * @return the patched manifest, or null if the base cannot be patched (another writer's schema, or no row
   *     groups): the caller then writes the merged rows whole
   * @throws UnsupportedFormatException if the base is not a manifest of a format this library reads
   * @throws IntegrityException if the base's rows are not in ascending id order
   */
  static Patched patch(byte[] base, String baseLocation, java.util.SortedMap<String, ManifestRow> puts,
      java.util.Set<String> removes) throws UnsupportedFormatException, IntegrityException {
    return patch(base, baseLocation, puts, removes, 0);
  }

  /** {@link #patch} re-encoding in groups of {@code groupRows} rows (0: {@link #rowGroupRows}; tests use small ones). */
  static Patched patch(byte[] base, String baseLocation, java.util.SortedMap<String, ManifestRow> puts,
      java.util.Set<String> removes, int groupRows) throws UnsupportedFormatException, IntegrityException {
    try (Opened b = open(base, baseLocation)) {
      List<BlockMetaData> groups = b.reader.getRowGroups();
      if (!b.schema.equals(SCHEMA) || groups.isEmpty()) {
        return null;
      }
      // exact first and last id of every group, from the id column alone
      int n = groups.size();
      String[] first = new String[n];
      String[] last = new String[n];
      long total = 0;
      MessageType idOnly = new MessageType(SCHEMA.getName(), SCHEMA.getType("id"));
      b.reader.setRequestedSchema(idOnly);
      for (int g = 0; g < n; g++) {
        PageReadStore pages = b.reader.readRowGroup(g);
        int rows = Math.toIntExact(pages.getRowCount());
        if (rows == 0) {
          return null;
        }
        ColumnReader ids = new ColumnReadStoreImpl(pages, new GroupRecordConverter(idOnly).getRootConverter(), idOnly,
            b.createdBy).getColumnReader(b.descriptors[0]);
        // every value is read (the reader needs it), only the first and the last become strings
        int maxDef = ids.getDescriptor().getMaxDefinitionLevel();
        for (int i = 0; i < rows; i++) {
          if (ids.getCurrentDefinitionLevel() != maxDef) {
            return null;
          }
          org.apache.parquet.io.api.Binary id = ids.getBinary();
          if (i == 0) {
            first[g] = id.toStringUsingUTF8();
          }
          if (i == rows - 1) {
            last[g] = id.toStringUsingUTF8();
          }
          ids.consume();
        }
        boolean inside = first[g].compareTo(last[g]) > 0;
        if (inside || (g > 0 && last[g - 1].compareTo(first[g]) >= 0)) {
          throw new IntegrityException("manifest rows out of order", baseLocation + ", row group " + g,
              "ids strictly ascending", inside ? "first id \"" + first[g] + "\", last id \"" + last[g] + "\""
                  : "\"" + last[g - 1] + "\" then \"" + first[g] + "\"");
        }
        total += rows;
      }
      b.reader.setRequestedSchema(b.schema);
      // the changes of every group: the group whose first id is the greatest not above the change's id
      java.util.TreeSet<String> changed = new java.util.TreeSet<>(puts.keySet());
      changed.addAll(removes);
      boolean[] touched = new boolean[n];
      int g0 = 0;
      for (String id : changed) {
        while (g0 + 1 < n && first[g0 + 1].compareTo(id) <= 0) {
          g0++;
        }
        if (puts.containsKey(id) || (id.compareTo(first[g0]) >= 0 && id.compareTo(last[g0]) <= 0)) {
          touched[g0] = true; // a removal outside every group's range removes nothing
        }
      }
      if (groupRows <= 0) {
        groupRows = rowGroupRows((int) Math.min(Integer.MAX_VALUE, total + puts.size()));
      }
      ParquetBytes.Output out = new ParquetBytes.Output();
      ParquetFileWriter writer = new ParquetFileWriter(out, SCHEMA, ParquetFileWriter.Mode.OVERWRITE,
          ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
      writer.start();
      org.apache.parquet.io.SeekableInputStream baseIn = new ParquetBytes.Input(base).newStream();
      int rowCount = 0;
      int copied = 0;
      int written = 0;
      for (int g = 0; g < n; ) {
        if (!touched[g]) {
          writer.appendRowGroup(baseIn, groups.get(g), false);
          rowCount += Math.toIntExact(groups.get(g).getRowCount());
          copied++;
          g++;
          continue;
        }
        // a run of touched groups: decode, merge, and maybe take in the next untouched group
        List<ManifestRow> rows = new ArrayList<>();
        int end = g;
        while (end < n && touched[end]) {
          b.decode(b.reader.readRowGroup(end), rows);
          end++;
        }
        String upTo = end < n ? first[end] : null;
        String from = g == 0 ? null : first[g];
        java.util.SortedMap<String, ManifestRow> mine = from == null
            ? (upTo == null ? puts : puts.headMap(upTo))
            : (upTo == null ? puts.tailMap(from) : puts.subMap(from, upTo));
        List<ManifestRow> merged = merge(rows, mine, removes);
        if (merged.size() < groupRows / 2 && end < n) {
          b.decode(b.reader.readRowGroup(end), merged);
          end++;
        }
        // pieces of near-equal size (differing by at most one row), none above groupRows
        int pieces = (merged.size() + groupRows - 1) / groupRows;
        for (int p = 0; p < pieces; p++) {
          List<ManifestRow> piece = merged.subList((int) ((long) merged.size() * p / pieces),
              (int) ((long) merged.size() * (p + 1) / pieces));
          Encoded part = encode(piece, piece.size());
          writer.appendRowGroups(new ParquetBytes.Input(part.bytes()).newStream(), part.rowGroups(), false);
          written += part.rowGroups().size();
        }
        rowCount += merged.size();
        g = end;
      }
      writer.end(Map.of(FORMAT_KEY, FORMAT_VERSION));
      return new Patched(out.toByteArray(), rowCount, copied, written);
    } catch (IOException | RuntimeException e) {
      throw unreadable(baseLocation, e);
    }
  }

  /**
   * Rows sorted by id with changes applied: {@code puts} added or replacing the row with the same id, rows whose
   * id is in {@code removes} dropped (a put wins over a removal); unchanged rows are kept as they are.
   */
  static List<ManifestRow> merge(List<ManifestRow> rows, java.util.SortedMap<String, ManifestRow> puts,
      java.util.Set<String> removes) {
    List<ManifestRow> out = new ArrayList<>(rows.size() + puts.size());
    java.util.Iterator<ManifestRow> changes = puts.values().iterator();
    ManifestRow next = changes.hasNext() ? changes.next() : null;
    for (ManifestRow r : rows) {
      while (next != null && next.id().compareTo(r.id()) < 0) {
        out.add(next);
        next = changes.hasNext() ? changes.next() : null;
      }
      if (next != null && next.id().equals(r.id())) {
        out.add(next);
        next = changes.hasNext() ? changes.next() : null;
      } else if (!removes.contains(r.id())) {
        out.add(r);
      }
    }
    while (next != null) {
      out.add(next);
      next = changes.hasNext() ? changes.next() : null;
    }
    return out;
  }

  private static List<ManifestRow> decodeUnshared(Opened m, boolean[] shared, String location)
      throws IOException, UnsupportedFormatException, IntegrityException {
    List<ManifestRow> rows = new ArrayList<>();
    for (int i = 0; i < shared.length; i++) {
      if (!shared[i]) {
        m.decode(m.reader.readRowGroup(i), rows);
      }
    }
    checkOrder(rows, location);
    return rows;
  }

  /** A cheap key for a row group: row count, chunk sizes and a CRC-32C of the id column's bytes. */
  private static long fingerprint(byte[] data, BlockMetaData group) {
    long fp = group.getRowCount();
    for (ColumnChunkMetaData c : group.getColumns()) {
      fp = fp * 31 + c.getTotalSize();
    }
    ColumnChunkMetaData first = group.getColumns().isEmpty() ? null : group.getColumns().get(0);
    if (first != null && inBounds(data, first)) {
      CRC32C crc = new CRC32C();
      crc.update(data, (int) first.getStartingPos(), (int) first.getTotalSize());
      fp = fp * 31 + crc.getValue();
    }
    return fp;
  }

  private static boolean inBounds(byte[] data, ColumnChunkMetaData c) {
    return c.getStartingPos() >= 0 && c.getTotalSize() >= 0 && c.getStartingPos() + c.getTotalSize() <= data.length;
  }

  /** Whether two row groups hold the same column chunks: same columns, codecs, value counts and bytes. */
  private static boolean sameChunks(byte[] a, BlockMetaData ga, byte[] b, BlockMetaData gb) {
    if (ga.getRowCount() != gb.getRowCount() || ga.getColumns().size() != gb.getColumns().size()) {
      return false;
    }
    for (int c = 0; c < ga.getColumns().size(); c++) {
      ColumnChunkMetaData ca = ga.getColumns().get(c);
      ColumnChunkMetaData cb = gb.getColumns().get(c);
      if (!ca.getPath().equals(cb.getPath()) || ca.getCodec() != cb.getCodec()
          || ca.getValueCount() != cb.getValueCount() || ca.getTotalSize() != cb.getTotalSize()
          || !inBounds(a, ca) || !inBounds(b, cb)) {
        return false;
      }
      int sa = (int) ca.getStartingPos();
      int sb = (int) cb.getStartingPos();
      int n = (int) ca.getTotalSize();
      if (!Arrays.equals(a, sa, sa + n, b, sb, sb + n)) {
        return false;
      }
    }
    return true;
  }

  private static UnsupportedFormatException unreadable(String location, Exception e) {
    return new UnsupportedFormatException("unreadable manifest", location, "a Parquet manifest",
        e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private static void checkOrder(List<ManifestRow> rows, String location) throws IntegrityException {
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i - 1).id().compareTo(rows.get(i).id()) >= 0) {
        throw new IntegrityException("manifest rows out of order", location + ", row " + i,
            "ids strictly ascending", "\"" + rows.get(i - 1).id() + "\" then \"" + rows.get(i).id() + "\"");
      }
    }
  }

  /** An open manifest whose format and columns have been checked. */
  private static final class Opened implements AutoCloseable {
    final ParquetFileReader reader;
    final MessageType schema;
    final ColumnDescriptor[] descriptors = new ColumnDescriptor[COLUMNS.length];
    final String createdBy;
    final String location;

    Opened(ParquetFileReader reader, String location) throws UnsupportedFormatException {
      this.reader = reader;
      this.location = location;
      this.schema = reader.getFooter().getFileMetaData().getSchema();
      this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      String format = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(FORMAT_KEY);
      if (!FORMAT_VERSION.equals(format)) {
        throw new UnsupportedFormatException("unsupported manifest format", location,
            FORMAT_KEY + "=" + FORMAT_VERSION, format == null ? "no " + FORMAT_KEY + " metadata" : format);
      }
      for (int c = 0; c < COLUMNS.length; c++) {
        String name = COLUMNS[c];
        if (schema.containsField(name)) {
          Type t = schema.getType(name);
          PrimitiveType.PrimitiveTypeName expected = SCHEMA.getType(name).asPrimitiveType().getPrimitiveTypeName();
          if (!t.isPrimitive() || t.asPrimitiveType().getPrimitiveTypeName() != expected || t.isRepetition(Type.Repetition.REPEATED)) {
            throw new UnsupportedFormatException("manifest column has the wrong type", location + ", column " + name,
                SCHEMA.getType(name).toString(), t.toString());
          }
          descriptors[c] = schema.getColumnDescription(new String[] {name});
        } else if (c < 2) {
          throw new UnsupportedFormatException("manifest lacks a column", location, "column " + name,
              "columns " + schema.getFields().stream().map(Type::getName).toList());
        }
      }
    }

    /** Decodes one row group, appending its rows to {@code rows}. */
    void decode(PageReadStore pages, List<ManifestRow> rows) throws IntegrityException {
      int n = Math.toIntExact(pages.getRowCount());
      ColumnReadStoreImpl columns = new ColumnReadStoreImpl(pages,
          new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
      Object[][] values = new Object[COLUMNS.length][];
      for (int c = 0; c < COLUMNS.length; c++) {
        values[c] = descriptors[c] == null ? new Object[n] : readColumn(columns.getColumnReader(descriptors[c]), n);
      }
      for (int i = 0; i < n; i++) {
        if (values[0][i] == null || values[1][i] == null) {
          throw new IntegrityException("manifest row lacks id or split", location + ", row " + (rows.size()),
              "non-null id and split", "null");
        }
        rows.add(new ManifestRow((String) values[0][i], (String) values[1][i], (String) values[2][i],
            (Long) values[3][i], (String) values[4][i], (String) values[5][i], (Integer) values[6][i],
            (String) values[7][i], (String) values[8][i], (String) values[9][i]));
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** A manifest footer's bytes, compared by content. */
  private record FooterKey(byte[] bytes, int hash) {
    FooterKey(byte[] bytes) {
      this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FooterKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final int FOOTER_CACHE_SIZE = 8;

  /**
   * Parsed footers of the manifests read last, by the footer's bytes: a commit reads the manifest the previous
   * commit or diff read, and a parse of 20 row groups costs ~10 ms warm. Keyed by content, so never stale; the
   * parsed footer is only read by the readers that share it.
   */
  private static final Map<FooterKey, ParquetMetadata> FOOTERS =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FooterKey, ParquetMetadata> eldest) {
          return size() > FOOTER_CACHE_SIZE;
        }
      };

  /** Footers parsed so far (cache misses), for tests. */
  static final java.util.concurrent.atomic.AtomicLong FOOTER_PARSES = new java.util.concurrent.atomic.AtomicLong();

  /** The footer bytes of a Parquet file held in memory, or null if the tail is not a Parquet footer. */
  private static byte[] footerBytes(byte[] data) throws IOException {
    int n = data.length;
    if (n < 12 || !Arrays.equals(data, n - 4, n, ParquetFileWriter.MAGIC, 0, 4)) {
      return null;
    }
    int len = org.apache.parquet.bytes.BytesUtils.readIntLittleEndian(data, n - 8);
    if (len <= 0 || len > n - 12) {
      return null;
    }
    return Arrays.copyOfRange(data, n - 8 - len, n - 8);
  }

  private static Opened open(byte[] data, String location) throws UnsupportedFormatException {
    ParquetFileReader reader;
    try {
      ParquetReadOptions options = readOptions();
      ParquetBytes.Input input = new ParquetBytes.Input(data);
      byte[] footer = footerBytes(data);
      FooterKey key = footer == null ? null : new FooterKey(footer);
      ParquetMetadata cached;
      synchronized (FOOTERS) {
        cached = key == null ? null : FOOTERS.get(key);
      }
      if (cached != null) {
        reader = new ParquetFileReader(input, cached, options, input.newStream());
      } else {
        FOOTER_PARSES.incrementAndGet();
        reader = ParquetFileReader.open(input, options);
        if (key != null) {
          synchronized (FOOTERS) {
            FOOTERS.put(key, reader.getFooter());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw unreadable(location, e);
    }
    return checked(reader, location);
  }

  private static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(new ManifestCodecs()).build();
  }

  /** The reader as an {@link Opened} manifest once its format is checked; closed if it is not a manifest. */
  private static Opened checked(ParquetFileReader reader, String location) throws UnsupportedFormatException {
    try {
      return new Opened(reader, location);
    } catch (UnsupportedFormatException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Object[] readColumn(ColumnReader reader, int n) {
    Object[] out = new Object[n];
    ColumnDescriptor d = reader.getDescriptor();
    int maxDef = d.getMaxDefinitionLevel();
    PrimitiveType.PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
    for (int i = 0; i < n; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDef) {
        switch (type) {
          case INT64:
            out[i] = reader.getLong();
            break;
          case INT32:
            out[i] = reader.getInteger();
            break;
          default:
            out[i] = reader.getBinary().toStringUsingUTF8();
        }
      }
      reader.consume();
    }
    return out;
  }

  private static final class Builder extends ParquetWriter.Builder<ManifestRow, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ManifestRow> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new RowWriteSupport();
    }

    @Override
    protected WriteSupport<ManifestRow> getWriteSupport(ParquetConfiguration conf) {
      return new RowWriteSupport();
    }
  }

  private static final class RowWriteSupport extends WriteSupport<ManifestRow> {
    private RecordConsumer out;

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(SCHEMA, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    private void string(int index, String value) {
      if (value != null) {
        out.startField(COLUMNS[index], index);
        out.addBinary(Binary.fromString(value));
        out.endField(COLUMNS[index], index);
      }
    }

    @Override
    public void write(ManifestRow r) {
      out.startMessage();
      string(0, r.id());
      string(1, r.split());
      string(2, r.dataHash());
      if (r.dataSize() != null) {
        out.startField(COLUMNS[3], 3);
        out.addLong(r.dataSize());
        out.endField(COLUMNS[3], 3);
      }
      string(4, r.dataMediaType());
      string(5, r.labelType());
      if (r.labelClass() != null) {
        out.startField(COLUMNS[6], 6);
        out.addInteger(r.labelClass());
        out.endField(COLUMNS[6], 6);
      }
      string(7, r.labelJson());
      string(8, r.blobsJson());
      string(9, r.attributesJson());
      out.endMessage();
    }
  }
}
