package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One immutable version of a dataset: the records of a commit, in ascending id order, plus the commit's
 * metadata. Obtained from {@link Repository#checkout(String)} or a {@link CommitBuilder#commit()}.
 *
 * <p>Checking out a version reads only its commit and manifest; blob bytes are fetched when asked for
 * ({@link #readBlob(BlobRef)}), or ahead of time for a chosen subset ({@link #prefetch(Predicate)}). Every blob
 * read is verified against its content hash.
 *
 * <pre>{@code
 * DatasetVersion v = repo.checkout("main");
 * for (Record r : v) {
 *   byte[] png = v.readBlob(r.blob().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public interface DatasetVersion extends Iterable<Record> {

  /** The commit id, which identifies this version forever. */
  ContentHash id();

  /** The commit metadata: parents, message, author, time, lineage. */
  Commit commit();

  /** The dataset schema of this version, if it declares one. */
  Optional<DatasetSchema> schema();

  /** The number of records. */
  int size();

  /**
   * The records in ascending id order, as an unmodifiable list (random access by position). Records are decoded
   * from the manifest as they are accessed; a row that cannot be decoded throws
   * {@link dev.datamgmt.core.error.UncheckedDataException} wrapping an
   * {@link dev.datamgmt.core.error.IntegrityException} naming the manifest and record.
   */
  List<Record> records();

  /** The record at {@code index} in ascending id order. */
  default Record get(int index) {
    return records().get(index);
  }

  /** The records as a sequential stream in ascending id order. */
  default Stream<Record> stream() {
    return records().stream();
  }

  /** The record with this id, if the version has one. */
  Optional<Record> record(String id);

  /**
   * The hashes of every blob the records reference (all named blobs and mask labels' masks), e.g. to plan a
   * prefetch or to know which blobs an incremental ingest may reuse.
   */
  java.util.Set<ContentHash> blobHashes();

  /**
   * Reads a blob's bytes and verifies them against its hash.
   *
   * @throws dev.datamgmt.core.error.NotFoundException if the repository has no such blob
   * @throws dev.datamgmt.core.error.IntegrityException if the stored bytes do not match the hash, naming the key
   */
  byte[] readBlob(BlobRef ref) throws DataException;

  /**
   * Opens a blob as a stream that verifies the hash when it reaches the end: the last {@code read} throws an
   * {@link java.io.IOException} wrapping an {@link dev.datamgmt.core.error.IntegrityException} on a mismatch.
   */
  InputStream openBlob(BlobRef ref) throws DataException;

  /**
   * Fetches (and verifies) every blob of the records matching {@code which}, several at a time, so a caching
   * store in front of a remote one holds them before training starts.
   *
   * @return how many blobs and bytes were fetched
   */
  PrefetchReport prefetch(Predicate<Record> which) throws DataException;

  /**
   * What {@link #prefetch(Predicate)} did.
   *
   * @param records records selected
   * @param blobs distinct blobs fetched
   * @param bytes bytes fetched
   */
  record PrefetchReport(int records, int blobs, long bytes) {}
}
