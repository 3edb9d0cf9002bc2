/**
 * Versioning benchmarks (issue 4): first commit of a 20,050-file corpus against {@code sha256sum} and git-lfs,
 * a one-file-change commit, log and diff of two 20,000-record versions, and the first commit into S3 on
 * loopback — all whole-process, side by side in one run. {@link
 * dev.datamgmt.benchmarks.versioning.VersioningBenchmark} is the entry point; {@link
 * dev.datamgmt.benchmarks.versioning.VersioningCli} is the process it times.
 */
package dev.datamgmt.benchmarks.versioning;
