/**
 * Committing a directory tree as a dataset version: {@link dev.datamgmt.storage.ingest.DirectoryIngest}
 * hashes files on all cores, stores their bytes as blobs, takes labels from ImageFolder folder names or from
 * a CSV/Parquet table, and re-commits incrementally through a stat cache (path, size, mtime → hash).
 */
package dev.datamgmt.storage.ingest;
