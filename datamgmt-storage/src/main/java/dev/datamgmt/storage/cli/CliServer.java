package dev.datamgmt.storage.cli;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.repo.ingest.DirectoryWatch;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class CliServer implements AutoCloseable, Cli.Session {
  private static final Logger LOG = LoggerFactory.getLogger(CliServer.class);

  private final Path socket;
  private final ServerSocketChannel channel;
  private final Duration idle;
  // a client has this long to send its request; one that connects and stalls must not hold a request thread
  // (and keep the server from going idle) forever: Unix socket channels have no read timeout of their own
  static volatile Duration requestDeadline = Duration.ofSeconds(30);
  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
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

  private CliServer(Path socket, ServerSocketChannel channel, Duration idle) {
    this.socket = socket;
    this.channel = channel;
    this.idle = idle;
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
      ch.bind(UnixDomainSocketAddress.of(socket));
      CliServer server = new CliServer(socket, ch, idle);
      Thread accept = new Thread(server::acceptLoop, "datamgmt-server");
      accept.setDaemon(true);
      accept.start();
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
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing server socket: {}", e.toString());
      }
      resources.close();
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.warn("cannot remove server socket {}: {}", socket, e.toString());
      }
      stopped.countDown();
    }
  }

  private void acceptLoop() {
    while (!stopping) {
      SocketChannel client;
      try {
        client = channel.accept();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        LOG.warn("server {}: accept failed: {}", socket, e.toString());
        continue;
      }
      active.incrementAndGet();
      lastActivity.set(System.nanoTime());
      Thread t = new Thread(() -> handle(client), "datamgmt-request");
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

  private void handle(SocketChannel client) {
    java.util.concurrent.ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
      try {
        client.close(); // the blocked read fails; the request is dropped
      } catch (IOException e) {
        LOG.debug("closing a stalled client: {}", e.toString());
      }
    }, requestDeadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    try (client) {
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(client)));
      DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(client)));
      if (in.readInt() != Datamgmt.PROTOCOL) {
        o.writeInt(Datamgmt.WRONG_PROTOCOL);
        o.flush();
        return;
      }
      Path cwd = Path.of(in.readUTF());
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        return;
      }
      List<String> args = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        args.add(in.readUTF());
      }
      if (!deadline.cancel(false)) {
        return; // too late: the connection is closed
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status;
      try (PrintStream pout = new PrintStream(out, false, StandardCharsets.UTF_8);
          PrintStream perr = new PrintStream(err, false, StandardCharsets.UTF_8)) {
        if (!args.isEmpty() && args.get(0).equals("serve")) {
          perr.println("datamgmt: a server is already running at " + socket);
          status = Cli.FAILED;
        } else {
          status = Cli.run(args, cwd, pout, perr, this);
        }
      }
      served.incrementAndGet();
      o.writeInt(status);
      o.writeInt(out.size());
      out.writeTo(o);
      o.writeInt(err.size());
      err.writeTo(o);
      o.flush();
    } catch (IOException e) {
      LOG.debug("server {}: client went away: {}", socket, e.toString());
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
    sb.append(String.format("server pid %d on %s, up %.0f s, %d requests served, warm-up %s%n",
        ProcessHandle.current().pid(), socket, (System.nanoTime() - started) / 1e9, served.get(), warmUpState));
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
