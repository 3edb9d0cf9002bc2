/**
 * Storage benchmarks: {@link dev.datamgmt.benchmarks.storage.StorageBenchmark} measures the S3 store against the
 * SDK's sequential loop and local file copies, and the caching tier against plain file reads; {@link
 * dev.datamgmt.benchmarks.storage.S3ClientCostBenchmark} measures what the S3 client itself costs (client
 * CPU-seconds vs the SDK's S3TransferManager, with the server in another process) and how well requests in
 * flight hide a region's latency (through a FaultyProxy holding each request 20 ms), plus the probe's one-time cost.
 */
package dev.datamgmt.benchmarks.storage;
