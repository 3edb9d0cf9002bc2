package dev.datamgmt.storage.cache;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.BlobStoreContract;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import org.junit.jupiter.api.Nested;

/** The contract holds with the cache in front, both passing keys through and caching every key. */
class CachingBlobStoreContractTest {
  @Nested
  class DefaultPolicyOverMemory extends BlobStoreContract {
    @Override
    protected BlobStore newStore() throws Exception {
      return CachingBlobStore.builder().setBackend(new InMemoryBlobStore()).build();
    }
  }

  /** Every key treated as immutable, memory and disk tiers on: reads are served from the caches. */
  @Nested
  class CachingEveryKeyOverFileSystem extends BlobStoreContract {
    @Override
    protected BlobStore newStore() throws Exception {
      return CachingBlobStore.builder()
          .setBackend(FileSystemBlobStore.builder().setRoot(tmp.resolve("backend")).build())
          .optMemoryBytes(1 << 20)
          .optMaxMemoryEntry(100_000)
          .optDisk(tmp.resolve("cache"), 16 << 20)
          .optImmutable(k -> true)
          .build();
    }
  }
}
