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
 *
 * <p>Refs live in the blob store by default. On a store that cannot create an object only-if-absent atomically
 * (an S3 server that ignores {@code If-None-Match}), they live in a SQL database instead: {@link
 * dev.datamgmt.storage.repo.JdbcRefStore} (SQLite, PostgreSQL) with a unique (repository, ref, seq) key, as Delta
 * Lake keeps its log in DynamoDB. The marker records which, so no process opens the repository with the other.
 */
package dev.datamgmt.storage.repo;
