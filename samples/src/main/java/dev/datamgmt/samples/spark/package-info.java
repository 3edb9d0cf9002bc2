/**
 * {@link dev.datamgmt.samples.spark.SparkPipeline}: a Spark job (local session) that commits a folder of PNG files as
 * one version exactly once, queries it as a DataFrame and packs it into shards on the executors. Spark is
 * {@code provided}; {@code -Pspark-sample} runs it.
 */
package dev.datamgmt.samples.spark;
