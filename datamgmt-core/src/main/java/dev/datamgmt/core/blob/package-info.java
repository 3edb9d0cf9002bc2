/**
 * The {@link dev.datamgmt.core.blob.BlobStore} SPI: one small interface every storage backend implements
 * (local filesystem, S3, the caching tier in datamgmt-storage; {@link dev.datamgmt.core.blob.InMemoryBlobStore}
 * here), and the key rules all of them share ({@link dev.datamgmt.core.blob.BlobKeys}).
 */
package dev.datamgmt.core.blob;
