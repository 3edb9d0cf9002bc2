/**
 * Retrying remote calls: {@link dev.datamgmt.storage.retry.RetryPolicy} (exponential backoff with seeded full
 * jitter) and {@link dev.datamgmt.storage.retry.Retrier}, which applies it to asynchronous calls.
 */
package dev.datamgmt.storage.retry;
