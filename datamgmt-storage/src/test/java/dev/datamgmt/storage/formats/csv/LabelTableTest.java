package dev.datamgmt.storage.formats.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.InMemoryDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelTableTest {
  @TempDir Path dir;

  private LabelTable table() {
    return LabelTable.builder().setIdColumn("file").optLabelColumn("label").optSplitColumn("split")
        .optImageDir(dir).build();
  }

  @Test
  void importCsv_readsImagesLabelsSplitsAndInfersAttributeTypes() throws Exception {
    Files.write(dir.resolve("a.png"), new byte[] {1});
    Files.write(dir.resolve("b.png"), new byte[] {2});
    Files.writeString(dir.resolve("t.csv"), "file,label,split,score,ok,note\r\n"
        + "a.png,dog,train,1.5,true,\"hello, world\"\n"
        + "b.png,cat,test,2,false,\"say \"\"hi\"\"\"\n");
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = table().importCsv(dir.resolve("t.csv"), ds);
    assertThat(r.schema().classNames()).containsExactly("cat", "dog");
    assertThat(r.schema().attributes()).containsEntry("score", AttributeType.DOUBLE)
        .containsEntry("ok", AttributeType.BOOLEAN).containsEntry("note", AttributeType.STRING);
    Record a = ds.records().get(0);
    assertThat(a.label()).contains(ClassLabel.of(1));
    assertThat(a.split()).isEqualTo(Split.TRAIN);
    assertThat(a.attributes()).containsEntry("score", 1.5).containsEntry("ok", true)
        .containsEntry("note", "hello, world");
    assertThat(ds.records().get(1).attributes()).containsEntry("note", "say \"hi\"").containsEntry("score", 2.0);
    assertThat(ds.read(a.blob().orElseThrow())).containsExactly(1);
  }

  @Test
  void importParquet_readsTheSameTableWrittenByDuckDb() throws Exception {
    Files.write(dir.resolve("a.png"), new byte[] {1});
    Files.write(dir.resolve("b.png"), new byte[] {2});
    Path pq = dir.resolve("t.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM (VALUES ('a.png','dog','train',7), ('b.png','cat','test',9)) "
          + "t(file, label, split, n)) TO '" + pq + "' (FORMAT PARQUET)");
    }
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = table().importParquet(pq, ds);
    assertThat(r.records()).isEqualTo(2);
    assertThat(r.schema().attributes()).containsEntry("n", AttributeType.LONG);
    assertThat(ds.records().get(1).label()).contains(ClassLabel.of(0));
    assertThat(ds.records().get(1).attributes()).containsEntry("n", 9L);
  }

  @Test
  void importParquet_notParquetOrMissingColumn_failsWithTypedErrors() throws Exception {
    Path bad = dir.resolve("bad.parquet");
    Files.write(bad, "PAR1 this is not parquet PAR1".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> table().importParquet(bad, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("unreadable Parquet table at " + bad);
    Path pq = dir.resolve("t.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT 'a.png' AS name) TO '" + pq + "' (FORMAT PARQUET)");
    }
    assertThatThrownBy(() -> table().importParquet(pq, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("missing column at " + pq)
        .hasMessageContaining("expected a column named file");
  }

  @Test
  void importCsv_malformedInput_failsNamingFileAndRow() throws Exception {
    Path t = dir.resolve("t.csv");
    Files.writeString(t, "file,label\na.png,dog,extra\n");
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("file").build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining(t + ":2")
        .hasMessageContaining("expected 2 cells");
    Files.writeString(t, "file,label\n\"a.png,dog\n");
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("file").build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("unterminated quoted field");
    Files.writeString(t, "name,label\na,dog\n");
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("file").build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("missing column");
    Files.writeString(t, "file,label\na,dog\na,cat\n");
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("file").build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("duplicate id");
    Files.writeString(t, "file,label\na,wolf\n");
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("file").optLabelColumn("label")
        .optClassNames(List.of("cat", "dog")).build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("unknown class");
    Files.write(t, new byte[] {'f', ',', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> LabelTable.builder().setIdColumn("f").build().importCsv(t, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("not UTF-8");
  }
}
