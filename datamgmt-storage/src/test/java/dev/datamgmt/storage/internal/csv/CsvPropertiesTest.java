package dev.datamgmt.storage.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.UnsupportedFormatException;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Writing then parsing gives back any fields and rows (commas, quotes, line breaks and all), each with the line it
 * starts on; a byte-order mark changes nothing; syntax errors name the line.
 */
class CsvPropertiesTest {
  @Property(tries = 200)
  void formatThenParse_roundTripsAnyRows_withTheLineEachRowStartsOn(
      @ForAll @Size(min = 1, max = 5) List<@Size(min = 1, max = 4) List<@StringLength(max = 12) String>> rows,
      @ForAll boolean byteOrderMark) throws Exception {
    for (List<String> r : rows) {
      Assume.that(!(r.size() == 1 && r.get(0).isEmpty())); // an empty line is no row
    }
    // each row written on its own, ended by LF or CRLF in turn: both are line ends
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String row = Csv.format(List.of(rows.get(i)));
      text.append(row, 0, row.length() - 1).append(i % 2 == 0 ? "\n" : "\r\n");
    }
    List<Csv.Row> parsed = Csv.parseRows((byteOrderMark ? "\uFEFF" : "") + text, "prop.csv");
    assertThat(parsed).extracting(Csv.Row::fields).containsExactlyElementsOf(rows);
    assertThat(parsed).extracting(Csv.Row::line).hasSize(rows.size());
    assertThat(parsed.get(0).line()).isEqualTo(1);
    for (int i = 1; i < parsed.size(); i++) {
      // a row starts after the lines of the row before it: one, plus the line breaks inside its fields
      long breaks = rows.get(i - 1).stream().mapToLong(CsvPropertiesTest::lineBreaks).sum();
      assertThat(parsed.get(i).line()).isEqualTo(parsed.get(i - 1).line() + 1 + breaks);
    }
  }

  @Property(tries = 100)
  void formatOfAWholeTable_parsesBackToIt(
      @ForAll @Size(min = 1, max = 6) List<@Size(min = 2, max = 4) List<@StringLength(max = 8) String>> rows)
      throws Exception {
    assertThat(Csv.parse(Csv.format(rows), "t.csv")).isEqualTo(rows);
  }

  @Property(tries = 50)
  void anUnterminatedQuote_failsNamingTheLineTheRowStartsOn(@ForAll @StringLength(max = 10) String prefix) {
    Assume.that(!prefix.contains("\"") && !prefix.contains("\n") && !prefix.contains("\r"));
    String text = "a,b\n" + prefix + ",\"open\nmore";
    assertThatThrownBy(() -> Csv.parse(text, "t.csv")).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("t.csv:2").hasMessageContaining("unterminated quoted field");
  }

  @Test
  void textAfterAClosingQuote_failsNamingTheLine() {
    assertThatThrownBy(() -> Csv.parse("a,b\n\"x\"y,z\n", "t.csv")).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("text after a closing quote at t.csv:2").hasMessageContaining("a comma or line end");
  }

  @Test
  void emptyLines_areNoRows_andQuotedEmptyFieldsAreFields() throws Exception {
    assertThat(Csv.parseRows("a\n\n\nb,\"\"\r\n\"\"\n", "t.csv"))
        .containsExactly(new Csv.Row(1, List.of("a")), new Csv.Row(4, List.of("b", "")), new Csv.Row(5, List.of("")));
    assertThat(Csv.parse("", "t.csv")).isEmpty();
    assertThat(Csv.parse("\uFEFF", "t.csv")).isEmpty();
  }

  private static long lineBreaks(String field) {
    String s = field.replace("\r\n", "\n");
    return s.chars().filter(c -> c == '\n' || c == '\r').count();
  }
}
