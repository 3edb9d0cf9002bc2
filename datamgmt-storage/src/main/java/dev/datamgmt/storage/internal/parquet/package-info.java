/**
 * Not API; may change without notice. Parquet files held in memory, so Parquet tables move through any blob store
 * without a Hadoop FileSystem; and a lean decoder ({@link dev.datamgmt.storage.internal.parquet.LeanParquet}) of
 * the Parquet subset our shard writer produces, which the shard reader uses before falling back to parquet-java.
 */
package dev.datamgmt.storage.internal.parquet;
