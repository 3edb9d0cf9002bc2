package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Stores blobs too large for a pack as objects of their own, for bytes the ingest has hashed already (so they
 * are not hashed twice) and for files too large to hold in memory (streamed). The only place in ingest that
 * knows the object layout; it goes when the repository offers "store these hashed bytes / this hashed file".
 */
final class LooseObjects {
  private LooseObjects() {}

  /** Stores bytes whose hash is {@code hash}, if absent or old (see {@link Repository#REUSE_REFRESH_AGE}). */
  static void store(Repository repo, ContentHash hash, byte[] data) throws DataException {
    Repository.storeObject(repo.store(), Repository.objectKey(hash), data, Clock.systemUTC());
  }

  /** Streams a file whose hash is {@code hash} into the store, if absent or old. */
  static void storeFile(Repository repo, ContentHash hash, Path file) throws DataException {
    String key = Repository.objectKey(hash);
    Optional<BlobInfo> existing = repo.store().stat(key);
    Instant renewBefore = Instant.now().minus(Repository.REUSE_REFRESH_AGE);
    if (existing.isEmpty() || existing.get().lastModified().isBefore(renewBefore)) {
      repo.store().putFile(key, file); // new, or renewed so gc's grace period covers it (see Repository.gc)
    }
  }
}
