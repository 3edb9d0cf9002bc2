package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCommitTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("split", DataTypes.StringType, true)
      .add("label", DataTypes.IntegerType, true)
      .add("data", DataTypes.BinaryType, true)
      .add("media_type", DataTypes.StringType, true)
      .add("camera", DataTypes.StringType, true)
      .add("width", DataTypes.LongType, true);

  @TempDir
  Path tmp;

  static Dataset<Row> frame(SparkSession spark, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(String.format("rec-%04d", i), i % 5 == 0 ? "test" : "train", i % 3,
          ("blob " + i).getBytes(StandardCharsets.UTF_8), "text/plain", i % 2 == 0 ? "left" : "right", (long) i));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(4);
  }

  static RepositorySource newRepo(Path dir) throws Exception {
    Repository.init(FileSystemBlobStore.builder().setRoot(dir).build());
    return RepositorySource.folder(dir);
  }

  static SparkCommit commit(RepositorySource src) {
    return SparkCommit.builder().setSource(src).setMessage("from spark").optAuthor("tests").optClock(CLOCK).build();
  }

  /** Fails the first attempt of partition 1 after it has packed some blobs, as a lost executor would. */
  static final class FailFirstAttempt implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private int seen;

    @Override
    public Row call(Row row) {
      TaskContext tc = TaskContext.get();
      if (tc.partitionId() == 1 && tc.attemptNumber() == 0 && ++seen == 5) {
        throw new IllegalStateException("injected failure of the first attempt of partition 1");
      }
      return row;
    }
  }

  @Test
  void run_withInjectedTaskFailures_commitsEveryRecordOnceAndTheSameVersionIdAsWithout() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource clean = newRepo(tmp.resolve("clean"));
    RepositorySource failing = newRepo(tmp.resolve("failing"));

    DatasetVersion expected = commit(clean).run(frame(spark, 200));
    Dataset<Row> withFailures = frame(spark, 200).map(new FailFirstAttempt(), ExpressionEncoder.apply(SCHEMA));
    DatasetVersion got = commit(failing).run(withFailures);

    assertThat(got.size()).isEqualTo(200);
    assertThat(got.id()).isEqualTo(expected.id());
    assertThat(got.records()).isEqualTo(expected.records());
    Record r7 = got.record("rec-0007").orElseThrow();
    assertThat(r7.label()).contains(ClassLabel.of(1));
    assertThat(r7.attributes()).containsEntry("camera", "right").containsEntry("width", 7L);
    BlobRef blob = r7.blob().orElseThrow();
    assertThat(new String(got.readBlob(blob), StandardCharsets.UTF_8)).isEqualTo("blob 7");
    assertThat(failing.repository().fsck().problems()).isEmpty();
  }

  @Test
  void run_withDuplicateIds_failsNamingTheIdAndCommitsNothing() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource src = newRepo(tmp.resolve("dup"));
    Dataset<Row> twice = frame(spark, 10).union(frame(spark, 10).where("id = 'rec-0003'"));
    assertThatThrownBy(() -> commit(src).run(twice))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("rec-0003 twice");
    assertThat(src.repository().head("main")).isEmpty();
  }

  @Test
  void run_withABadRowOnAnExecutor_failsTypedNamingTheRecord_andCommitsNothing() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource src = newRepo(tmp.resolve("badrow"));
    Dataset<Row> bad = frame(spark, 20).selectExpr("id", "CASE WHEN id = 'rec-0013' THEN 'Bad Split' ELSE split END AS split");
    assertThatThrownBy(() -> commit(src).run(bad))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("record rec-0013").hasMessageContaining("Bad Split");
    assertThat(src.repository().head("main")).isEmpty();
  }

  @Test
  void run_withUnsupportedColumnType_failsBeforeAnyWork() throws Exception {
    SparkSession spark = TestSpark.session();
    RepositorySource src = newRepo(tmp.resolve("types"));
    Dataset<Row> bad = frame(spark, 3).selectExpr("id", "array(1, 2) AS tags");
    assertThatThrownBy(() -> commit(src).run(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column tags");
  }
}
