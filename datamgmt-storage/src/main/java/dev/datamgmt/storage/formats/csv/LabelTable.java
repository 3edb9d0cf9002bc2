package dev.datamgmt.storage.formats.csv;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.internal.table.TableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Imports label tables from CSV or Parquet. Each row becomes a record: its id is the value of the id column (a
 * file name relative to {@link Builder#optImageDir the image directory}, whose bytes become the record's main
 * blob, or any id for tabular data); the label column holds class names or class indices; the split column a
 * split name; every other non-empty cell is an attribute whose type (LONG, DOUBLE, BOOLEAN, STRING) is inferred
 * from all of its column's values.
 *
 * <pre>{@code
 * ImportReport r = LabelTable.builder().setIdColumn("file").optLabelColumn("label")
 *     .optImageDir(Path.of("images")).build()
 *     .importCsv(Path.of("labels.csv"), sink);
 * }</pre>
 */
public final class LabelTable {
  private final String idColumn;
  private final String labelColumn;
  private final String splitColumn;
  private final Path imageDir;
  private final List<String> classNames;
  private final Split defaultSplit;

  private LabelTable(Builder b) {
    this.idColumn = b.idColumn;
    this.labelColumn = b.labelColumn;
    this.splitColumn = b.splitColumn;
    this.imageDir = b.imageDir;
    this.classNames = List.copyOf(b.classNames);
    this.defaultSplit = b.defaultSplit;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Imports a UTF-8 CSV file with a header row (a byte-order mark, as Excel writes, is skipped).
   *
   * @throws UnsupportedFormatException naming the file if it is not UTF-8 or not CSV (with the line)
   * @throws InvalidDataException naming file and line for a row with the wrong number of cells, a missing
   *     column, an empty or duplicate id, an unknown class or a bad split name
   */
  public ImportReport importCsv(Path csv, RecordSink sink) throws DataException {
    return importTable(TableFile.readCsv(csv), sink);
  }

  /**
   * Imports a Parquet file of flat columns; values are read as text and typed as for CSV.
   *
   * @throws UnsupportedFormatException if the file is not readable Parquet
   * @throws InvalidDataException as for {@link #importCsv}, naming the row
   */
  public ImportReport importParquet(Path parquet, RecordSink sink) throws DataException {
    return importTable(TableFile.readParquet(parquet), sink);
  }

  private ImportReport importTable(TableFile t, RecordSink sink) throws DataException {
    List<Map<String, String>> rows = new ArrayList<>(t.rows().size());
    List<String> where = new ArrayList<>(t.rows().size());
    for (TableFile.Row r : t.rows()) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int c = 0; c < t.header().size(); c++) {
        m.put(t.header().get(c), r.cells().get(c));
      }
      rows.add(m);
      where.add(r.location());
    }
    return importRows(t.header(), rows, where, t.location(), sink);
  }

  private ImportReport importRows(List<String> header, List<Map<String, String>> rows, List<String> rowLocations,
      String location, RecordSink sink) throws DataException {
    for (String col : new String[] {idColumn, labelColumn, splitColumn}) {
      if (col != null && !header.contains(col)) {
        throw new InvalidDataException("missing column", location, "a column named " + col, "columns " + header);
      }
    }
    // Schema on read: a column's type is the narrowest one all its non-empty values fit.
    Map<String, AttributeType> types = new TreeMap<>();
    for (String col : header) {
      if (col.equals(idColumn) || col.equals(labelColumn) || col.equals(splitColumn)) {
        continue;
      }
      types.put(col, inferType(rows.stream().map(r -> r.get(col)).filter(v -> !v.isEmpty()).toList()));
    }
    List<String> classes = classNames;
    if (labelColumn != null && classes.isEmpty()) {
      TreeSet<String> distinct = new TreeSet<>();
      boolean allInts = true;
      for (Map<String, String> r : rows) {
        String v = r.get(labelColumn);
        if (!v.isEmpty()) {
          distinct.add(v);
          allInts &= v.matches("\\d{1,9}");
        }
      }
      classes = allInts ? List.of() : List.copyOf(distinct);
    }
    Set<String> ids = new HashSet<>();
    int n = 0;
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> r = rows.get(i);
      String where = rowLocations.get(i);
      String id = r.get(idColumn);
      if (id.isEmpty()) {
        throw new InvalidDataException("empty id", where, "a value in column " + idColumn, "an empty cell");
      }
      if (!ids.add(id)) {
        throw new InvalidDataException("duplicate id", where, "ids unique in the table", id + " again");
      }
      Record.Builder b = Record.builder(id);
      if (labelColumn != null && !r.get(labelColumn).isEmpty()) {
        b.optLabel(label(r.get(labelColumn), classes, where));
      }
      if (splitColumn != null && !r.get(splitColumn).isEmpty()) {
        try {
          b.optSplit(Split.of(r.get(splitColumn)));
        } catch (IllegalArgumentException e) {
          throw new InvalidDataException("bad split name", where, "[a-z0-9][a-z0-9_-]*", r.get(splitColumn), e);
        }
      } else {
        b.optSplit(defaultSplit);
      }
      for (Map.Entry<String, AttributeType> t : types.entrySet()) {
        String v = r.get(t.getKey());
        if (!v.isEmpty()) {
          b.addAttribute(t.getKey(), parse(v, t.getValue()));
        }
      }
      byte[] data = null;
      if (imageDir != null) {
        Path f = imageDir.resolve(id).normalize();
        if (!f.startsWith(imageDir.normalize())) {
          throw new InvalidDataException("id escapes the image directory", where, "a relative path inside "
              + imageDir, id);
        }
        try {
          data = Files.readAllBytes(f);
        } catch (IOException e) {
          throw new StorageException("cannot read image", f.toString(), "a readable file named by " + where,
              e.toString(), e);
        }
        b.setBlob(BlobRef.of(data, MediaTypes.guess(id)));
      }
      sink.add(b.build(), data);
      n++;
    }
    sink.flush();
    DatasetSchema.Builder sb = DatasetSchema.builder().setLabelKind(LabelKind.CLASS)
        .addClassNames(classes.toArray(String[]::new));
    types.forEach(sb::addAttribute);
    return new ImportReport(sb.build(), n, List.of());
  }

  private static Label label(String v, List<String> classes, String where) throws InvalidDataException {
    int idx = classes.indexOf(v);
    if (idx >= 0) {
      return ClassLabel.of(idx);
    }
    if (v.matches("\\d{1,9}")) {
      int i = Integer.parseInt(v);
      if (classes.isEmpty() || i < classes.size()) {
        return ClassLabel.of(i);
      }
    }
    throw new InvalidDataException("unknown class", where, classes.isEmpty() ? "a class index >= 0"
        : "one of " + classes, v);
  }

  static AttributeType inferType(List<String> values) {
    if (values.isEmpty()) {
      return AttributeType.STRING;
    }
    if (values.stream().allMatch(v -> v.matches("-?\\d{1,18}"))) {
      return AttributeType.LONG;
    }
    if (values.stream().allMatch(v -> v.equals("true") || v.equals("false"))) {
      return AttributeType.BOOLEAN;
    }
    if (values.stream().allMatch(LabelTable::isFiniteDouble)) {
      return AttributeType.DOUBLE;
    }
    return AttributeType.STRING;
  }

  private static boolean isFiniteDouble(String v) {
    try {
      return Double.isFinite(Double.parseDouble(v)) && !v.endsWith("d") && !v.endsWith("f")
          && !v.endsWith("D") && !v.endsWith("F");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Object parse(String v, AttributeType t) {
    return switch (t) {
      case LONG -> Long.parseLong(v);
      case DOUBLE -> Double.parseDouble(v);
      case BOOLEAN -> Boolean.parseBoolean(v);
      default -> v;
    };
  }

  /** Configures a {@link LabelTable}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private String idColumn;
    private String labelColumn;
    private String splitColumn;
    private Path imageDir;
    private List<String> classNames = List.of();
    private Split defaultSplit = Split.NONE;

    private Builder() {}

    /** The column holding record ids / image file names (required). */
    public Builder setIdColumn(String column) {
      this.idColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** The column holding class names or indices (default: no labels). */
    public Builder optLabelColumn(String column) {
      this.labelColumn = column;
      return this;
    }

    /** The column holding split names (default: every record gets {@link #optDefaultSplit}). */
    public Builder optSplitColumn(String column) {
      this.splitColumn = column;
      return this;
    }

    /** Split for rows without a split value (default none). */
    public Builder optDefaultSplit(Split split) {
      this.defaultSplit = Objects.requireNonNull(split, "split");
      return this;
    }

    /** Directory the ids are file names in; their bytes become each record's main blob (default: no blobs). */
    public Builder optImageDir(Path dir) {
      this.imageDir = dir;
      return this;
    }

    /** Class names in index order (default: sorted distinct label values, or indices if all are integers). */
    public Builder optClassNames(List<String> names) {
      this.classNames = List.copyOf(names);
      return this;
    }

    /** Validates and builds. */
    public LabelTable build() {
      if (idColumn == null) {
        throw new IllegalStateException("id column was not set; call setIdColumn");
      }
      return new LabelTable(this);
    }
  }
}
