package dev.datamgmt.storage.internal.retry;

import dev.datamgmt.storage.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs asynchronous calls under a {@link RetryPolicy}: a failure that {@code retryable} accepts is retried
 * after the policy's backoff, on a scheduler, without blocking a thread while waiting. The call is a supplier so
 * that each attempt sends a fresh request.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Predicate<Throwable> retryable;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong calls = new AtomicLong();

  /**
   * Creates a retrier.
   *
   * @param policy how often and how long to wait
   * @param retryable which failures (already unwrapped from {@link CompletionException}) are worth retrying
   * @param scheduler runs the delayed retries; owned by the caller
   */
  public Retrier(RetryPolicy policy, Predicate<Throwable> retryable, ScheduledExecutorService scheduler) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.retryable = Objects.requireNonNull(retryable, "retryable");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** The policy in use. */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code call}, retrying retryable failures. The returned future fails with the last failure when the
   * attempts are used up or the failure is not retryable.
   *
   * @param what a description of the call for logs (never credentials)
   */
  public <T> CompletableFuture<T> run(String what, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(what, call, calls.getAndIncrement(), 0, result);
    return result;
  }

  private <T> void attempt(String what, Supplier<CompletableFuture<T>> call, long id, int retry, CompletableFuture<T> result) {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((v, err) -> {
      if (err == null) {
        result.complete(v);
        return;
      }
      Throwable cause = unwrap(err);
      if (retry + 1 >= policy.maxAttempts() || !retryable.test(cause)) {
        result.completeExceptionally(cause);
        return;
      }
      Duration d = policy.delay(id, retry);
      LOG.debug("retrying {} after {} ms (attempt {} of {}): {}", what, d.toMillis(), retry + 2, policy.maxAttempts(), cause.toString());
      Executor delayed = r -> scheduler.schedule(r, d.toNanos(), TimeUnit.NANOSECONDS);
      try {
        delayed.execute(() -> attempt(what, call, id, retry + 1, result));
      } catch (RuntimeException rejected) {
        cause.addSuppressed(rejected);
        result.completeExceptionally(cause); // scheduler shut down: the store is closing
      }
    });
  }

  /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
