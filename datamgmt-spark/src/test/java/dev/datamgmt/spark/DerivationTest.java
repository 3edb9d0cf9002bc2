package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.repo.DatasetVersion;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerivationTest {
  @TempDir
  Path tmp;

  @Test
  void run_twice_computesOnce_andReturnsTheExistingVersion_traceableToItsInput() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource src = SparkCommitTest.newRepo(tmp.resolve("repo"));
    DatasetVersion input = SparkCommitTest.commit(src).run(SparkCommitTest.frame(spark, 40));
    AtomicInteger computed = new AtomicInteger();
    Derivation.Compute onlyTest = ctx -> {
      computed.incrementAndGet();
      Dataset<Row> test = SparkVersions.records(spark, src, ctx.input().id().toString()).where("split = 'test'")
          .selectExpr("id", "split", "label_class AS label");
      return SparkCommit.builder().setSource(src).optBranch("test-only").setMessage("test split")
          .optProvenance(ctx.provenance()).optReplaceAll(true).build().run(test);
    };
    Derivation d = Derivation.builder().setRepository(src.repository()).setInput("main")
        .setStep("filter", "1").addSetting("split", "test").build();

    DatasetVersion first = d.run(onlyTest);
    DatasetVersion second = d.run(onlyTest);

    assertThat(computed).hasValue(1);
    String keyJson = "{\"input\":\"" + input.id() + "\",\"settings\":{\"split\":\"test\"},\"step\":\"filter\","
        + "\"version\":\"1\"}";  // FORMAT.md "Derived versions"
    assertThat(d.key()).isEqualTo(dev.datamgmt.core.hash.ContentHash.of(
        keyJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex());
    assertThat(src.repository().resolve("refs/tags/derived-" + d.key())).isEqualTo(first.id());
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(first.size()).isEqualTo(8);
    Provenance p = first.commit().provenance().orElseThrow();
    assertThat(Lineage.trace(src.repository(), p).id()).isEqualTo(input.id());
    assertThat(p.steps().get(0).settings()).containsEntry("split", "test")
        .containsEntry(Derivation.SETTING_KEY, d.key());

    // another setting, or a new input commit, is another derivation
    Derivation other = Derivation.builder().setRepository(src.repository()).setInput("main")
        .setStep("filter", "1").addSetting("split", "train").build();
    assertThat(other.key()).isNotEqualTo(d.key());
    assertThat(other.existing()).isEmpty();
  }

  @Test
  void run_whenTheOutputLacksTheProvenance_failsNamingWhatToDo() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource src = SparkCommitTest.newRepo(tmp.resolve("repo"));
    SparkCommitTest.commit(src).run(SparkCommitTest.frame(spark, 3));
    Derivation d = Derivation.builder().setRepository(src.repository()).setInput("main").setStep("copy", "1").build();
    assertThatThrownBy(() -> d.run(ctx -> ctx.input()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("context.provenance()");
  }
}
