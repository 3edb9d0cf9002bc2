package dev.datamgmt.storage.internal.table;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.storage.internal.csv.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * A table file read whole: a header and rows of text cells, each row with the location messages name. CSV
 * (UTF-8, a byte-order mark tolerated, RFC 4180 quoting; location {@code file:line}) or Parquet of flat columns
 * (values as text, a missing value as the empty string; location {@code file, row n}).
 *
 * <p>Errors, the same for every caller: a file that is not UTF-8, not CSV or not Parquet is a
 * {@link UnsupportedFormatException} (a format we do not read); an empty file or a row whose number of cells
 * differs from the header's is an {@link InvalidDataException} (content that breaks the table's rules).
 *
 * @param location the file, for messages
 * @param headerLocation where the header is, for messages ({@code file:line} for CSV, the file for Parquet)
 * @param header the column names in file order
 * @param rows the data rows in file order
 */
public record TableFile(String location, String headerLocation, List<String> header, List<Row> rows) {
  /** Copies the lists. */
  public TableFile {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(headerLocation, "headerLocation");
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /**
   * One data row.
   *
   * @param location where it is, for messages: {@code file:line} (CSV, the line it starts on) or
   *     {@code file, row n} (Parquet, 1-based)
   * @param cells its cells, as many as the header has
   */
  public record Row(String location, List<String> cells) {
    /** Copies the cells. */
    public Row {
      Objects.requireNonNull(location, "location");
      cells = List.copyOf(cells);
    }
  }

  /** The index of a column, or -1. */
  public int column(String name) {
    return header.indexOf(name);
  }

  /**
   * Reads a {@code .parquet} file as Parquet and anything else as CSV.
   *
   * @throws NotFoundException if the file does not exist
   * @throws UnsupportedFormatException if it is not UTF-8 CSV or not Parquet
   * @throws InvalidDataException if it is empty or a row has the wrong number of cells
   */
  public static TableFile read(Path file) throws DataException {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet") ? readParquet(file)
        : readCsv(file);
  }

  /** Reads a CSV file with a header row; see {@link #read}. */
  public static TableFile readCsv(Path file) throws DataException {
    requireFile(file);
    List<Csv.Row> rows = Csv.readRows(file);
    if (rows.isEmpty()) {
      throw new InvalidDataException("empty table", file + ":1", "a header row", "an empty file");
    }
    List<String> header = rows.get(0).fields();
    List<Row> out = new ArrayList<>(rows.size() - 1);
    for (Csv.Row r : rows.subList(1, rows.size())) {
      String where = file + ":" + r.line();
      if (r.fields().size() != header.size()) {
        throw new InvalidDataException("wrong number of cells", where,
            header.size() + " cells, as the header " + String.join(",", header),
            r.fields().size() + " cells: " + String.join(",", r.fields()));
      }
      out.add(new Row(where, r.fields()));
    }
    return new TableFile(file.toString(), file + ":" + rows.get(0).line(), header, out);
  }

  /** Reads a Parquet file of flat columns, values as text; see {@link #read}. */
  public static TableFile readParquet(Path file) throws DataException {
    requireFile(file);
    List<String> header = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = new GroupReader(new LocalInputFile(file)).build()) {
      for (Group g; (g = reader.read()) != null; ) {
        if (header.isEmpty()) {
          for (int i = 0; i < g.getType().getFieldCount(); i++) {
            header.add(g.getType().getFieldName(i));
          }
        }
        List<String> cells = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
          cells.add(g.getFieldRepetitionCount(i) == 0 ? "" : g.getValueToString(i, 0));
        }
        rows.add(new Row(file + ", row " + (rows.size() + 1), cells));
      }
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedFormatException("unreadable Parquet table", file.toString(), "a Parquet file",
          e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    return new TableFile(file.toString(), file.toString(), header, rows);
  }

  private static void requireFile(Path file) throws NotFoundException {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no table file", file.toString(), "a readable file",
          Files.exists(file) ? "a directory" : "nothing");
    }
  }

  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file, new PlainParquetConfiguration());
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
