package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;

/** The repository suite on the in-memory store. */
class InMemoryRepositoryTest extends RepositoryContract {
  @Override
  protected BlobStore newStore() {
    return new InMemoryBlobStore();
  }
}
