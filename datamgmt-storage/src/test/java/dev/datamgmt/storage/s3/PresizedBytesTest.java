package dev.datamgmt.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The Content-Length-sized receiver: exact, short, long and unsized bodies (the S3 suites cover the real path). */
class PresizedBytesTest {
  /** Emits the chunks in order on request, then completes. */
  private static SdkPublisher<ByteBuffer> chunks(byte[]... parts) {
    Publisher<ByteBuffer> p = s -> s.onSubscribe(new Subscription() {
      private int next;
      private boolean done;

      @Override
      public void request(long n) {
        for (long i = 0; i < n && next < parts.length && !done; i++) {
          s.onNext(ByteBuffer.wrap(parts[next++]));
        }
        if (next == parts.length && !done) {
          done = true;
          s.onComplete();
        }
      }

      @Override
      public void cancel() {
        done = true;
      }
    });
    return SdkPublisher.adapt(p);
  }

  private static CompletableFuture<ResponseBytes<GetObjectResponse>> receive(Long contentLength, byte[]... parts) {
    PresizedBytes t = new PresizedBytes();
    CompletableFuture<ResponseBytes<GetObjectResponse>> f = t.prepare();
    t.onResponse(GetObjectResponse.builder().contentLength(contentLength).build());
    t.onStream(chunks(parts));
    return f;
  }

  @Test
  void exactBody_isReturnedWhole() {
    byte[] got = receive(7L, new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7}).join().asByteArrayUnsafe();
    assertThat(got).containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void shortBody_comesBackShort_soTheCallersLengthCheckCanRetry() {
    assertThat(receive(10L, new byte[] {1, 2, 3}).join().asByteArrayUnsafe()).containsExactly(1, 2, 3);
  }

  @Test
  void longBody_failsAsARetryableShortRead() {
    assertThatThrownBy(() -> receive(2L, new byte[] {1, 2, 3}).join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(S3Errors.ShortReadException.class).hasMessageContaining("longer than its Content-Length of 2");
    assertThat(S3Errors.isRetryable(new S3Errors.ShortReadException("x"))).isTrue();
  }

  @Test
  void noContentLength_collectsWhateverArrives() {
    assertThat(receive(null, new byte[] {9}, new byte[0], new byte[] {8, 7}).join().asByteArrayUnsafe())
        .containsExactly(9, 8, 7);
  }

  @Test
  void anErrorBeforeTheBody_failsTheResult() {
    PresizedBytes t = new PresizedBytes();
    CompletableFuture<ResponseBytes<GetObjectResponse>> f = t.prepare();
    t.exceptionOccurred(new java.io.IOException("connection reset"));
    assertThatThrownBy(f::join).hasCauseInstanceOf(java.io.IOException.class).hasMessageContaining("connection reset");
  }
}
