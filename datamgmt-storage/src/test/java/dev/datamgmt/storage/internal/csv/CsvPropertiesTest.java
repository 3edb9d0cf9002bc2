package dev.datamgmt.storage.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.UnsupportedFormatException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Quoting then parsing gives back any fields and rows, with the line each row starts on. */
class CsvPropertiesTest {
  @Property(tries = 100)
  void quoteThenParse_roundTripsAnyRows(@ForAll @Size(min = 1, max = 5) List<@Size(min = 1, max = 4) List<@StringLength(max = 12) String>> rows)
      throws Exception {
    for (List<String> r : rows) {
      Assume.that(!(r.size() == 1 && r.get(0).isEmpty())); // an empty line is no row
    }
    StringBuilder text = new StringBuilder();
    List<Integer> lines = new ArrayList<>();
    int line = 1;
    for (List<String> r : rows) {
      lines.add(line);
      String joined = String.join(",", r.stream().map(Csv::quote).toList());
      text.append(joined).append(line % 2 == 0 ? "\r\n" : "\n");
      line += 1 + (int) joined.chars().filter(c -> c == '\n').count();
    }
    List<Csv.Row> parsed = Csv.parseRows(text.toString(), "prop.csv");
    assertThat(parsed).extracting(Csv.Row::fields).containsExactlyElementsOf(rows);
    assertThat(parsed).extracting(Csv.Row::line).containsExactlyElementsOf(lines);
  }

  @Property(tries = 50)
  void anUnterminatedQuote_failsNamingTheLine(@ForAll @StringLength(max = 10) String prefix) {
    Assume.that(!prefix.contains("\"") && !prefix.contains("\n") && !prefix.contains("\r"));
    String text = "a,b\n" + prefix + ",\"open";
    assertThatThrownBy(() -> Csv.parse(text, "t.csv")).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("t.csv:2").hasMessageContaining("unterminated quoted field");
  }
}
