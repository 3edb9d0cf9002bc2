package dev.datamgmt.storage.reader;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.TestRecords;
import java.util.ArrayList;
import java.util.List;

/** A packed in-memory dataset for reader tests. */
final class ReaderFixture implements AutoCloseable {
  final TestRecords data;
  final InMemoryBlobStore store = new InMemoryBlobStore();
  final ShardSet set;

  ReaderFixture(int n, int classes, long targetShardBytes, long inlineThreshold) throws DataException {
    this.data = TestRecords.of(n, classes, n * 31L + classes);
    this.set = ShardWriter.builder().setStore(store).setBlobSource(data).optTargetShardBytes(targetShardBytes)
        .optInlineThreshold(inlineThreshold).build().write(data.records(), "fixture");
  }

  DatasetReader.Builder reader() {
    return DatasetReader.builder().setShards(set).setStore(store).optBlobSource(data);
  }

  static List<Sample> drain(EpochStream s) throws DataException {
    List<Sample> out = new ArrayList<>();
    for (Sample x; (x = s.next()) != null; ) {
      out.add(x);
    }
    return out;
  }

  static List<Sample> take(EpochStream s, int k) throws DataException {
    List<Sample> out = new ArrayList<>();
    for (Sample x; out.size() < k && (x = s.next()) != null; ) {
      out.add(x);
    }
    return out;
  }

  static List<Long> indices(List<Sample> samples) {
    return samples.stream().map(Sample::index).toList();
  }

  @Override
  public void close() {
    store.close();
  }
}
