/**
 * Packed training shards: a dataset's records written into Parquet files of a target size, with small blobs
 * inline as a binary column and large ones by reference, named by their SHA-256 and listed in a
 * {@link dev.datamgmt.storage.shard.ShardSet} index stored next to the version they were made from. Any Parquet
 * reader (DuckDB, pyarrow, Spark) reads the shards; this package reads them into Apache Arrow vectors. The
 * layout is specified in FORMAT.md ("Shards").
 */
package dev.datamgmt.storage.shard;
