package dev.datamgmt.storage.s3;

/**
 * When the AWS SDK adds a request checksum to uploads ({@link S3BlobStore.Builder#optChecksumMode}).
 *
 * <p>Since SDK 2.30 the default is {@link #WHEN_SUPPORTED}: every upload is sent as {@code aws-chunked} with a
 * CRC32 trailer. Amazon S3, S3Proxy and current MinIO decode that; servers that do not (s3rver; reportedly older
 * MinIO and Ceph, Google Cloud Storage's XML API, R2 in some modes) store the framing as the object's body.
 * {@link #WHEN_REQUIRED} sends plain bodies with a {@code Content-Length}, as SDKs did before 2.30; it is what
 * {@code AWS_REQUEST_CHECKSUM_CALCULATION=when_required} selects for the SDK's own clients.
 */
public enum ChecksumMode {
  /** A checksum on every upload (aws-chunked with a CRC32 trailer): the SDK's default. */
  WHEN_SUPPORTED,
  /** A checksum only where the API demands one; plain bodies otherwise. Safe on every server. */
  WHEN_REQUIRED
}
