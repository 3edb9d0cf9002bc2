package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.repo.RepositoryContract;
import dev.datamgmt.storage.testing.S3ServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repository suite on a real S3-compatible server (S3Proxy) on loopback. */
class S3RepositoryTest extends RepositoryContract {
  @RegisterExtension static final S3ServerExtension S3 = new S3ServerExtension();

  @Override
  protected BlobStore newStore() {
    return S3.newStore();
  }
}
