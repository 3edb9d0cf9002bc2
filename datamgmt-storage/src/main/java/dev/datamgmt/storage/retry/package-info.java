/**
 * Retrying remote calls: {@link dev.datamgmt.storage.retry.RetryPolicy}, exponential backoff with seeded full
 * jitter, which a user gives a remote store (e.g. {@code S3BlobStore.Builder.optRetryPolicy}); the stores apply
 * it to their asynchronous calls.
 */
package dev.datamgmt.storage.retry;
