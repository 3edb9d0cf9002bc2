package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.storage.repo.DatasetVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkJsonLinesTest {
  @TempDir
  Path tmp;

  private SparkJsonLines.Builder job(RepositorySource src, Path logs) {
    return SparkJsonLines.builder().setSource(src).setFiles(logs + "/*.jsonl").setMessage("logs")
        .optIdField("req").optLabelField("outcome").optClassNames(List.of("ok", "error"))
        .optClock(SparkCommitTest.CLOCK);
  }

  @Test
  void run_commitsEveryLineOfEveryFile_withTypesInferredAcrossFiles() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("a.jsonl"), """
        {"req":"r1","outcome":"ok","ms":12,"user":{"country":"de"}}

        {"req":"r2","outcome":"error","ms":7,"retry":true}
        """);
    Files.writeString(logs.resolve("b.jsonl"), """
        {"req":"r3","outcome":1,"ms":3.5,"user":{"country":"fr"},"tags":["x"]}
        """);
    RepositorySource src = SparkCommitTest.newRepo(tmp.resolve("repo"));
    DatasetVersion v = job(src, logs).build().run(TestSpark.session());

    assertThat(v.size()).isEqualTo(3);
    assertThat(v.schema().orElseThrow().attributes()).containsEntry("ms", AttributeType.DOUBLE)
        .containsEntry("user.country", AttributeType.STRING).containsEntry("retry", AttributeType.BOOLEAN)
        .doesNotContainKey("tags");
    Record r1 = v.record("r1").orElseThrow();
    assertThat(r1.attributes()).containsEntry("ms", 12.0).containsEntry("user.country", "de");
    assertThat(r1.label()).contains(ClassLabel.of(0));
    assertThat(v.record("r3").orElseThrow().label()).contains(ClassLabel.of(1));
    assertThat(SparkVersions.records(TestSpark.session(), src, "main").where("label_class = 1").count())
        .isEqualTo(2);
  }

  @Test
  void run_withMalformedLines_failsTypedNamingFileAndLine_andCommitsNothing() throws Exception {
    RepositorySource src = SparkCommitTest.newRepo(tmp.resolve("repo"));
    Path logs = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(logs.resolve("a.jsonl"), "{\"req\":\"r1\",\"outcome\":\"ok\"}\n");
    Files.writeString(logs.resolve("b.jsonl"), "{\"req\":\"r2\",\"outcome\":\"ok\"}\n\n{\"req\": \"r3\", \"outc\n");
    assertThatThrownBy(() -> job(src, logs).build().run(TestSpark.session()))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("b.jsonl:3").hasMessageContaining("not a JSON line");

    Files.writeString(logs.resolve("b.jsonl"), "[1, 2]\n");
    assertThatThrownBy(() -> job(src, logs).build().run(TestSpark.session()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("b.jsonl:1")
        .hasMessageContaining("a JSON object");

    Files.writeString(logs.resolve("b.jsonl"), "{\"req\":\"r2\",\"outcome\":\"maybe\"}\n");
    assertThatThrownBy(() -> job(src, logs).build().run(TestSpark.session()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("b.jsonl:1")
        .hasMessageContaining("bad class label").hasMessageContaining("maybe");

    Files.write(logs.resolve("b.jsonl"), new byte[] {'{', '"', 'r', (byte) 0xC3, '"', '}', '\n'});
    assertThatThrownBy(() -> job(src, logs).build().run(TestSpark.session()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("b.jsonl")
        .hasMessageContaining("UTF-8");
    assertThat(src.repository().head("main")).isEmpty();
  }

  @Test
  void build_withoutFiles_namesTheMissingSetting() {
    assertThatThrownBy(() -> SparkJsonLines.builder().setSource(RepositorySource.folder(tmp)).setMessage("m").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("files");
  }
}
