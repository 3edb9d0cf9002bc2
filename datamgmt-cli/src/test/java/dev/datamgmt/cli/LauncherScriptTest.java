package dev.datamgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shell launcher ({@code src/main/sh/datamgmt}) run with bash as a user runs it: as a client of a real
 * {@link CliServer} over its loopback port, and running the Java command line when there is no server to use.
 */
@Timeout(120)
class LauncherScriptTest extends CliFixture {
  static final Path SCRIPT = Path.of("src/main/sh/datamgmt").toAbsolutePath();

  /** The script, in {@code tmp}, with the test's class path as DATAMGMT_CLASSPATH unless {@code env} says else. */
  private Result script(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().put("DATAMGMT_SOCKET", socket.toString());
    pb.environment().put("DATAMGMT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("LANG", "C.UTF-8");
    pb.environment().putAll(env);
    env.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      }
    });
    Path out = tmp.resolve("script.out");
    Path err = tmp.resolve("script.err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int status = p.waitFor();
    return new Result(status, Files.readString(out), Files.readString(err));
  }

  private Result script(String... args) throws Exception {
    return script(Map.of(), args);
  }

  private long served() throws Exception {
    Matcher m = Pattern.compile("(\\d+) requests served").matcher(server.status());
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void throughTheServer_theScriptPrintsWhatTheJavaCommandLinePrints() throws Exception {
    server = CliServer.start(socket, Duration.ofMinutes(5));
    Path portFile = CliServer.portFile(socket);
    assertThat(Files.getPosixFilePermissions(portFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    assertThat(script("init", "repo").out()).contains("initialized repository");
    Path loop = Files.createSymbolicLink(tmp.resolve("data/c0/loop.txt"), tmp.resolve("data/c0/loop.txt"));
    Result first = script("commit", "repo", "data", "-m", "première: ünïcode", "--skip-bad");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("] première: ünïcode").contains("20 records");
    assertThat(first.err()).startsWith("skipped ").contains("loop.txt"); // stderr and stdout apart
    Files.delete(loop);
    Files.writeString(tmp.resolve("data/c1/f3.txt"), "changed");
    assertThat(script("commit", "repo", "data", "-m", "second").out()).contains("1 file hashed");
    long before = served();

    for (String[] cmd : List.of(new String[] {"log", "repo"}, new String[] {"log", "repo", "--oneline"},
        new String[] {"diff", "repo", "main~", "main"}, new String[] {"fsck", "repo"},
        new String[] {"log", "nowhere"}, new String[] {"diff", "repo"}, new String[] {"frobnicate"},
        new String[] {"log", "repo", "nobranch"})) {
      Result viaScript = script(cmd);
      Result inProcess = local(cmd);
      assertThat(viaScript).as(String.join(" ", cmd)).isEqualTo(inProcess);
    }
    assertThat(local("diff", "repo").status()).isEqualTo(Cli.USAGE);
    assertThat(local("log", "nowhere").status()).isEqualTo(Cli.FAILED);
    assertThat(served()).as("every command ran in the server").isEqualTo(before + 8);

    // a relative socket path and a working directory reached through a link give the same answers
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("data"));
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "cd " + link + " && bash " + SCRIPT + " log ../repo --oneline")
        .directory(tmp.toFile());
    pb.environment().put("DATAMGMT_SOCKET", "../sock/server.sock");
    pb.environment().remove("DATAMGMT_CLASSPATH");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo(local("log", "repo", "--oneline").out());

    assertThat(script("stop").out()).contains("server stopping");
    server.awaitStop();
    assertThat(portFile).doesNotExist();
  }

  @Test
  void withoutAServer_theScriptRunsJava_orSaysWhatItNeeds() throws Exception {
    Result init = script("init", "repo");
    assertThat(init.status()).as(init.err()).isZero();
    assertThat(init.out()).startsWith("initialized repository in ").contains("repo");
    assertThat(script("commit", "repo", "data", "-m", "no server").out()).contains("20 files hashed");
    assertThat(script("log", "repo", "--oneline")).isEqualTo(local("log", "repo", "--oneline"));
    assertThat(script("status").err()).contains("no server is running");
    assertThat(script("log", "repo", "-n", "many").status()).isEqualTo(Cli.USAGE);

    Result lean = script(Map.of("DATAMGMT_CLIENT_CLASSPATH", tmp.resolve("nothing-here.jar").toString()), "log", "repo");
    assertThat(lean.status()).isEqualTo(1); // the JVM cannot find the client: it says so, and fails
    assertThat(lean.err()).contains("dev.datamgmt.cli.Datamgmt");

    Result unset = script(Map.of("DATAMGMT_CLASSPATH", ""), "log", "repo");
    assertThat(unset.status()).isEqualTo(Cli.USAGE);
    assertThat(unset.err()).contains("no server is running and DATAMGMT_CLASSPATH is not set");
  }

  @Test
  void aStalePortFile_orAWrongToken_fallsBackToTheJavaClient() throws Exception {
    server = CliServer.start(socket, Duration.ofMinutes(5));
    Path portFile = CliServer.portFile(socket);
    String[] fields = Files.readString(portFile).trim().split(" ");
    assertThat(fields).hasSize(5);
    assertThat(fields[0]).isEqualTo("1");
    assertThat(Long.parseLong(fields[3])).isEqualTo(ProcessHandle.current().pid());

    // a wrong token: the shell port refuses and runs nothing; the script starts the Java client, which reaches
    // the server through its socket: the command runs exactly once
    Files.writeString(portFile, String.join(" ", fields[0], fields[1], fields[2], fields[3], "0".repeat(32)) + "\n");
    long before = served();
    Result viaJava = script("init", "repo");
    assertThat(viaJava.status()).as(viaJava.err()).isZero();
    assertThat(viaJava.out()).startsWith("initialized repository");
    assertThat(served()).isEqualTo(before + 1);
    before = served();

    // the pid of a process that is gone: no connection at all
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(portFile, String.join(" ", fields[0], fields[1], fields[2], Long.toString(gone.pid()), fields[4]));
    Result noServer = script(Map.of("DATAMGMT_CLASSPATH", ""), "log", "repo");
    assertThat(noServer.status()).isEqualTo(Cli.USAGE);
    assertThat(noServer.err()).contains("no server is running");
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void theShellPort_refusesWrongTokensAndMalformedRequests() throws Exception {
    CliServer.requestDeadline = Duration.ofSeconds(3); // restored by the fixture
    server = CliServer.start(socket, Duration.ofMinutes(5));
    String[] fields = Files.readString(CliServer.portFile(socket)).trim().split(" ");
    int port = Integer.parseInt(fields[2]);
    String token = fields[4];

    assertThat(raw(port, "datamgmt-sh-1\0" + "f".repeat(32) + "\0" + tmp + "\0" + "2\0init\0repo\0"))
        .isEqualTo("-2 0\n");
    assertThat(raw(port, "datamgmt-sh-9\0" + token + "\0")).isEqualTo("-1 0\n");
    assertThat(raw(port, "datamgmt-sh-1\0" + token + "\0" + tmp + "\0" + "many\0init\0repo\0")).isEmpty();
    assertThat(raw(port, "datamgmt-sh-1\0" + token + "\0" + tmp + "\0" + "3\0init\0repo\0")).isEmpty(); // short
    assertThat(raw(port, "datamgmt-sh-1\0" + token + "\0" + "x".repeat(CliServer.SHELL_REQUEST_LIMIT))).isEmpty();
    // a relative working directory would be the server's own: refused
    assertThat(raw(port, "datamgmt-sh-1\0" + token + "\0" + "target/relative-cwd\0" + "2\0init\0repo\0")).isEmpty();
    assertThat(Path.of("target/relative-cwd")).doesNotExist();
    assertThat(Files.exists(tmp.resolve("repo"))).as("no refused request ran").isFalse();

    String ok = raw(port, "datamgmt-sh-1\0" + token + "\0" + tmp + "\0" + "2\0init\0repo\0");
    assertThat(ok).startsWith("0 0\n").contains("initialized repository");
    String failed = raw(port, "datamgmt-sh-1\0" + token + "\0" + tmp + "\0" + "2\0log\0nowhere\0");
    Matcher m = Pattern.compile("(?s)1 (\\d+)\n(.*)").matcher(failed);
    assertThat(m.matches()).as(failed).isTrue();
    assertThat(m.group(2).getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(m.group(1)));
    assertThat(m.group(2)).contains("not a datamgmt repository");

    // connections that send nothing hold at most SHELL_PENDING_LIMIT threads: one more is closed at once,
    // (well before the request deadline), and once the stalled ones are gone the port serves again
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < CliServer.SHELL_PENDING_LIMIT; i++) {
        stalled.add(new Socket(InetAddress.getLoopbackAddress(), port));
      }
      try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), port)) {
        extra.setSoTimeout(1500);
        assertThat(extra.getInputStream().read()).as("closed without waiting for the deadline").isEqualTo(-1);
      }
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    String status = "";
    for (long end = System.nanoTime() + 10_000_000_000L; !status.startsWith("0 ") && System.nanoTime() < end; ) {
      Thread.sleep(50);
      status = raw(port, "datamgmt-sh-1\0" + token + "\0" + tmp + "\0" + "1\0status\0");
    }
    assertThat(status).startsWith("0 0\n").contains("server pid");
  }

  /** Sends {@code request} to the shell port, half-closes, and returns the whole answer. */
  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream o = s.getOutputStream();
      try {
        o.write(request.getBytes(StandardCharsets.UTF_8));
        o.flush();
        s.shutdownOutput();
      } catch (java.io.IOException e) {
        // the server closed on an over-long request while it was being sent: its answer (none) is below
      }
      try (InputStream in = s.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.net.SocketException e) {
        return ""; // reset: closed without an answer
      }
    }
  }
}
