package dev.datamgmt.storage.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Receives a GET body into one array sized by its {@code Content-Length}. The SDK's {@code toBytes()} grows a
 * buffer by doubling and copies it once more at the end, which for a 16 MiB range is several large
 * allocations and copies per request. A body shorter than announced comes back short (the caller's length
 * check turns that into a retryable short read); a longer one fails with a {@link S3Errors.ShortReadException}.
 * One instance serves one attempt.
 */
final class PresizedBytes implements AsyncResponseTransformer<GetObjectResponse, ResponseBytes<GetObjectResponse>> {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private volatile CompletableFuture<ResponseBytes<GetObjectResponse>> result;
  private volatile GetObjectResponse response;

  @Override
  public CompletableFuture<ResponseBytes<GetObjectResponse>> prepare() {
    result = new CompletableFuture<>();
    return result;
  }

  @Override
  public void onResponse(GetObjectResponse r) {
    response = r;
  }

  @Override
  public void onStream(SdkPublisher<ByteBuffer> publisher) {
    Long length = response.contentLength();
    publisher.subscribe(new Body(length != null && length >= 0 && length <= MAX_ARRAY ? new byte[length.intValue()] : null));
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    CompletableFuture<ResponseBytes<GetObjectResponse>> f = result;
    if (f != null) {
      f.completeExceptionally(error);
    }
  }

  /** Signals arrive one at a time (Reactive Streams rule 1.3), so the position needs no synchronization. */
  private final class Body implements Subscriber<ByteBuffer> {
    private final byte[] array;
    private final ByteArrayOutputStream unsized;
    private Subscription subscription;
    private int position;
    private boolean failed;

    Body(byte[] array) {
      this.array = array;
      this.unsized = array == null ? new ByteArrayOutputStream() : null;
    }

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
      int n = b.remaining();
      if (array == null) {
        byte[] chunk = new byte[n];
        b.get(chunk);
        unsized.write(chunk, 0, n);
        return;
      }
      if (n > array.length - position) {
        failed = true;
        subscription.cancel();
        result.completeExceptionally(new S3Errors.ShortReadException("response body longer than its Content-Length of "
            + array.length + " bytes"));
        return;
      }
      b.get(array, position, n);
      position += n;
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
      byte[] body = array == null ? unsized.toByteArray() : position == array.length ? array : Arrays.copyOf(array, position);
      result.complete(ResponseBytes.fromByteArrayUnsafe(response, body));
    }
  }
}
