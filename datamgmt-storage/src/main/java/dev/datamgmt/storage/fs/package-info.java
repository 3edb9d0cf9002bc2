/**
 * A {@link dev.datamgmt.core.blob.BlobStore} on a local folder: {@link dev.datamgmt.storage.fs.FileSystemBlobStore}.
 * Writes are crash-safe (temporary file, fsync, atomic rename) and create-if-absent is atomic across threads
 * and processes (hard link into place).
 */
package dev.datamgmt.storage.fs;
