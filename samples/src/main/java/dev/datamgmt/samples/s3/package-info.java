/**
 * A repository on S3: {@link dev.datamgmt.samples.s3.S3Repository} commits, tags, checks out, packs into shards and
 * reads back through a local cache, on the bucket named by the environment or, with none named, on an S3-compatible
 * server started in the process ({@link dev.datamgmt.samples.s3.S3Target}).
 */
package dev.datamgmt.samples.s3;
