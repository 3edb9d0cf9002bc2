package dev.datamgmt.storage.ingest;

import dev.datamgmt.storage.internal.csv.Csv;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A table mapping file paths (relative to the ingest root, {@code /}-separated) to class names: a CSV file
 * with header {@code path,label} (RFC 4180 quoting) or a Parquet file with string columns {@code path} and
 * {@code label}.
 */
final class LabelTable {
  private LabelTable() {}

  static Map<String, String> read(Path table) throws DataException {
    String name = table.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    Map<String, String> raw = name.endsWith(".parquet") ? readParquet(table) : readCsv(table);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String path = Normalizer.normalize(e.getKey(), Normalizer.Form.NFC);
      if (out.put(path, e.getValue()) != null) {
        throw new InvalidDataException("path listed twice in label table", table + ", path " + path,
            "each path once", "a second row");
      }
    }
    return out;
  }

  private static Map<String, String> readCsv(Path table) throws DataException {
    String text;
    try {
      text = Files.readString(table, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UnsupportedFormatException("label table is not UTF-8", table.toString(), "UTF-8 text", e.toString(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read label table", table.toString(), "a readable file", e.toString(), e);
    }
    List<Csv.Row> rows = Csv.parseRows(text, table.toString());
    if (rows.isEmpty() || !rows.get(0).fields().equals(List.of("path", "label"))) {
      throw new InvalidDataException("wrong label table header", table + ":1", "path,label",
          rows.isEmpty() ? "an empty file" : String.join(",", rows.get(0).fields()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Csv.Row row : rows.subList(1, rows.size())) {
      List<String> cells = row.fields();
      if (cells.size() != 2 || cells.get(0).isEmpty() || cells.get(1).isEmpty()) {
        throw new InvalidDataException("malformed label table row", table + ":" + row.line(),
            "two non-empty cells: path,label", cells.size() + " cells: " + String.join(",", cells));
      }
      if (out.put(cells.get(0), cells.get(1)) != null) {
        throw new InvalidDataException("path listed twice in label table", table + ":" + row.line(),
            "each path once", cells.get(0));
      }
    }
    return out;
  }

  private static Map<String, String> readParquet(Path table) throws DataException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(table),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      for (String col : List.of("path", "label")) {
        if (!schema.containsField(col) || !schema.getType(col).isPrimitive()
            || schema.getType(col).asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
            || schema.getType(col).isRepetition(Type.Repetition.REPEATED)) {
          throw new UnsupportedFormatException("label table lacks a string column", table + ", column " + col,
              "string columns path and label", schema.toString().replace('\n', ' '));
        }
      }
      ColumnDescriptor pathCol = schema.getColumnDescription(new String[] {"path"});
      ColumnDescriptor labelCol = schema.getColumnDescription(new String[] {"label"});
      PageReadStore pages;
      long row = 0;
      while ((pages = reader.readNextRowGroup()) != null) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new GroupRecordConverter(schema).getRootConverter(),
            schema, reader.getFooter().getFileMetaData().getCreatedBy());
        ColumnReader p = store.getColumnReader(pathCol);
        ColumnReader l = store.getColumnReader(labelCol);
        for (long i = 0; i < pages.getRowCount(); i++, row++) {
          String path = p.getCurrentDefinitionLevel() == pathCol.getMaxDefinitionLevel() ? p.getBinary().toStringUsingUTF8() : null;
          String label = l.getCurrentDefinitionLevel() == labelCol.getMaxDefinitionLevel() ? l.getBinary().toStringUsingUTF8() : null;
          p.consume();
          l.consume();
          if (path == null || label == null || path.isEmpty() || label.isEmpty()) {
            throw new InvalidDataException("malformed label table row", table + ", row " + row,
                "non-empty path and label", "path=" + path + ", label=" + label);
          }
          if (out.put(path, label) != null) {
            throw new InvalidDataException("path listed twice in label table", table + ", row " + row,
                "each path once", path);
          }
        }
      }
    } catch (DataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedFormatException("unreadable Parquet label table", table.toString(), "a Parquet file",
          e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    return out;
  }
}
