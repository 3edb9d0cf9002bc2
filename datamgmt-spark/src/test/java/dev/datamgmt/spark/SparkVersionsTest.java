package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.VersionShards;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions and shards as DataFrames; parallel packing against the single-JVM packer. One repository for all. */
class SparkVersionsTest {
  @TempDir
  static Path tmp;
  static RepositorySource src;
  static DatasetVersion version;

  @BeforeAll
  static void commitAVersion() throws Exception {
    SparkSession spark = TestSpark.session();
    src = SparkCommitTest.newRepo(tmp.resolve("repo"));
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("a", "b", "c")
        .addAttribute("camera", AttributeType.STRING).addAttribute("width", AttributeType.LONG).build();
    version = SparkCommit.builder().setSource(src).setMessage("300 records").optSchema(schema)
        .optClock(SparkCommitTest.CLOCK).build().run(SparkCommitTest.frame(spark, 300));
  }

  @Test
  void records_areTheVersionsRecords_withTypedAttributes_andFiltersPushedToTheParquetScan() throws Exception {
    SparkSession spark = TestSpark.session();
    Dataset<Row> df = SparkVersions.records(spark, src, "main");
    assertThat(df.count()).isEqualTo(300);
    Dataset<Row> q = df.where("split = 'test' AND label_class = 2").select("id", "data_hash", "attributes.width");
    List<Row> rows = q.collectAsList();
    long expected = version.stream().filter(r -> r.split().name().equals("test")
        && r.label().map(l -> ((dev.datamgmt.core.label.ClassLabel) l).index() == 2).orElse(false)).count();
    assertThat(rows).hasSize((int) expected).isNotEmpty();
    for (Row r : rows) {
      var rec = version.record(r.getString(0)).orElseThrow();
      assertThat(r.getString(1)).isEqualTo(rec.blob().orElseThrow().hash().toString());
      assertThat(r.getLong(2)).isEqualTo(rec.attributes().get("width"));
    }
    assertThat(TestSpark.scan(q, "PushedFilters"))
        .isEqualTo("[IsNotNull(split), IsNotNull(label_class), EqualTo(split,test), EqualTo(label_class,2)]");
    assertThat(TestSpark.scan(q, "ReadSchema"))
        .isEqualTo("struct<id:string,split:string,data_hash:string,label_class:int,attributes_json:string>");
  }

  @Test
  void records_ofAnUnknownRevision_failsWithNotFound() {
    assertThatThrownBy(() -> SparkVersions.records(TestSpark.session(), src, "no-such-branch"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void pack_onSpark_equalsTheSingleJvmPacker_andShardsReadAsADataFrameWithRowGroupsSkipped() throws Exception {
    SparkSession spark = TestSpark.session();
    PackSettings settings = PackSettings.defaults().withTargetShardBytes(8 << 10).withShuffleSeed(11L);

    // the single-JVM packer, on a copy of the repository made by the same commit
    RepositorySource other = SparkCommitTest.newRepo(tmp.resolve("single"));
    DatasetSchema schema = version.schema().orElseThrow();
    DatasetVersion same = SparkCommit.builder().setSource(other).setMessage("300 records").optSchema(schema)
        .optClock(SparkCommitTest.CLOCK).build().run(SparkCommitTest.frame(spark, 300));
    assertThat(same.id()).isEqualTo(version.id());
    Repository single = other.repository();
    ShardSet expected = VersionShards.pack(single, same, settings.toWriter());

    ShardSet got = SparkShards.pack(spark, src, "main", settings);
    assertThat(got.shards().size()).isGreaterThan(3);
    assertThat(got.shards()).isEqualTo(expected.shards());
    // the same set but for the provenance's creation time (the packer's wall clock)
    assertThat(got).usingRecursiveComparison().ignoringFields("provenance.createdAt").isEqualTo(expected);
    for (var s : got.shards()) {
      assertThat(ContentHash.of(src.repository().store().get(s.key()))).isEqualTo(s.hash());
    }
    assertThat(SparkShards.pack(spark, src, "main", settings)).isEqualTo(got); // recorded: nothing re-packed

    Dataset<Row> shards = SparkVersions.shards(spark, src, "main");
    assertThat(shards.count()).isEqualTo(300);
    Dataset<Row> q = shards.where("attributes.camera = 'left' AND split = 'train'").select("id", "data");
    List<Row> rows = q.collectAsList();
    assertThat(rows).hasSize((int) version.stream()
        .filter(r -> r.attributes().get("camera").equals("left") && r.split().name().equals("train")).count());
    for (Row r : rows) {
      var rec = version.record(r.getString(0)).orElseThrow();
      assertThat((byte[]) r.get(1)).isEqualTo(version.readBlob(rec.blob().orElseThrow()));
    }
    assertThat(TestSpark.scan(q, "PushedFilters")).contains("EqualTo(attributes.camera,left)")
        .contains("EqualTo(split,train)");
    assertThat(TestSpark.scan(q, "ReadSchema"))
        .isEqualTo("struct<id:string,split:string,data:binary,attributes:struct<camera:string>>");
  }
}
