package dev.datamgmt.storage.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Receives a GET body into one array sized by its {@code Content-Length}. The SDK's {@code toBytes()} grows a
 * buffer by doubling and copies it once more at the end, which for a 16 MiB range is several large
 * allocations and copies per request. A body shorter than announced comes back short (the caller's length
 * check turns that into a retryable short read); a longer one fails with a {@link S3Errors.ShortReadException}.
 * One instance serves one attempt.
 */
final class PresizedBytes extends BodyTransformer<ResponseBytes<GetObjectResponse>> {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] array;
  private ByteArrayOutputStream unsized;
  private int position;

  @Override
  protected void start() {
    Long length = response().contentLength();
    if (length != null && length >= 0 && length <= MAX_ARRAY) {
      array = new byte[length.intValue()];
    } else {
      unsized = new ByteArrayOutputStream();
    }
  }

  @Override
  protected void accept(ByteBuffer b) throws S3Errors.ShortReadException {
    int n = b.remaining();
    if (array == null) {
      byte[] chunk = new byte[n];
      b.get(chunk);
      unsized.write(chunk, 0, n);
      return;
    }
    if (n > array.length - position) {
      throw new S3Errors.ShortReadException("response body longer than its Content-Length of " + array.length
          + " bytes");
    }
    b.get(array, position, n);
    position += n;
  }

  @Override
  protected ResponseBytes<GetObjectResponse> finish() {
    byte[] body = array == null ? unsized.toByteArray() : position == array.length ? array : Arrays.copyOf(array, position);
    return ResponseBytes.fromByteArrayUnsafe(response(), body);
  }
}
