/**
 * Versioned datasets over any {@link dev.datamgmt.core.blob.BlobStore}: content-addressed blobs, Parquet
 * manifests and JSON commits, branches and tags as append-only ref logs moved by compare-and-swap, checkout of
 * immutable {@link dev.datamgmt.storage.repo.DatasetVersion}s, log, diff, three-way merge, fsck and gc. The entry
 * point is {@link dev.datamgmt.storage.repo.Repository}; the on-store layout is specified in FORMAT.md.
 *
 * <p>Each commit records what made it as a {@link dev.datamgmt.core.provenance.Provenance} (given with
 * {@link dev.datamgmt.storage.repo.CommitBuilder#optProvenance}, or by default the library, Java and OS
 * versions of the writer), like shard sets and models do.
 *
 * <p>{@code Repository} is a facade over a package-private object database (blobs as objects of their own or in
 * packs, manifests, commits, and the caches in front of them) and the ref logs; only the facade, the commit
 * builder, the versions and the reports are API.
 */
package dev.datamgmt.storage.repo;
