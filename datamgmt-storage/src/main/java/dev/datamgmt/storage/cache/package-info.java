/**
 * The caching tier: {@link dev.datamgmt.storage.cache.CachingBlobStore} keeps content-addressed objects of any
 * {@link dev.datamgmt.core.blob.BlobStore} in memory (Caffeine, bounded by bytes) and on local disk (bounded,
 * least-recently-used, survives restarts), verifying every fill against the hash in the key
 * (the content-addressed keys of FORMAT.md: objects, packs, manifests, commits, shards). Mutable keys such as
 * refs pass through.
 */
package dev.datamgmt.storage.cache;
