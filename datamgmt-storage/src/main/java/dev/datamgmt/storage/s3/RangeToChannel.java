package dev.datamgmt.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Writes one ranged GET body straight to its place in a file, chunk by chunk as it arrives (a positional write
 * per network buffer on a shared {@link FileChannel}, which is safe for concurrent positional writes). No
 * range-sized array is held, unlike receiving into memory, and no asynchronous file channel is involved, unlike
 * the SDK's {@code toFile}. Completes with the byte count; fewer or more bytes than {@code expected} fail with a
 * retryable {@link S3Errors.ShortReadException}, and a retry rewrites the same range from its start. One
 * instance serves one attempt.
 */
final class RangeToChannel implements AsyncResponseTransformer<GetObjectResponse, Long> {
  private final FileChannel channel;
  private final long start;
  private final long expected;
  private final String location;
  private volatile CompletableFuture<Long> result;

  RangeToChannel(FileChannel channel, long start, long expected, String location) {
    this.channel = channel;
    this.start = start;
    this.expected = expected;
    this.location = location;
  }

  @Override
  public CompletableFuture<Long> prepare() {
    result = new CompletableFuture<>();
    return result;
  }

  @Override
  public void onResponse(GetObjectResponse response) {
    // the body carries everything we need; its length is checked as it arrives
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    publisher.subscribe(new Body());
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    CompletableFuture<Long> f = result;
    if (f != null) {
      f.completeExceptionally(error);
    }
  }

  /** Signals arrive one at a time (Reactive Streams rule 1.3). */
  private final class Body implements Subscriber<ByteBuffer> {
    private Subscription subscription;
    private long written;
    private boolean failed;

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer b) {
      if (failed) {
        return;
      }
      if (b.remaining() > expected - written) {
        fail(new S3Errors.ShortReadException("response for " + location + " at " + start + " longer than the "
            + expected + " bytes asked for"));
        return;
      }
      try {
        while (b.hasRemaining()) {
          written += channel.write(b, start + written);
        }
      } catch (IOException e) {
        fail(e);
      }
    }

    private void fail(Throwable t) {
      failed = true;
      subscription.cancel();
      result.completeExceptionally(t);
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        result.completeExceptionally(t);
      }
    }

    @Override
    public void onComplete() {
      if (failed) {
        return;
      }
      if (written != expected) {
        result.completeExceptionally(new S3Errors.ShortReadException("short read of " + location + " at " + start
            + ": expected " + expected + " bytes, got " + written));
        return;
      }
      result.complete(written);
    }
  }
}
