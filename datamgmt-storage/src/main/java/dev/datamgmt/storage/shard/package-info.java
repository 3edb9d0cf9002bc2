/**
 * Packed training shards: a dataset's records written into Parquet files of a target size, with small blobs
 * inline as a binary column and large ones by reference, named by their SHA-256 and listed in a
 * {@link dev.datamgmt.storage.shard.ShardSet} index stored next to the version they were made from. Any Parquet
 * reader (DuckDB, pyarrow, Spark) reads the shards; this package reads them into Apache Arrow vectors. The
 * layout is specified in FORMAT.md ("Shards").
 *
 * <p>Reading is built for a fresh JVM's first epoch as much as for the steady state: shards in the layout our writer
 * produces are decoded by a lean reader of that layout (no Hadoop configuration, codec factory or converter tree;
 * parquet-java reads everything else, and attribute filters), and a shard set written by
 * {@link dev.datamgmt.storage.shard.ShardSet#toJson()} is read with Jackson's streaming parser instead of the
 * data-binding mapper, whose first use alone cost about 0.4 CPU-seconds. Both are property-tested against the
 * general readers they stand in front of.
 */
package dev.datamgmt.storage.shard;
