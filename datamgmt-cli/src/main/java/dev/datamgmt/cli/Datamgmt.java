package dev.datamgmt.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code datamgmt} command line: versioned datasets from a shell.
 *
 * <pre>
 * datamgmt init   &lt;store&gt;
 * datamgmt commit &lt;store&gt; &lt;dir&gt; -m &lt;message&gt; [--branch main] [--labels folders|none|&lt;table&gt;] [--skip-bad]
 * datamgmt log    &lt;store&gt; [&lt;rev&gt;] [-n &lt;count&gt;] [--oneline]
 * datamgmt diff   &lt;store&gt; &lt;rev a&gt; &lt;rev b&gt; [--stat]
 * datamgmt fsck   &lt;store&gt;
 * datamgmt gc     &lt;store&gt; [--grace-hours 24]
 * datamgmt serve  [--idle-minutes 180] [--no-warm-up]   keep a warm server for this user (foreground)
 * datamgmt status | stop                   the server's state / stop it
 * datamgmt launcher | completion           print the shell launcher / a bash completion script
 * datamgmt help [&lt;command&gt;], datamgmt &lt;command&gt; --help
 * </pre>
 *
 * <p>Exit status: 0 done, 1 failed (the message on stderr says why), 2 usage error. The arguments are parsed
 * with picocli ({@link Cli}). {@code <store>} is a folder ({@code file:} prefix optional) or
 * {@code s3://bucket[/prefix]} (endpoint from the {@code datamgmt.s3.endpoint} system property or
 * {@code DATAMGMT_S3_ENDPOINT} for S3-compatible servers, credentials and region from the AWS SDK's default
 * chains).
 *
 * <p>When a {@link CliServer server} of this user is running, this class is only a thin client: it forwards the
 * arguments and working directory over a Unix domain socket and prints the answer, so a command costs a small
 * JVM start plus the work in a warm JVM, and re-commits of a folder look only at the files that changed since
 * (a {@link dev.datamgmt.storage.ingest.DirectoryWatch}). Without a server, or with {@code --no-server} before
 * the command, the command runs in this process. The socket is {@code $DATAMGMT_SOCKET}, else
 * {@code <java.io.tmpdir>/datamgmt-<user>/server.sock} in a folder only the user can open. This class loads no
 * library code (not even the argument parser) unless it runs the command itself. A launcher keeps client
 * start-up smallest by putting only the datamgmt-cli jar on the class path and naming the full one in
 * {@code -Ddatamgmt.classpath=...} ({@link #CLASS_PATH_PROPERTY}), which is loaded only when the command runs in
 * the client's own process. The runnable jar ({@code datamgmt-cli-<version>-all.jar}) holds everything:
 * {@code java -jar datamgmt-cli-<version>-all.jar <command>}.
 */
public final class Datamgmt {
  /** Identifies the request format; a server of another format is not used. */
  static final int PROTOCOL = 0x444D4701;

  /** The status a server answers to a request of another protocol, before reading anything else. */
  static final int WRONG_PROTOCOL = -1;

  private Datamgmt() {}

  /** The socket of this user's server: {@code $DATAMGMT_SOCKET}, else {@code <tmpdir>/datamgmt-<user>/server.sock}. */
  public static Path defaultSocket() {
    String env = System.getenv("DATAMGMT_SOCKET");
    if (env != null && !env.isEmpty()) {
      return Path.of(env).toAbsolutePath();
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "datamgmt-" + System.getProperty("user.name"), "server.sock")
        .toAbsolutePath();
  }

  /** Runs a command (see the class comment) and exits with its status: 0 done, 1 failed, 2 usage error. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command through the server when one is running, else in this process; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    boolean noServer = !a.isEmpty() && a.get(0).equals("--no-server");
    if (noServer) {
      a.remove(0);
    }
    Path cwd = Path.of("").toAbsolutePath();
    if (!noServer && !a.isEmpty() && !a.get(0).equals("serve")) {
      Integer status = viaServer(defaultSocket(), cwd, a, out, err);
      if (status != null) {
        return status;
      }
    }
    String full = System.getProperty(CLASS_PATH_PROPERTY);
    if (full != null && !full.isEmpty()) {
      return runWithClassPath(full, a, out, err);
    }
    return Cli.run(a, cwd, out, err, null);
  }

  /**
   * The system property naming the full class path for commands run in this process, when the JVM was started
   * with only this library's jar on its class path (a launcher does so to keep client start-up small: a long
   * class path costs a client ~1 ms per entry). Unset: the JVM's own class path has everything.
   */
  public static final String CLASS_PATH_PROPERTY = "datamgmt.classpath";

  /** Runs the command in this process, with the library and its dependencies loaded from {@code classPath}. */
  private static int runWithClassPath(String classPath, List<String> args, PrintStream out, PrintStream err) {
    List<java.net.URL> urls = new ArrayList<>();
    try {
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          urls.add(Path.of(entry).toUri().toURL());
        }
      }
    } catch (java.net.MalformedURLException | RuntimeException e) {
      err.println("datamgmt: bad -D" + CLASS_PATH_PROPERTY + ": expected a class path, found " + classPath + " (" + e + ")");
      return 2;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // the platform loader as parent: every library class, this one included, comes from the full class path
    java.net.URLClassLoader loader = new java.net.URLClassLoader("datamgmt", urls.toArray(java.net.URL[]::new),
        ClassLoader.getPlatformClassLoader());
    try {
      thread.setContextClassLoader(loader);
      Class<?> local = Class.forName(Datamgmt.class.getName(), true, loader);
      return (Integer) local.getMethod("runHere", List.class, PrintStream.class, PrintStream.class)
          .invoke(null, args, out, err);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      err.println("datamgmt: cannot run the command: expected the library and its dependencies on -D"
          + CLASS_PATH_PROPERTY + "=" + classPath + ", found " + cause);
      return 1;
    } finally {
      thread.setContextClassLoader(previous);
      try {
        loader.close(); // the command's result is out; an error closing its jars changes nothing
      } catch (IOException e) {
        // nothing to report to the user
      }
    }
  }

  /**
   * Runs a command in this process with this class's loader (used through {@link #CLASS_PATH_PROPERTY});
   * returns the exit status.
   */
  public static int runHere(List<String> args, PrintStream out, PrintStream err) {
    return Cli.run(args, Path.of("").toAbsolutePath(), out, err, null);
  }

  /** Sends the command to the server at {@code socket}; null if no server answers there. */
  static Integer viaServer(Path socket, Path cwd, List<String> args, PrintStream out, PrintStream err) {
    if (!Files.exists(socket)) {
      return null;
    }
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return null; // a socket file left by a server that is gone
    }
    try (ch) {
      DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(ch)));
      o.writeInt(PROTOCOL);
      o.writeUTF(cwd.toString());
      o.writeInt(args.size());
      for (String s : args) {
        o.writeUTF(s);
      }
      o.flush();
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(ch)));
      int status = in.readInt();
      if (status == WRONG_PROTOCOL) {
        return null; // a server of another version: run here
      }
      out.write(in.readNBytes(in.readInt()));
      err.write(in.readNBytes(in.readInt()));
      out.flush();
      err.flush();
      return status;
    } catch (IOException e) {
      err.println("datamgmt: the server at " + socket + " broke off (" + e + "); the command may or may not have"
          + " run: check with 'datamgmt log'");
      return 1;
    }
  }
}
