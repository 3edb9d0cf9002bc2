package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.cache.CachingBlobStore;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.EpochStream;
import dev.datamgmt.storage.reader.Partition;
import dev.datamgmt.storage.reader.Sample;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.storage.testing.S3Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VersionShardsTest {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  @TempDir Path cacheDir;

  private static DatasetVersion commitIdx(Repository repo, int n) throws Exception {
    byte[] px = new byte[n * 6 * 5];
    new java.util.Random(n).nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
    }
    CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH).setMessage("import");
    Idx.importTo(new IdxDataset(IdxImages.of(n, 6, 5, px), labels), "train", Split.TRAIN, List.of(),
        RecordSink.into(c));
    return c.commit();
  }

  private static List<String> readAll(BlobStore store, DatasetVersion v, ShardSet set) throws Exception {
    List<String> ids = new ArrayList<>();
    try (DatasetReader r = DatasetReader.builder().setShards(set).setStore(store).optBlobSource(v::readBlob)
            .optSeed(1).build();
        EpochStream s = r.stream(0, Partition.ALL)) {
      for (Sample x; (x = s.next()) != null; ) {
        ids.add(x.id());
      }
    }
    return ids;
  }

  @Test
  void pack_recordsTheShardSetWithTheVersion_andPackingAgainReusesIt() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion v = commitIdx(repo, 120);
      ShardSet set = VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(4096));
      assertThat(store.exists("shardsets/" + v.id().hex() + ".json")).isTrue();
      assertThat(set.source()).isEqualTo(v.id().toString());
      assertThat(set.shards()).hasSizeGreaterThan(1);
      assertThat(VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(1 << 20))).isEqualTo(set);
      assertThat(readAll(store, repo.checkout("main"), VersionShards.find(store, v).orElseThrow()))
          .containsExactlyInAnyOrderElementsOf(v.records().stream().map(r -> r.id()).toList());
    }
  }

  @Test
  void readerOverS3ThroughTheCachingTier_readsEveryRecord_andASecondEpochHitsTheCache() throws Exception {
    try (S3BlobStore s3 = S3.newStore();
        CachingBlobStore cached = CachingBlobStore.builder().setBackend(s3).optMemoryBytes(1 << 20)
            .optDisk(cacheDir, 64L << 20).build()) {
      Repository repo = Repository.init(s3);
      DatasetVersion v = commitIdx(repo, 80);
      // blobs by reference too: the inline threshold is below the PNG sizes
      ShardSet set = VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(8192)
          .optInlineThreshold(60));
      DatasetVersion viaCache = Repository.open(cached).checkout(v.id());
      List<String> first = readAll(cached, viaCache, set);
      assertThat(first).hasSize(80).doesNotHaveDuplicates();
      long missesAfterFirst = cached.stats().misses();
      assertThat(missesAfterFirst).isGreaterThanOrEqualTo(set.shards().size());
      assertThat(readAll(cached, viaCache, set)).containsExactlyElementsOf(first);
      // the second epoch is served locally: no shard or blob is fetched from S3 again
      assertThat(cached.stats().misses()).isEqualTo(missesAfterFirst);
      assertThat(cached.stats().memoryHits() + cached.stats().diskHits()).isGreaterThanOrEqualTo(set.shards().size());
    }
  }
}
