package dev.datamgmt.storage.s3;

import org.junit.jupiter.api.Tag;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.BlobStoreContract;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.S3rverExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The blob store suite on a second S3 implementation, s3rver: everything holds (the store falls back to plain
 * bodies), except that create-if-absent is refused because the server ignores {@code If-None-Match}.
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverBlobStoreTest extends BlobStoreContract {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();

  @Override
  protected BlobStore newStore() {
    return S3Stores.builderFor(S3RVER.server()).build();
  }

  @Override
  protected boolean enforcesCreateIfAbsent() {
    return false;
  }
}
