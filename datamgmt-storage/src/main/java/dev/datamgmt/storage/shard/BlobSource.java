package dev.datamgmt.storage.shard;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.BlobRef;

/**
 * Where the bytes of a referenced blob come from: a repository's object store, an importer's memory, a cache.
 * Implementations verify nothing; callers check the hash.
 */
@FunctionalInterface
public interface BlobSource {
  /**
   * The bytes of {@code ref}.
   *
   * @throws dev.datamgmt.core.error.NotFoundException if the blob is not there
   */
  byte[] read(BlobRef ref) throws DataException;
}
