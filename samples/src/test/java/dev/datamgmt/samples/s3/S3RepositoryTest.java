package dev.datamgmt.samples.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.testing.S3Server;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 sample against a real S3-compatible server: started by the sample, or named by the environment. */
class S3RepositoryTest {
  private static long[] histogram(int count) throws Exception {
    int[] labels = dev.datamgmt.samples.data.FashionMnistSubset.train().labels();
    long[] h = new long[10];
    for (int i = 0; i < count; i++) {
      h[labels[i]]++;
    }
    return h;
  }

  @Test
  void withNoBucketInTheEnvironment_startsAServer_andReadsEverySampleBack(@TempDir Path dir) throws Exception {
    try (S3Target target = S3Target.fromEnvironment(Map.of())) {
      assertTrue(target.inProcess());
      S3Repository.Result r = S3Repository.run(target, dir.resolve("cache"), 300);
      assertEquals(300, r.records());
      assertEquals(300, r.samplesRead());
      assertArrayEquals(histogram(300), r.perClass());
      assertTrue(r.shards() >= 1);
      assertTrue(r.fsckClean());
    }
  }

  @Test
  void withABucketInTheEnvironment_writesUnderItsPrefix(@TempDir Path dir) throws Exception {
    try (S3Server server = S3Server.start();
        S3Target target = S3Target.fromEnvironment(Map.of(S3Target.BUCKET, server.bucket(), S3Target.PREFIX,
            "team-a/", S3Target.ENDPOINT, server.endpoint().toString(), "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey()))) {
      assertFalse(target.inProcess());
      S3Repository.Result r = S3Repository.run(target, dir.resolve("cache"), 100);
      assertEquals(100, r.samplesRead());
      try (BlobStore other = S3BlobStore.builder().setBucket(server.bucket()).optPrefix("team-a/")
          .optEndpoint(server.endpoint()).optPathStyle(true).optCredentials(server.accessKey(), server.secretKey())
          .build()) {
        DatasetVersion v1 = Repository.open(other).checkout("v1");   // another client sees the tagged version
        assertEquals(r.versionId(), v1.id().toString());
        assertEquals(100, v1.size());
      }
      assertTrue(server.client().listObjectsV2(b -> b.bucket(server.bucket()).prefix("team-a/")).join()
          .keyCount() > 3);
    }
  }
}
