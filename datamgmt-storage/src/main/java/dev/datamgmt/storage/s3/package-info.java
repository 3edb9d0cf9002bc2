/**
 * A {@link dev.datamgmt.core.blob.BlobStore} on Amazon S3 and S3-compatible servers:
 * {@link dev.datamgmt.storage.s3.S3BlobStore} (AWS SDK for Java v2, Java-based async client), with multipart
 * uploads, parallel ranged reads, create-if-absent by {@code If-None-Match: *} and retries with backoff.
 */
package dev.datamgmt.storage.s3;
