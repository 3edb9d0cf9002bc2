package dev.datamgmt.storage.formats.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.InMemoryDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
  @TempDir Path dir;

  @Test
  void importFrom_infersTypesOnRead_flattensNesting_andWidensMixedColumns() throws Exception {
    Path f = dir.resolve("log.jsonl");
    Files.writeString(f, """
        {"rid":"a","outcome":"click","ms":12,"user":{"age":31,"vip":true},"score":1,"tags":["x"],"mixed":1}

        {"rid":"b","outcome":"skip","ms":7,"user":{"age":40,"vip":false},"score":2.5,"split":"test","mixed":"one"}
        {"rid":"c","ms":null,"user":{"age":22}}
        """);
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = JsonLines.builder().optIdField("rid").optLabelField("outcome").optSplitField("split")
        .optClassNames(List.of("click", "skip")).build().importFrom(f, ds);
    assertThat(r.records()).isEqualTo(3);
    assertThat(r.schema().labelKind()).isEqualTo(LabelKind.CLASS);
    assertThat(r.schema().attributes())
        .containsEntry("ms", AttributeType.LONG)
        .containsEntry("user.age", AttributeType.LONG)
        .containsEntry("user.vip", AttributeType.BOOLEAN)
        .containsEntry("score", AttributeType.DOUBLE)
        .containsEntry("mixed", AttributeType.STRING);
    assertThat(r.ignored()).contains("tags (array)", "ms (null)");
    assertThat(ds.records().get(0).label()).contains(ClassLabel.of(0));
    assertThat(ds.records().get(0).attributes()).containsEntry("score", 1.0).containsEntry("mixed", "1");
    assertThat(ds.records().get(1).split()).isEqualTo(Split.TEST);
    assertThat(ds.records().get(2).label()).isEmpty();
    assertThat(ds.records().get(2).attributes()).doesNotContainKey("ms");
  }

  @Test
  void importFrom_freeTextLabels_becomeTextLabels_andIdsDefaultToLineNumbers() throws Exception {
    Path f = dir.resolve("log.jsonl");
    Files.writeString(f, "{\"msg\":\"hello\"}\n{\"msg\":\"bye\"}\n");
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = JsonLines.builder().optLabelField("msg").build().importFrom(f, ds);
    assertThat(r.schema().labelKind()).isEqualTo(LabelKind.TEXT);
    assertThat(ds.records().get(1).id()).isEqualTo("line-2");
    assertThat(ds.records().get(1).label()).contains(new TextLabel("bye"));
  }

  @Test
  void importFrom_malformedLines_failNamingFileAndLine() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"a\":1}\n{\"a\":\n");
    assertThatThrownBy(() -> JsonLines.builder().build().importFrom(f, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining(f + ":2");
    Files.writeString(f, "[1,2]\n");
    assertThatThrownBy(() -> JsonLines.builder().build().importFrom(f, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("not a JSON object");
    Files.writeString(f, "{\"id\":\"x\"}\n{\"id\":\"x\"}\n");
    assertThatThrownBy(() -> JsonLines.builder().optIdField("id").build().importFrom(f, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining(f + ":2").hasMessageContaining("duplicate id");
    Files.writeString(f, "{\"other\":1}\n");
    assertThatThrownBy(() -> JsonLines.builder().optIdField("id").build().importFrom(f, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("missing id");
  }
}
