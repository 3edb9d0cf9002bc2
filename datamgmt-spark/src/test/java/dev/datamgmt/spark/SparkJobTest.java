package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point as an orchestrator calls it: each step twice, the second a no-op. */
class SparkJobTest {
  @TempDir
  Path tmp;

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SparkJob.run(TestSpark.session(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void steps_generateFilterPackIngest_areIdempotent() throws Exception {
    String repo = SparkCommitTest.newRepo(tmp.resolve("repo")).toString().substring("folder ".length());
    String generated = run("generate-shapes", repo, "5", "60", "main");
    assertThat(generated).startsWith("generate-shapes sha256:").endsWith(" 60");
    assertThat(run("generate-shapes", repo, "5", "60", "main")).isEqualTo(generated);

    String filtered = run("filter", repo, "main", "id < 'shapes-000000000020'", "small");
    assertThat(filtered).endsWith(" 20");
    assertThat(run("filter", repo, "main", "id < 'shapes-000000000020'", "small")).isEqualTo(filtered);

    String packed = run("pack", repo, "small", "4096");
    assertThat(packed).contains(" 20 in ");
    assertThat(run("pack", repo, "small", "4096")).isEqualTo(packed);

    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("x.jsonl"), "{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\",\"n\":2}\n");
    assertThat(run("ingest-jsonl", repo, logs + "/*.jsonl", "logs", "id")).endsWith(" 2");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(SparkJob.run(TestSpark.session(), new String[] {"frobnicate", repo}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command frobnicate");
  }
}
