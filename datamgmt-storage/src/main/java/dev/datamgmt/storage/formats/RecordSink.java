package dev.datamgmt.storage.formats;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.CommitBuilder;

/**
 * Where importers put what they read: each record with the bytes of its main blob (null for purely tabular
 * records). {@link #into(CommitBuilder)} stores them in a repository commit; {@link InMemoryDataset} keeps them.
 */
@FunctionalInterface
public interface RecordSink {
  /**
   * Accepts one record; {@code data}, when not null, is the content of {@code record.blob()}.
   *
   * @throws DataException if the record cannot be stored
   */
  void add(Record record, byte[] data) throws DataException;

  /** A sink that stores blobs in the commit's repository and adds the records to the commit. */
  static RecordSink into(CommitBuilder commit) {
    return (record, data) -> {
      if (data != null) {
        commit.putBlob(data, record.blob().orElseThrow().mediaType());
      }
      commit.addRecord(record);
    };
  }
}
