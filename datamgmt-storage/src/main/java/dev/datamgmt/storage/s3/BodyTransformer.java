package dev.datamgmt.storage.s3;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The plumbing of a GET body receiver: one result future per attempt, chunks handed to {@link #accept} one at a
 * time (Reactive Streams rule 1.3, so subclasses need no synchronization), and the first failure, from the SDK,
 * the stream or a subclass, completes the attempt exceptionally and cancels the stream. One instance serves one
 * attempt.
 *
 * @param <T> what the attempt completes with
 */
abstract class BodyTransformer<T> implements AsyncResponseTransformer<GetObjectResponse, T> {
  private volatile CompletableFuture<T> result;
  private volatile GetObjectResponse response;

  @Override
  public final CompletableFuture<T> prepare() {
    result = new CompletableFuture<>();
    return result;
  }

  @Override
  public final void onResponse(GetObjectResponse r) {
    response = r;
  }

  /** The response headers, once they have arrived. */
  protected final GetObjectResponse response() {
    return response;
  }

  @Override
  public final void onStream(SdkPublisher<ByteBuffer> publisher) {
    publisher.subscribe(new Body());
  }

  @Override
  public final void exceptionOccurred(Throwable error) {
    CompletableFuture<T> f = result;
    if (f != null) {
      f.completeExceptionally(error);
    }
  }

  /** Called once, before the first chunk. */
  protected void start() {}

  /** Takes one chunk of the body; throwing fails the attempt. */
  protected abstract void accept(ByteBuffer chunk) throws Exception;

  /** The result once the body has ended; throwing fails the attempt. */
  protected abstract T finish() throws Exception;

  private final class Body implements Subscriber<ByteBuffer> {
    private Subscription subscription;
    private boolean failed;

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      try {
        start();
      } catch (RuntimeException e) {
        failed = true;
        s.cancel();
        result.completeExceptionally(e);
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer chunk) {
      if (failed) {
        return;
      }
      try {
        accept(chunk);
      } catch (Exception e) {
        failed = true;
        subscription.cancel();
        result.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        failed = true;
        result.completeExceptionally(t);
      }
    }

    @Override
    public void onComplete() {
      if (failed) {
        return;
      }
      try {
        result.complete(finish());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    }
  }
}
