/**
 * Storage benchmarks: {@link dev.datamgmt.benchmarks.storage.StorageBenchmark} measures the S3 store against the
 * SDK's sequential loop and local file copies, and the caching tier against plain file reads.
 */
package dev.datamgmt.benchmarks.storage;
