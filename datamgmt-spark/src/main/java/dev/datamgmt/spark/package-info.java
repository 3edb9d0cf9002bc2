/**
 * datamgmt on Apache Spark (optional module; Spark is a {@code provided} dependency: the cluster's): dataset
 * versions and shards as DataFrames ({@link dev.datamgmt.spark.SparkVersions}, Spark's own Parquet scans, so
 * pushdown works), exactly-once commits from a DataFrame ({@link dev.datamgmt.spark.SparkCommit}), packing a
 * version into shards on executors ({@link dev.datamgmt.spark.SparkShards}), distributed synthetic generation
 * ({@link dev.datamgmt.spark.SparkSynth}), JSON Lines logs to a version ({@link dev.datamgmt.spark.SparkJsonLines})
 * and derivations memoized by lineage ({@link dev.datamgmt.spark.Derivation}). Executors open the repository from a
 * serializable {@link dev.datamgmt.spark.RepositorySource}.
 *
 * <p><b>The one rule behind every guarantee:</b> executors only ever write immutable, content-addressed objects
 * (blobs in packs, shards), which a retried or speculative task rewrites harmlessly, and report what they wrote;
 * the driver alone moves a ref, once, from the reports of the tasks that succeeded. Results are pure functions of
 * the inputs (per-sample seeds from core's {@code Seeds}, the shard writer's plan), so they equal the single-JVM
 * results byte for byte whatever the partitioning.
 */
package dev.datamgmt.spark;
