package dev.datamgmt.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes one ranged GET body straight to its place in a file, chunk by chunk as it arrives (a positional write
 * per network buffer on a shared {@link FileChannel}, which is safe for concurrent positional writes). No
 * range-sized array is held, unlike receiving into memory, and no asynchronous file channel is involved, unlike
 * the SDK's {@code toFile}. Completes with the byte count; fewer or more bytes than {@code expected} fail with a
 * retryable {@link S3Errors.ShortReadException}, and a retry rewrites the same range from its start. One
 * instance serves one attempt.
 */
final class RangeToChannel extends BodyTransformer<Long> {
  private final FileChannel channel;
  private final long start;
  private final long expected;
  private final String location;
  private long written;

  RangeToChannel(FileChannel channel, long start, long expected, String location) {
    this.channel = channel;
    this.start = start;
    this.expected = expected;
    this.location = location;
  }

  @Override
  protected void accept(ByteBuffer b) throws IOException {
    if (b.remaining() > expected - written) {
      throw new S3Errors.ShortReadException("response for " + location + " at " + start + " longer than the "
          + expected + " bytes asked for");
    }
    while (b.hasRemaining()) {
      written += channel.write(b, start + written);
    }
  }

  @Override
  protected Long finish() throws S3Errors.ShortReadException {
    if (written != expected) {
      throw new S3Errors.ShortReadException("short read of " + location + " at " + start + ": expected " + expected
          + " bytes, got " + written);
    }
    return written;
  }
}
