package dev.datamgmt.storage.s3;

import dev.datamgmt.core.error.StorageException;

/**
 * The server does not enforce create-if-absent ({@code PUT} with {@code If-None-Match: *}): the probe saw a
 * second create of the same key succeed. {@link S3BlobStore#putIfAbsent} refuses rather than report a win that
 * may overwrite another writer's object. Plain writes and reads still work. A repository on such a server keeps
 * its refs in a database instead ({@code dev.datamgmt.storage.repo.JdbcRefStore}).
 */
public class ConditionalWriteUnsupportedException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param location the store, with its endpoint
   */
  public ConditionalWriteUnsupportedException(String location) {
    super("server ignores conditional writes; refusing create-if-absent", location,
        "a PUT with If-None-Match: * on an existing key refused with 412 (S3, S3Proxy, MinIO do this)",
        "the probe's second create of one key answered 2xx. Commits through this store could silently overwrite"
            + " each other: keep the repository's refs in a database (Repository.init(store, JdbcRefStore...))"
            + " or use a server with conditional writes");
  }
}
