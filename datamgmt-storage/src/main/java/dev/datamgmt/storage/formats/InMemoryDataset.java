package dev.datamgmt.storage.formats;

import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.shard.BlobSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records and their main blobs held in memory: the simplest {@link RecordSink}, and a {@link BlobSource} for
 * exporters and the shard writer. For datasets that fit in memory (MNIST-sized); import larger ones straight
 * into a repository with {@link RecordSink#into}. Not thread-safe.
 */
public final class InMemoryDataset implements RecordSink, BlobSource {
  private final List<Record> records = new ArrayList<>();
  private final Map<ContentHash, byte[]> blobs = new HashMap<>();

  @Override
  public void add(Record record, byte[] data) {
    records.add(record);
    if (data != null) {
      blobs.put(record.blob().orElseThrow(
          () -> new IllegalArgumentException("record " + record.id() + " has bytes but no data blob")).hash(), data);
    }
  }

  /** The records in the order they were added. */
  public List<Record> records() {
    return records;
  }

  @Override
  public byte[] read(BlobRef ref) throws NotFoundException {
    byte[] b = blobs.get(ref.hash());
    if (b == null) {
      throw new NotFoundException("no such blob", ref.hash().toString(), "a blob added with its record", "none");
    }
    return b;
  }
}
