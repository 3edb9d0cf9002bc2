package dev.datamgmt.storage.formats;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.shard.BlobSource;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Exports records as self-contained Parquet files: the shard format (FORMAT.md, "Shards") with every blob inline,
 * under {@code dir/shards/<sha256>.parquet}, plus {@code dir/shardsets/<name>.json} listing them. Any Parquet
 * reader gets ids, labels, attributes (in {@code record_json}) and image bytes without this library.
 */
public final class ParquetExport {
  private ParquetExport() {}

  /**
   * Writes the records in their given order (no shuffle, grouped by split) into files of about
   * {@code targetFileBytes}.
   *
   * @param name names the index file, e.g. a version id
   * @return the index of the written files
   */
  public static ShardSet export(List<Record> records, BlobSource blobs, Path dir, String name, long targetFileBytes)
      throws DataException {
    try (FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(dir).build()) {
      ShardSet set = ShardWriter.builder().setStore(store).setBlobSource(blobs).optInlineThreshold(Long.MAX_VALUE)
          .optTargetShardBytes(targetFileBytes).optShuffleSeed(null).build().write(records, name);
      set.save(store, name);
      return set;
    }
  }
}
