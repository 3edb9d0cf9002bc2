package dev.datamgmt.storage.formats;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.CommitBuilder;

/**
 * Where importers put what they read: each record with the bytes of its main blob (null for purely tabular
 * records). {@link #into(CommitBuilder)} stores them in a repository commit, small blobs in packs as
 * {@link dev.datamgmt.storage.ingest.DirectoryIngest} does; {@link InMemoryDataset} keeps them.
 *
 * <p>Every importer calls {@link #flush()} when it has added its last record, so a sink that buffers (the
 * commit sink buffers a pack) has stored everything by the time the import returns.
 */
@FunctionalInterface
public interface RecordSink {
  /**
   * Accepts one record; {@code data}, when not null, is the content of {@code record.blob()}.
   *
   * @throws DataException if the record cannot be stored
   */
  void add(Record record, byte[] data) throws DataException;

  /**
   * Stores whatever is buffered. Importers call it at the end of each import; a caller that adds records
   * itself calls it before committing. The default does nothing.
   *
   * @throws DataException if the buffered blobs cannot be stored
   */
  default void flush() throws DataException {}

  /**
   * A sink that stores blobs in the commit's repository — up to
   * {@link dev.datamgmt.storage.ingest.DirectoryIngest#DEFAULT_PACK_THRESHOLD} in packs, larger ones as objects
   * of their own — and adds the records to the commit. A record whose blob is still buffered is committed
   * only after {@link #flush()} (the importers call it); committing before fails with a
   * {@link dev.datamgmt.core.error.NotFoundException} naming the blob, never with a version that lacks it.
   */
  static RecordSink into(CommitBuilder commit) {
    return new PackingCommitSink(commit, dev.datamgmt.storage.ingest.DirectoryIngest.DEFAULT_PACK_THRESHOLD);
  }
}
