package dev.datamgmt.storage.internal.csv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV through Jackson's CSV module: comma-separated, fields optionally in double quotes with {@code ""}
 * as a quote, line ends (LF, CRLF or CR) inside quotes belong to the field, empty lines are skipped. What this
 * class adds is the part every reader of ours needs: the line each row starts on (for messages), a UTF-8
 * byte-order mark tolerated (Excel writes one), and syntax errors as {@link UnsupportedFormatException} naming
 * {@code file:line}.
 */
public final class Csv {
  private Csv() {}

  private static final CsvFactory FACTORY = CsvFactory.builder()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();

  /** A row and the line (1-based) it starts on, for messages. */
  public record Row(int line, List<String> fields) {
    /** Copies the fields. */
    public Row {
      fields = List.copyOf(fields);
    }
  }

  /**
   * Reads a UTF-8 CSV file (a leading byte-order mark is skipped) into rows.
   *
   * @throws UnsupportedFormatException if the file is not UTF-8 or not CSV (naming {@code file:line})
   * @throws StorageException if the file cannot be read
   */
  public static List<Row> readRows(Path file) throws UnsupportedFormatException, StorageException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UnsupportedFormatException("not UTF-8 text", file.toString(), "a UTF-8 CSV file", e.toString(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read CSV file", file.toString(), "a readable file", e.toString(), e);
    }
    return parseRows(text, file.toString());
  }

  /**
   * Splits the whole text into rows of fields, rows keeping the line they start on. A leading byte-order mark
   * is skipped; empty lines are no rows.
   *
   * @throws UnsupportedFormatException naming {@code location:line} if a quote is unterminated or text follows a
   *     closing quote
   */
  public static List<Row> parseRows(String text, String location) throws UnsupportedFormatException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Row> rows = new ArrayList<>();
    int rowLine = 1;
    try (JsonParser p = FACTORY.createParser(new StringReader(text))) {
      if (p.nextToken() != JsonToken.START_ARRAY) { // the WRAP_AS_ARRAY outer array
        return rows;
      }
      while (p.nextToken() == JsonToken.START_ARRAY) {
        rowLine = p.currentLocation().getLineNr(); // empty lines before the row are consumed by now
        List<String> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          fields.add(p.getText());
        }
        rows.add(new Row(rowLine, fields));
      }
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m.contains("closing quote")) {
        throw new UnsupportedFormatException("unterminated quoted field", location + ":" + rowLine,
            "a closing double quote", "end of file", e);
      }
      int line = e.getLocation() == null ? rowLine : e.getLocation().getLineNr();
      if (m.contains("Expected column separator")) {
        throw new UnsupportedFormatException("text after a closing quote", location + ":" + line,
            "a comma or line end", m, e);
      }
      throw new UnsupportedFormatException("malformed CSV", location + ":" + line, "RFC 4180 CSV", m, e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
    return rows;
  }

  /** {@link #parseRows} without the line numbers. */
  public static List<List<String>> parse(String text, String location) throws UnsupportedFormatException {
    List<List<String>> out = new ArrayList<>();
    for (Row r : parseRows(text, location)) {
      out.add(r.fields());
    }
    return out;
  }

  /** Writes rows as CSV (LF line ends), quoting the fields that need it; {@link #parse} reads them back. */
  public static String format(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    try (CsvGenerator g = (CsvGenerator) FACTORY.createGenerator(out)) {
      for (List<String> row : rows) {
        g.writeStartArray();
        for (String f : row) {
          g.writeString(f);
        }
        g.writeEndArray();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to a String cannot fail", e);
    }
    return out.toString();
  }
}
