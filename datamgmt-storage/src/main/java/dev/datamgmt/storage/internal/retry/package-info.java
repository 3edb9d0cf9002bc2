/**
 * Not API; may change without notice. {@link dev.datamgmt.storage.internal.retry.Retrier} applies a
 * {@link dev.datamgmt.storage.retry.RetryPolicy} (which is API: users configure it) to a store's asynchronous
 * remote calls; it is public only because the S3 store in another package uses it.
 */
package dev.datamgmt.storage.internal.retry;
