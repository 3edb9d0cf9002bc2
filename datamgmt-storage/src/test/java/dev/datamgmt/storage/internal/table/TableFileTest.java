package dev.datamgmt.storage.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFileTest {
  @TempDir Path dir;

  @Test
  void csv_keepsEachRowsLine_skipsTheByteOrderMarkAndEmptyLines() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.write(f, "\uFEFFid,note\n\na,\"two\nlines\"\nb,x\n".getBytes(StandardCharsets.UTF_8));
    TableFile t = TableFile.read(f);
    assertThat(t.header()).containsExactly("id", "note");
    assertThat(t.headerLocation()).isEqualTo(f + ":1");
    assertThat(t.rows()).containsExactly(new TableFile.Row(f + ":3", List.of("a", "two\nlines")),
        new TableFile.Row(f + ":5", List.of("b", "x")));
    assertThat(t.column("note")).isEqualTo(1);
    assertThat(t.column("label")).isEqualTo(-1);
  }

  @Test
  void malformedFiles_failWithTypedErrorsNamingTheFile() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "");
    assertThatThrownBy(() -> TableFile.read(f)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("empty table at " + f);
    Files.writeString(f, "a,b\n1\n");
    assertThatThrownBy(() -> TableFile.read(f)).isInstanceOf(InvalidDataException.class)
        .hasMessage("wrong number of cells at " + f + ":2: expected 2 cells, as the header a,b, found 1 cells: 1");
    Files.write(f, new byte[] {'a', '\n', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> TableFile.read(f)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("not UTF-8 text at " + f);
    Path pq = dir.resolve("t.parquet");
    Files.writeString(pq, "PAR1 no parquet PAR1");
    assertThatThrownBy(() -> TableFile.read(pq)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("unreadable Parquet table at " + pq);
    assertThatThrownBy(() -> TableFile.read(dir)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("found a directory");
    assertThatThrownBy(() -> TableFile.read(dir.resolve("none.csv"))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("found nothing");
  }
}
