/**
 * Storage for datamgmt: {@link dev.datamgmt.core.blob.BlobStore} adapters for a local folder
 * ({@code storage.fs}), S3 and S3-compatible servers ({@code storage.s3}) and a caching tier that keeps remote
 * data local ({@code storage.cache}), plus retry policy ({@code storage.retry}), shard IO and dataset readers.
 *
 * <p>Every adapter passes the same contract suite ({@code BlobStoreContract} in the core test jar), so code
 * written against {@code BlobStore} behaves the same on a laptop folder and on a bucket.
 */
package dev.datamgmt.storage;
