package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.repo.RepositoryContract;
import dev.datamgmt.storage.testing.S3Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repository suite on a real S3-compatible server (S3Proxy) on loopback. */
class S3RepositoryTest extends RepositoryContract {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  @Override
  protected BlobStore newStore() {
    return S3.newStore();
  }
}
