package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.JdbcRefStore;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.S3rverExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Shard sets on an S3 server without conditional writes (s3rver): packing and re-packing a version work. */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverShardsTest {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();

  @TempDir Path tmp;

  @Test
  void pack_onAServerWithoutConditionalWrites_recordsTheSet_andPackingAgainReusesIt() throws Exception {
    try (S3BlobStore store = S3Stores.builderFor(S3RVER.server()).build()) {
      Repository repo = Repository.init(store, JdbcRefStore.builder().setUrl("jdbc:sqlite:" + tmp.resolve("refs.db"))
          .build());
      CommitBuilder c = repo.commit("main").setMessage("forty records");
      for (int i = 0; i < 40; i++) {
        c.addRecord(Record.builder("r" + i).setBlob(c.putBlob(("payload " + i).getBytes(UTF_8), "text/plain"))
            .build());
      }
      DatasetVersion v = c.commit();
      ShardSet set = VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(256));
      assertThat(set.shards()).hasSizeGreaterThan(1);
      assertThat(VersionShards.find(store, v)).contains(set);
      assertThat(VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(1 << 20))).isEqualTo(set);
    }
  }
}
