/**
 * Versioned datasets over any {@link dev.datamgmt.core.blob.BlobStore}: content-addressed blobs, Parquet
 * manifests and JSON commits, branches and tags as append-only ref logs moved by compare-and-swap, checkout of
 * immutable {@link dev.datamgmt.storage.repo.DatasetVersion}s, log, diff, three-way merge, fsck and gc. The entry
 * point is {@link dev.datamgmt.storage.repo.Repository}; the on-store layout is specified in FORMAT.md.
 */
package dev.datamgmt.storage.repo;
