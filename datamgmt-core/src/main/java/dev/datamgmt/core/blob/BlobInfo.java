package dev.datamgmt.core.blob;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object without reading it.
 *
 * @param key the object's key
 * @param size length in bytes
 * @param etag an opaque token that changes whenever the content changes (a cache validator); never null
 * @param lastModified when the object was last written
 */
public record BlobInfo(String key, long size, String etag, Instant lastModified) {
  /** Rejects nulls and negative sizes. */
  public BlobInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
  }
}
