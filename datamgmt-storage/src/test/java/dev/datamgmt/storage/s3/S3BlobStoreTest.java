package dev.datamgmt.storage.s3;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.BlobStoreContract;
import dev.datamgmt.storage.testing.S3Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3BlobStoreTest extends BlobStoreContract {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  @Override
  protected BlobStore newStore() {
    return S3.newStore();
  }
}
