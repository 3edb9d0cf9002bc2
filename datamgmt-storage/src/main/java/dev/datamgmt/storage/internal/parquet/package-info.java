/**
 * Not API; may change without notice. Parquet files held in memory, so Parquet tables move through any blob store
 * without a Hadoop FileSystem.
 */
package dev.datamgmt.storage.internal.parquet;
