package dev.datamgmt.storage.internal.csv;

import dev.datamgmt.core.error.UnsupportedFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV parser: comma-separated, fields optionally in double quotes with {@code ""} as a quote, line
 * ends (LF or CRLF) inside quotes belong to the field. Shared by the label-table readers of the ingest and the
 * importers.
 */
public final class Csv {
  private Csv() {}

  /**
   * Splits the whole text into rows of fields. Line ends are LF or CRLF; a line end inside quotes belongs to
   * the field. Empty lines are skipped.
   *
   * @throws UnsupportedFormatException naming the line if a quote is unterminated or text follows a closing quote
   */
  public static List<List<String>> parse(String text, String location) throws UnsupportedFormatException {
    List<List<String>> out = new ArrayList<>();
    for (Row r : parseRows(text, location)) {
      out.add(r.fields());
    }
    return out;
  }

  /** A row and the line (1-based) it starts on, for messages. */
  public record Row(int line, List<String> fields) {}

  /** {@link #parse} keeping each row's line number. */
  public static List<Row> parseRows(String text, String location) throws UnsupportedFormatException {
    List<Row> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowLine = 1;
    int i = 0;
    int n = text.length();
    boolean fieldStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0 && !fieldStarted) {
        fieldStarted = true;
        i++;
        while (true) {
          if (i >= n) {
            throw new UnsupportedFormatException("unterminated quoted field", location + ":" + rowLine,
                "a closing double quote", "end of file");
          }
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q == '\n') {
            line++;
          }
          field.append(q);
          i++;
        }
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          throw new UnsupportedFormatException("text after a closing quote", location + ":" + line,
              "a comma or line end", "'" + text.charAt(i) + "'");
        }
        continue;
      }
      if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        i++;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        i++;
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        if (!(row.size() == 1 && row.get(0).isEmpty())) {
          rows.add(new Row(rowLine, row));
        }
        row = new ArrayList<>();
        line++;
        rowLine = line;
      } else {
        field.append(c);
        fieldStarted = true;
        i++;
      }
    }
    if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(new Row(rowLine, row));
    }
    return rows;
  }

  /** Quotes a field if it needs it. */
  public static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
