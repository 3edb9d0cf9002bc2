package dev.datamgmt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on {@code 127.0.0.1} that forwards to a server and, on demand, breaks connections in the
 * middle of a transfer: it resets them ({@link #dropAfter}) or stops forwarding ({@link #stallAfter}) once a
 * connection has carried a given number of bytes in one direction. Faults are counted, so a test can check
 * that they really happened. It also records the head (request line and headers) of every HTTP/1.1 request
 * that passes ({@link #requestHeads()}), to check what went over the wire, and can hold every request for a
 * fixed latency ({@link #setLatency}), like a distant region.
 *
 * <pre>{@code
 * try (FaultyProxy proxy = FaultyProxy.start(server.endpoint())) {
 *   proxy.dropAfter(FaultyProxy.Direction.DOWNSTREAM, 1 << 20, 3); // reset the next 3 connections after 1 MiB
 *   ... talk to proxy.endpoint() ...
 *   assertThat(proxy.faultsInjected()).isEqualTo(3);
 * }
 * }</pre>
 */
public final class FaultyProxy implements AutoCloseable {
  /** Which way bytes flow. */
  public enum Direction {
    /** client to server: request bodies (uploads) */
    UPSTREAM,
    /** server to client: response bodies (downloads) */
    DOWNSTREAM
  }

  private enum Kind { NONE, DROP, STALL }


  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> open = new ArrayList<>();
  private final List<String> heads = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger faults = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  private volatile Kind kind = Kind.NONE;
  private volatile long latencyNanos;
  private volatile Direction faultDirection = Direction.DOWNSTREAM;
  private volatile long faultAfterBytes;
  private final AtomicInteger faultsLeft = new AtomicInteger();

  private FaultyProxy(URI server) throws IOException {
    this.target = new InetSocketAddress(server.getHost(), server.getPort());
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy in front of {@code server} (scheme, host and port are used).
   *
   * @param server the server to forward to
   * @return the running proxy, listening on a free loopback port
   * @throws IOException if the listening socket cannot be opened
   */
  public static FaultyProxy start(URI server) throws IOException {
    return new FaultyProxy(server);
  }

  /**
   * Where to point the client.
   *
   * @return {@code http://127.0.0.1:<proxy port>}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /**
   * From now on, the next {@code times} connections that carry more than {@code bytes} bytes in
   * {@code direction} are reset (TCP RST) at that point.
   *
   * @param direction which way the bytes are counted
   * @param bytes how many bytes pass before the fault
   * @param times how many connections get the fault
   */
  public void dropAfter(Direction direction, long bytes, int times) {
    arm(Kind.DROP, direction, bytes, times);
  }

  /**
   * From now on, the next {@code times} connections that carry more than {@code bytes} bytes in
   * {@code direction} stop forwarding at that point (the peer sees silence until it gives up).
   *
   * @param direction which way the bytes are counted
   * @param bytes how many bytes pass before the fault
   * @param times how many connections get the fault
   */
  public void stallAfter(Direction direction, long bytes, int times) {
    arm(Kind.STALL, direction, bytes, times);
  }

  private synchronized void arm(Kind k, Direction d, long bytes, int times) {
    faultDirection = d;
    faultAfterBytes = bytes;
    faultsLeft.set(times);
    kind = k;
  }

  /**
   * Holds every HTTP request for {@code perRequest} before forwarding it, like the round trip to a distant
   * region (e.g. 20 ms): a client that sends requests one after another pays it once per request, a client with
   * many requests in flight pays it once per wave. {@link java.time.Duration#ZERO} turns it off. Requests whose length
   * the proxy cannot follow (chunked bodies) are not delayed after the first.
   */
  public void setLatency(java.time.Duration perRequest) {
    if (perRequest.isNegative()) {
      throw new IllegalArgumentException("latency must be >= 0: " + perRequest);
    }
    latencyNanos = perRequest.toNanos();
  }

  /** Forward everything faithfully again. */
  public void clearFaults() {
    kind = Kind.NONE;
    faultsLeft.set(0);
  }

  /**
   * Faults injected so far.
   *
   * @return the number of connections reset or stalled
   */
  public int faultsInjected() {
    return faults.get();
  }

  /**
   * Connections accepted so far.
   *
   * @return the number of accepted connections
   */
  public int connections() {
    return connections.get();
  }

  /**
   * The head of every request seen so far, in arrival order per connection: the request line and headers as
   * ISO-8859-1 text, e.g. {@code "PUT /bucket/key HTTP/1.1\r\nHost: ...\r\n..."}.
   *
   * @return an immutable copy of the request heads
   */
  public synchronized List<String> requestHeads() {
    return List.copyOf(heads);
  }

  private synchronized void recordHead(String head) {
    heads.add(head);
  }

  /**
   * Follows one connection's request stream: collects each head up to the blank line, then skips
   * {@code Content-Length} body bytes. Gives up on a connection whose body length it cannot know.
   */
  private final class HeadParser {
    private final StringBuilder head = new StringBuilder();
    private long skip;
    private boolean lost;

    /** Follows {@code n} more bytes; returns how many request heads started in them. */
    int feed(byte[] b, int n) {
      int started = 0;
      int i = 0;
      while (i < n && !lost) {
        if (skip > 0) {
          int k = (int) Math.min(skip, n - i);
          skip -= k;
          i += k;
          continue;
        }
        if (head.length() == 0) {
          started++;
        }
        head.append((char) (b[i++] & 0xff));
        int len = head.length();
        if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r' && head.charAt(len - 3) == '\n'
            && head.charAt(len - 4) == '\r') {
          String h = head.toString();
          head.setLength(0);
          recordHead(h.substring(0, h.length() - 4));
          String lower = h.toLowerCase(java.util.Locale.ROOT);
          int cl = lower.indexOf("\r\ncontent-length:");
          if (cl >= 0) {
            int eol = lower.indexOf("\r\n", cl + 2);
            skip = Long.parseLong(lower.substring(cl + "\r\ncontent-length:".length(), eol).trim());
          } else if (lower.contains("\r\ntransfer-encoding:")) {
            lost = true;
          }
        } else if (len > 64 * 1024) {
          lost = true;
        }
      }
      return started;
    }
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      threads.execute(() -> handle(client));
    }
  }

  private void handle(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(target, 5000);
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      synchronized (this) {
        if (closed.get()) {
          client.close();
          server.close();
          return;
        }
        open.add(client);
        open.add(server);
      }
      AtomicBoolean faulted = new AtomicBoolean();
      HeadParser parser = new HeadParser();
      threads.execute(() -> pump(client, server, Direction.UPSTREAM, faulted, parser));
      pump(server, client, Direction.DOWNSTREAM, faulted, null);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  private void pump(Socket from, Socket to, Direction dir, AtomicBoolean faulted, HeadParser parser) {
    byte[] buf = new byte[16 * 1024];
    AtomicLong moved = new AtomicLong();
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (parser != null) {
          int started = parser.feed(buf, n);
          long delay = latencyNanos;
          if (started > 0 && delay > 0) {
            try {
              TimeUnit.NANOSECONDS.sleep(delay);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
        long before = moved.get();
        Kind k = kind;
        if (k != Kind.NONE && dir == faultDirection && !faulted.get() && before + n > faultAfterBytes
            && faultsLeft.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
          faulted.set(true);
          faults.incrementAndGet();
          int keep = (int) Math.max(0, Math.min(n, faultAfterBytes - before));
          out.write(buf, 0, keep);
          out.flush();
          if (k == Kind.DROP) {
            reset(from);
            reset(to);
            return;
          }
          // STALL: swallow everything from now on; the other side waits until its timeout closes the socket
          while (in.read(buf) >= 0) {
            // discard
          }
          return;
        }
        if (faulted.get()) {
          continue; // the other direction stalled this connection: forward nothing more
        }
        out.write(buf, 0, n);
        out.flush();
        moved.addAndGet(n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close with RST, like a dropped connection, not a clean FIN
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Stops the proxy and closes every connection. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (this) {
      open.forEach(FaultyProxy::closeQuietly);
      open.clear();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
