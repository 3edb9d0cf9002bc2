package dev.datamgmt.cli;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.storage.ingest.DirectoryWatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm JVM serving {@link Datamgmt} commands of one user over a Unix domain socket, as build tools keep a
 * daemon: stores stay open, classes loaded and compiled, and each folder committed through the server keeps a
 * {@link DirectoryWatch}, so a re-commit looks only at the files that changed. Commands run exactly as they would
 * in the client's process (same code, the client's working directory), except that stores are opened with the
 * server's environment (S3 endpoint and credentials). The server stops on {@code datamgmt stop}, after an idle
 * period, or when closed; it removes its socket file. Requests run concurrently, each on its own thread;
 * commits of one folder run one at a time. {@code datamgmt serve} first runs the commands on a small generated
 * folder in the background ({@link WarmUp}; {@code --no-warm-up} skips it), so that the JIT has compiled their
 * code before the user's first commands.
 *
 * <p>The socket's folder is created readable by its owner only, and a server refuses a folder that others can
 * open: anyone who can connect can run commands as the server's user.
 *
 * <p>For the shell launcher ({@code datamgmt-cli/src/main/sh/datamgmt}, a bash script that answers a command
 * in milliseconds instead of starting a JVM client), the server also listens on a TCP port of 127.0.0.1. Its
 * {@linkplain #portFile port file} beside the socket (mode {@code rw-------}) holds the port, the server's pid
 * and a random token; a request without the token is refused, so only processes that can read the user's
 * socket folder can use the port, as with the socket. The shell protocol is text: the request is the fields
 * {@value #SHELL_PROTOCOL}, token, working directory, argument count and arguments, each ended by a NUL byte;
 * the answer is a line {@code <status> <stderr bytes>}, then stderr, then stdout up to the end of the stream.
 * A negative status means the request was not run: {@code -1} another protocol, {@code -2} a wrong token.
 */
public final class CliServer implements AutoCloseable, Cli.Session {
  private static final Logger LOG = LoggerFactory.getLogger(CliServer.class);

  /** The first field of a shell launcher's request. */
  static final String SHELL_PROTOCOL = "datamgmt-sh-1";

  /** The longest shell request read (all fields together); a longer one is dropped unanswered. */
  static final int SHELL_REQUEST_LIMIT = 1 << 20;

  /**
   * How many shell connections may be sending their request at once; more are closed at once. Any local user
   * can connect to the port (only the token lets a request run), so this bounds the threads they can hold.
   */
  static final int SHELL_PENDING_LIMIT = 16;

  private final Path socket;
  private final ServerSocketChannel channel;
  private final ServerSocketChannel shellChannel;
  private final byte[] token;
  private volatile int shellPort;
  private final Semaphore shellPending = new Semaphore(SHELL_PENDING_LIMIT);
  private final Duration idle;
  // a client has this long to send its request; one that connects and stalls must not hold a request thread
  // (and keep the server from going idle) forever: Unix socket channels have no read timeout of their own
  static volatile Duration requestDeadline = Duration.ofSeconds(30);
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "datamgmt-server-deadlines");
        t.setDaemon(true);
        return t;
      });
  private final long started = System.nanoTime();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final Resources resources = new Resources(true);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile String stopReason = "closed";
  private volatile String warmUpState = "off";

  private CliServer(Path socket, ServerSocketChannel channel, ServerSocketChannel shellChannel, byte[] token,
      Duration idle) {
    this.socket = socket;
    this.channel = channel;
    this.shellChannel = shellChannel;
    this.token = token;
    this.idle = idle;
  }

  /**
   * The file beside {@code socket} through which the shell launcher finds a server: one line
   * {@code 1 127.0.0.1 <port> <pid> <token>} (format 1), mode {@code rw-------}, removed when the server stops.
   */
  public static Path portFile(Path socket) {
    return socket.resolveSibling(socket.getFileName() + ".port");
  }

  /**
   * Starts a server on {@code socket} (accepting on a background thread) that stops after {@code idle} without
   * requests.
   *
   * @throws StorageException if another server answers on the socket, or its folder is open to other users
   */
  public static CliServer start(Path socket, Duration idle) throws StorageException {
    return start(socket, idle, false);
  }

  /**
   * {@link #start(Path, Duration)}, and with {@code warmUp} runs the served commands on a small generated
   * folder in the background first (see {@link #warmUpState}), so that their code is compiled before the first
   * requests; requests are served meanwhile.
   */
  public static CliServer start(Path socket, Duration idle, boolean warmUp) throws StorageException {
    Path dir = socket.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new StorageException("unsafe server socket folder", dir.toString(),
            "a folder only its owner can open (rwx------)", PosixFilePermissions.toString(perms));
      }
      if (Files.exists(socket)) {
        if (Datamgmt.viaServer(socket, dir, List.of("status"), new PrintStream(ByteArrayOutputStream.nullOutputStream()),
            new PrintStream(ByteArrayOutputStream.nullOutputStream())) != null) {
          throw new StorageException("a server is already running", socket.toString(), "no server on the socket",
              "a server answering (stop it with 'datamgmt stop')");
        }
        Files.delete(socket); // left by a server that was killed
      }
      ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ServerSocketChannel shell;
      try {
        ch.bind(UnixDomainSocketAddress.of(socket));
        shell = ServerSocketChannel.open(StandardProtocolFamily.INET);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      byte[] token = new byte[16];
      new SecureRandom().nextBytes(token);
      CliServer server = new CliServer(socket, ch, shell, HexFormat.of().formatHex(token)
          .getBytes(StandardCharsets.US_ASCII), idle);
      try {
        shell.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
        server.writePortFile();
      } catch (IOException e) {
        server.close();
        throw e;
      }
      Thread accept = new Thread(() -> server.acceptLoop(ch, null, server::handle), "datamgmt-server");
      accept.setDaemon(true);
      accept.start();
      Thread acceptShell = new Thread(() -> server.acceptLoop(shell, server.shellPending, server::handleShell),
          "datamgmt-server-shell");
      acceptShell.setDaemon(true);
      acceptShell.start();
      Thread idler = new Thread(server::idleLoop, "datamgmt-server-idle");
      idler.setDaemon(true);
      idler.start();
      if (warmUp) {
        server.warmUpState = "running";
        Thread w = new Thread(server::warmUp, "datamgmt-server-warm-up");
        w.setDaemon(true);
        w.start();
      }
      return server;
    } catch (IOException e) {
      throw new StorageException("cannot start server", socket.toString(), "a socket this user can bind",
          e.toString(), e);
    }
  }

  /** {@code datamgmt serve}: runs a server in the foreground until it stops; returns the exit status. */
  static int serve(Path socket, Duration idle, boolean warmUp, PrintStream out, PrintStream err) {
    CliServer server;
    try {
      server = start(socket, idle, warmUp);
    } catch (StorageException e) {
      err.println("datamgmt: " + e.getMessage());
      return Cli.FAILED;
    }
    out.println("datamgmt server listening on " + socket + " (pid " + ProcessHandle.current().pid() + ", idle stop after "
        + idle.toMinutes() + " min)");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.awaitStop();
    out.println("datamgmt server stopped (" + server.stopReason + ")");
    return Cli.OK;
  }

  /** The socket this server listens on. */
  public Path socket() {
    return socket;
  }

  /** Blocks until the server has stopped. */
  public void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops accepting, closes the watches and stores and removes the socket file. */
  @Override
  public void close() {
    synchronized (this) {
      if (stopped.getCount() == 0) {
        return;
      }
      stopping = true;
      for (ServerSocketChannel ch : List.of(channel, shellChannel)) {
        try {
          ch.close();
        } catch (IOException e) {
          LOG.debug("closing server socket: {}", e.toString());
        }
      }
      resources.close();
      try {
        Files.deleteIfExists(portFile(socket));
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.warn("cannot remove server socket {}: {}", socket, e.toString());
      }
      stopped.countDown();
    }
  }

  private void writePortFile() throws IOException {
    int port = ((InetSocketAddress) shellChannel.getLocalAddress()).getPort();
    shellPort = port;
    Path tmp = Files.createTempFile(socket.getParent(), ".port-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, "1 127.0.0.1 " + port + " " + ProcessHandle.current().pid() + " "
          + new String(token, StandardCharsets.US_ASCII) + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, portFile(socket), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Accepts clients and serves each on a thread of its own; with a {@code gate}, a client beyond its permits is
   * closed at once (the handler releases the permit once the request is read).
   */
  private void acceptLoop(ServerSocketChannel listener, Semaphore gate,
      Consumer<SocketChannel> handler) {
    while (!stopping) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        LOG.warn("server {}: accept failed: {}", socket, e.toString());
        continue;
      }
      if (gate != null && !gate.tryAcquire()) {
        LOG.warn("server {}: {} shell connections are already sending requests; closed another", socket,
            SHELL_PENDING_LIMIT);
        try {
          client.close();
        } catch (IOException e) {
          LOG.debug("closing a client: {}", e.toString());
        }
        continue;
      }
      active.incrementAndGet();
      lastActivity.set(System.nanoTime());
      Thread t = new Thread(() -> handler.accept(client), "datamgmt-request");
      t.setDaemon(true);
      t.start();
    }
    close();
  }

  private void warmUp() {
    long t0 = System.nanoTime();
    try {
      WarmUp.run();
      warmUpState = String.format("done in %.1f s", (System.nanoTime() - t0) / 1e9);
    } catch (IOException | RuntimeException e) {
      LOG.warn("server warm-up failed (requests are served all the same): {}", e.toString());
      warmUpState = "failed: " + e;
    }
  }

  /** {@code "off"}, {@code "running"}, {@code "done in <seconds> s"} or {@code "failed: <error>"}. */
  public String warmUpState() {
    return warmUpState;
  }

  private void idleLoop() {
    while (!stopping) {
      try {
        Thread.sleep(Math.max(100, Math.min(60_000, idle.toMillis() / 10)));
      } catch (InterruptedException e) {
        return;
      }
      if (active.get() == 0 && System.nanoTime() - lastActivity.get() > idle.toNanos()) {
        stopReason = "idle for " + idle.toMinutes() + " min";
        close();
      }
    }
  }

  /** A request read from a client: its working directory (absolute) and the command's arguments. */
  private record Request(Path cwd, List<String> args) {}

  /** How one kind of client frames its request and wants its answer. */
  private interface Wire {
    /** Reads a request; null when there is nothing to run (answered already, or dropped). */
    Request read(InputStream in, OutputStream out) throws IOException;

    void answer(OutputStream out, int status, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr)
        throws IOException;
  }

  /** The Java client's binary format ({@link Datamgmt#viaServer}). */
  private static final Wire JAVA_WIRE = new Wire() {
    @Override
    public Request read(InputStream raw, OutputStream rawOut) throws IOException {
      DataInputStream in = new DataInputStream(raw);
      if (in.readInt() != Datamgmt.PROTOCOL) {
        DataOutputStream o = new DataOutputStream(rawOut);
        o.writeInt(Datamgmt.WRONG_PROTOCOL);
        o.flush();
        return null;
      }
      Path cwd = Path.of(in.readUTF());
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        return null;
      }
      List<String> args = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        args.add(in.readUTF());
      }
      return cwd.isAbsolute() ? new Request(cwd, args) : null;
    }

    @Override
    public void answer(OutputStream rawOut, int status, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr)
        throws IOException {
      DataOutputStream o = new DataOutputStream(rawOut);
      o.writeInt(status);
      o.writeInt(stdout.size());
      stdout.writeTo(o);
      o.writeInt(stderr.size());
      stderr.writeTo(o);
      o.flush();
    }
  };

  private void handle(SocketChannel client) {
    serve(client, () -> {}, JAVA_WIRE);
  }

  /** The shell launcher's text format (see the class comment), checked against this server's token. */
  private void handleShell(SocketChannel client) {
    serve(client, shellPending::release, new Wire() {
      @Override
      public Request read(InputStream in, OutputStream out) throws IOException {
        int[] budget = {SHELL_REQUEST_LIMIT};
        String protocol = nulField(in, budget);
        if (!SHELL_PROTOCOL.equals(protocol)) {
          if (protocol != null) {
            answerRefusal(out, -1);
          }
          return null;
        }
        String given = nulField(in, budget);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
          LOG.warn("server {}: a shell client on port {} sent a wrong token; refused", socket,
              client.socket().getLocalPort());
          answerRefusal(out, -2);
          return null;
        }
        String cwd = nulField(in, budget);
        String count = nulField(in, budget);
        if (cwd == null || count == null || !count.matches("[0-9]{1,5}")) {
          return null;
        }
        int n = Integer.parseInt(count);
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String arg = nulField(in, budget);
          if (arg == null) {
            return null;
          }
          args.add(arg);
        }
        Path dir = Path.of(cwd);
        return dir.isAbsolute() ? new Request(dir, args) : null; // never the server's own directory
      }

      @Override
      public void answer(OutputStream out, int status, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr)
          throws IOException {
        out.write((status + " " + stderr.size() + "\n").getBytes(StandardCharsets.US_ASCII));
        stderr.writeTo(out);
        stdout.writeTo(out);
        out.flush();
      }
    });
  }

  private static void answerRefusal(OutputStream out, int status) throws IOException {
    out.write((status + " 0\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * The next NUL-ended UTF-8 field, charged to {@code budget}; null at the end of the stream or past the
   * budget.
   */
  private static String nulField(InputStream in, int[] budget) throws IOException {
    ByteArrayOutputStream field = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0 || --budget[0] < 0) {
        return null;
      }
      if (b == 0) {
        return field.toString(StandardCharsets.UTF_8);
      }
      field.write(b);
    }
  }

  private void serve(SocketChannel client, Runnable requestRead, Wire wire) {
    ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
      try {
        client.close(); // the blocked read fails; the request is dropped
      } catch (IOException e) {
        LOG.debug("closing a stalled client: {}", e.toString());
      }
    }, requestDeadline.toMillis(), TimeUnit.MILLISECONDS);
    try (client) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(client));
      OutputStream o = new BufferedOutputStream(Channels.newOutputStream(client));
      Request request;
      try {
        request = wire.read(in, o);
      } finally {
        requestRead.run(); // whether the read succeeded or not
      }
      if (request == null || !deadline.cancel(false)) {
        return; // nothing to run, or too late: the connection is closed
      }
      List<String> args = request.args();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status;
      try (PrintStream pout = new PrintStream(out, false, StandardCharsets.UTF_8);
          PrintStream perr = new PrintStream(err, false, StandardCharsets.UTF_8)) {
        if (!args.isEmpty() && args.get(0).equals("serve")) {
          perr.println("datamgmt: a server is already running at " + socket);
          status = Cli.FAILED;
        } else {
          status = Cli.run(args, request.cwd(), pout, perr, this);
        }
      }
      served.incrementAndGet();
      wire.answer(o, status, out, err);
    } catch (IOException e) {
      LOG.debug("server {}: client went away: {}", socket, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("server {}: dropped a malformed request: {}", socket, e.toString());
    } finally {
      deadline.cancel(false);
      lastActivity.set(System.nanoTime());
      if (active.decrementAndGet() == 0 && stopReason.equals("stop requested")) {
        close(); // the last request running after 'stop' closes the stores, not the one that asked
      }
    }
  }

  // ---- Cli.Session -------------------------------------------------------------------------------------

  @Override
  public BlobStore store(String spec, Path cwd) throws DataException {
    return resources.store(spec, cwd);
  }

  @Override
  public DirectoryWatch watch(Path root) {
    return stopping ? null : resources.watch(root);
  }

  @Override
  public String status() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("server pid %d on %s (shell clients: 127.0.0.1:%d), up %.0f s, %d requests served,"
        + " warm-up %s%n", ProcessHandle.current().pid(), socket, shellPort, (System.nanoTime() - started) / 1e9,
        served.get(), warmUpState));
    resources.storeKeys().forEach(k -> sb.append("store ").append(k).append('\n'));
    resources.watches().forEach(w -> sb.append("watch ")
        .append(w.root()).append(": ").append(w.fullWalks()).append(" full walks, ").append(w.incrementalScans())
        .append(" incremental scans\n"));
    return sb.toString();
  }

  @Override
  public boolean stop() {
    stopReason = "stop requested";
    return true;
  }
}
