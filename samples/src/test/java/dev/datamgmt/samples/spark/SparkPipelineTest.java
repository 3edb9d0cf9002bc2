package dev.datamgmt.samples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.spark.PackSettings;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.VersionShards;
import java.nio.file.Path;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark sample in a real local session: every file committed once, counted by class, shards as one JVM's. Tagged
 * "spark": it runs in the samples' second surefire execution, whose class path has Spark's Servlet 5.
 */
@Tag("spark")
class SparkPipelineTest {
  @Test
  void job_commitsEveryFileOnce_queriesByClass_andPacksTheSingleJvmShards(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkPipeline.localSession();
    SparkPipeline.Result r;
    try {
      r = SparkPipeline.run(spark, dir, 300);
    } finally {
      spark.stop();
    }
    int[] labels = dev.datamgmt.samples.data.FashionMnistSubset.train().labels();
    TreeMap<Integer, Long> expected = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      expected.merge(labels[i], 1L, Long::sum);
    }
    assertEquals(300, r.records());
    assertEquals(expected, r.perClass());
    assertEquals(expected.get(1), r.trousers());
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(dir.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      DatasetVersion v = repo.checkout("main");
      assertEquals(r.versionId(), v.id().toString());
      assertEquals(1, repo.log("main").size(), "one commit");
      assertEquals("fmnist-00042", v.records().get(42).id());
      ShardSet local = VersionShards.pack(repo, v, PackSettings.defaults().withTargetShardBytes(1 << 20).toWriter());
      assertEquals(local.shards(), r.shards().shards());
    }
  }
}
