package dev.datamgmt.storage.s3;

import dev.datamgmt.core.error.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Streams a large object as consecutive byte ranges, keeping the next few ranges in flight so that reading
 * overlaps the network. Each range is fetched (and retried) on its own, so one dropped connection costs one
 * range, not the whole stream. A failure surfaces as an {@link IOException} whose cause is the
 * {@link DataException}.
 */
final class RangedInputStream extends InputStream {
  private final long total;
  private final int rangeSize;
  private final int window;
  private final BiFunction<Long, Long, CompletableFuture<byte[]>> fetch;
  private final Function<Throwable, DataException> describe;
  private final Deque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
  private long nextToRequest;
  private byte[] current;
  private int pos;
  private long delivered;
  private boolean closed;

  RangedInputStream(byte[] head, long total, int rangeSize, int window,
      BiFunction<Long, Long, CompletableFuture<byte[]>> fetch, Function<Throwable, DataException> describe) {
    this.current = head;
    this.total = total;
    this.rangeSize = rangeSize;
    this.window = window;
    this.fetch = fetch;
    this.describe = describe;
    this.nextToRequest = head.length;
    fill();
  }

  private void fill() {
    while (inFlight.size() < window && nextToRequest < total) {
      long from = nextToRequest;
      long to = Math.min(total, from + rangeSize) - 1;
      inFlight.add(fetch.apply(from, to));
      nextToRequest = to + 1;
    }
  }

  private boolean advance() throws IOException {
    while (current == null || pos >= current.length) {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (inFlight.isEmpty()) {
        return false;
      }
      CompletableFuture<byte[]> next = inFlight.poll();
      if (next == null) {
        return false;
      }
      try {
        current = next.join();
      } catch (RuntimeException e) {
        DataException d = describe.apply(e);
        throw new IOException(d.getMessage(), d);
      }
      pos = 0;
      fill();
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!advance()) {
      return -1;
    }
    delivered++;
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    delivered += n;
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.length - pos;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (CompletableFuture<byte[]> f : inFlight) {
        f.cancel(false);
      }
      inFlight.clear();
      current = null;
    }
  }
}
