package dev.datamgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CliTest extends CliFixture {
  private Result remote(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer status = Datamgmt.viaServer(socket, tmp, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as("a server answered").isNotNull();
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void inProcess_initCommitLogDiffFsck() throws Exception {
    assertThat(local("init", "repo").status()).isZero();
    Result c = local("commit", "repo", "data", "-m", "first");
    assertThat(c.status()).as(c.err()).isZero();
    assertThat(c.out()).contains("] first").contains("20 records; 20 files hashed");
    Files.writeString(tmp.resolve("data/c0/f0.txt"), "changed");
    Files.writeString(tmp.resolve("data/c1/new.txt"), "new");
    assertThat(local("commit", "file:repo", "data", "-m", "second").out()).contains("21 records; 2 files hashed");

    assertThat(local("log", "repo", "--oneline").out()).matches("(?s)[0-9a-f]{12} second\n[0-9a-f]{12} first\n");
    assertThat(local("log", "repo", "main~", "-n", "1").out()).contains("Records: 20").contains("    first")
        .doesNotContain("second");
    assertThat(local("diff", "repo", "main~", "main").out())
        .isEqualTo("A\tc1/new.txt\nM\tc0/f0.txt\n1 added, 0 removed, 1 changed (0 label changes)\n");
    assertThat(local("diff", "repo", "main~", "main", "--stat").out()).startsWith("1 added");
    Result f = local("fsck", "repo");
    assertThat(f.status()).isZero();
    assertThat(f.out()).contains("2 commits").contains("clean");
  }

  @Test
  void anS3Store_throughTheSdksDefaultChains() throws Exception {
    try (dev.datamgmt.testing.S3Server s3 = dev.datamgmt.testing.S3Server.start()) {
      System.setProperty("datamgmt.s3.endpoint", s3.endpoint().toString());
      System.setProperty("aws.accessKeyId", s3.accessKey());
      System.setProperty("aws.secretAccessKey", s3.secretKey());
      System.setProperty("aws.region", "us-east-1");
      String store = "s3://" + s3.bucket() + "/cli/repo";
      assertThat(local("init", store).out()).contains(s3.bucket());
      assertThat(local("commit", store, "data", "-m", "to s3").out()).contains("20 records; 20 files hashed");
      assertThat(local("log", store, "--oneline").out()).endsWith(" to s3\n");
      assertThat(local("fsck", store).out()).contains("clean");
      assertThat(local("log", "s3://" + s3.bucket() + "/elsewhere").err()).contains("not a datamgmt repository");
    } finally {
      for (String p : List.of("datamgmt.s3.endpoint", "aws.accessKeyId", "aws.secretAccessKey", "aws.region")) {
        System.clearProperty(p);
      }
    }
  }

  @Test
  void aLeanClient_runsCommandsFromTheClassPathItIsGiven() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    String repo = tmp.resolve("lean").toString();
    try {
      System.setProperty(Datamgmt.CLASS_PATH_PROPERTY, System.getProperty("java.class.path"));
      assertThat(Datamgmt.run(new String[] {"--no-server", "init", repo}, o, e)).as(err.toString()).isZero();
      assertThat(Datamgmt.run(new String[] {"--no-server", "commit", repo, tmp.resolve("data").toString(), "-m", "lean"},
          o, e)).as(err.toString()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("initialized repository").contains("] lean");

      System.setProperty(Datamgmt.CLASS_PATH_PROPERTY, tmp.resolve("nothing-here.jar").toString());
      assertThat(Datamgmt.run(new String[] {"--no-server", "log", repo}, o, e)).isEqualTo(Cli.FAILED);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected the library and its dependencies on")
          .contains("nothing-here.jar");
    } finally {
      System.clearProperty(Datamgmt.CLASS_PATH_PROPERTY);
    }
    assertThat(local("log", repo, "--oneline").out()).endsWith(" lean\n");
  }

  @Test
  void theLauncher_isPrintedFromTheLibrary_asItIsInTheSourceTree() throws Exception {
    Result r = local("launcher");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(LauncherScriptTest.SCRIPT)).startsWith("#!/usr/bin/env bash\n");
    assertThat(local("launcher", "extra").status()).isEqualTo(Cli.USAGE);
  }

  @Test
  void countsAreSingularForOne() throws Exception {
    assertThat(Cli.count(1, "file")).isEqualTo("1 file");
    assertThat(Cli.count(0, "file")).isEqualTo("0 files");
    assertThat(Cli.count(2, "ref entry")).isEqualTo("2 ref entries");
    assertThat(Cli.count(1, "ref entry")).isEqualTo("1 ref entry");
    Files.writeString(Files.createDirectories(tmp.resolve("single/c0")).resolve("only.txt"), "single");
    assertThat(local("init", "one").status()).isZero();
    Result one = local("commit", "one", "single", "-m", "one file");
    assertThat(one.status()).as(one.err()).isZero();
    assertThat(one.out()).contains(" 1 record; 1 file hashed (6 bytes), 0 from cache; ");
    assertThat(local("fsck", "one").out()).contains("1 commit, 1 manifest, 1 blob (");
  }

  @Test
  void badUsage_andBadRepositories_giveClearErrors() throws Exception {
    Result r = local("commit", "repo", "data");
    assertThat(r.status()).isEqualTo(Cli.USAGE);
    assertThat(r.err()).contains("commit needs a message: -m <message>");
    assertThat(local("frobnicate").err()).contains("unknown command 'frobnicate'");
    assertThat(local("log", "repo", "-m", "x").err()).contains("option -m does not apply");
    assertThat(local("log", "repo", "--verbose").err()).contains("unknown option --verbose");
    assertThat(local("log", "repo", "-n", "many").err()).contains("expected a whole number >= 0, found 'many'");
    assertThat(local("diff", "repo", "main").err()).contains("expected 3 argument(s), found 2");
    assertThat(local("log", "s3://").err()).contains("expected s3://bucket[/prefix]");
    assertThat(local().status()).isEqualTo(Cli.USAGE);

    Result missing = local("log", "nowhere");
    assertThat(missing.status()).isEqualTo(Cli.FAILED);
    assertThat(missing.err()).contains("not a datamgmt repository").contains("nowhere");
    local("init", "repo");
    assertThat(local("log", "repo", "nobranch").err()).contains("nobranch");
    Result bad = local("commit", "repo", "missing-dir", "-m", "x");
    assertThat(bad.status()).isEqualTo(Cli.FAILED);
    assertThat(bad.err()).contains("missing-dir");
    assertThat(local("status").err()).contains("no server is running");
  }

  @Test
  void throughTheServer_commandsPrintWhatTheyPrintInProcess_andReCommitsUseTheWatch() throws Exception {
    server = CliServer.start(socket, Duration.ofMinutes(5));
    assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(remote("init", "repo").status()).isZero();
    assertThat(remote("commit", "repo", "data", "-m", "first").out()).contains("20 files hashed");
    Files.writeString(tmp.resolve("data/c0/f4.txt"), "changed through the server");
    Result second = remote("commit", "repo", "data", "-m", "second");
    assertThat(second.out()).contains("20 records; 1 file hashed").contains("19 from cache");

    for (String[] cmd : List.of(new String[] {"log", "repo"}, new String[] {"diff", "repo", "main~", "main"},
        new String[] {"fsck", "repo"}, new String[] {"log", "nowhere"}, new String[] {"diff", "repo"})) {
      assertThat(remote(cmd)).as(String.join(" ", cmd)).isEqualTo(local(cmd));
    }
    String status = remote("status").out();
    assertThat(status).contains("store " + tmp.resolve("repo"))
        .contains("watch " + tmp.resolve("data") + ": 1 full walks, 1 incremental scans");
    assertThat(remote("serve").err()).contains("already running");

    assertThatThrownBy(() -> CliServer.start(socket, Duration.ofMinutes(1))).isInstanceOf(StorageException.class)
        .hasMessageContaining("already running");
    assertThat(remote("stop").out()).contains("stopping");
    server.awaitStop();
    assertThat(Files.exists(socket)).isFalse();
    assertThat(Datamgmt.viaServer(socket, tmp, List.of("status"), System.out, System.err)).isNull();
  }

  @Test
  void theWarmUp_runsTheCommandsInTheBackground_andLeavesNothingBehind() throws Exception {
    Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
    long before;
    try (java.util.stream.Stream<Path> s = Files.list(tmpdir)) {
      before = s.filter(p -> p.getFileName().toString().startsWith("datamgmt-warm-up")).count();
    }
    server = CliServer.start(socket, Duration.ofMinutes(5), true);
    assertThat(remote("status").out()).containsPattern("warm-up (running|done)");
    long deadline = System.nanoTime() + 50_000_000_000L;
    while (server.warmUpState().equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.warmUpState()).startsWith("done in ");
    assertThat(remote("status").out()).contains("warm-up done in ").doesNotContain("store ").doesNotContain("watch ");
    try (java.util.stream.Stream<Path> s = Files.list(tmpdir)) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("datamgmt-warm-up")).count()).isEqualTo(before);
    }
  }

  @Test
  void aSocketLeftByAKilledServer_isReplaced_andAnOpenFolderIsRefused() throws Exception {
    Files.createDirectories(socket.getParent());
    Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket)); // closed below without removing its file, as kill -9 leaves it
    }
    assertThat(Files.exists(socket)).isTrue();
    assertThat(Datamgmt.viaServer(socket, tmp, List.of("status"), System.out, System.err)).isNull();
    server = CliServer.start(socket, Duration.ofMinutes(1));
    assertThat(remote("status").out()).contains("server pid");
    server.close();

    Path open = tmp.resolve("open/server.sock");
    Files.createDirectories(open.getParent());
    Files.setPosixFilePermissions(open.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> CliServer.start(open, Duration.ofMinutes(1))).isInstanceOf(StorageException.class)
        .hasMessageContaining("rwx------").hasMessageContaining("rwxrwxrwx");
  }

  @Test
  void aClientThatConnectsAndStalls_isDropped_andTheServerStillGoesIdle() throws Exception {
    CliServer.requestDeadline = Duration.ofMillis(200); // restored by the fixture
    server = CliServer.start(socket, Duration.ofMillis(600));
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      new DataOutputStream(Channels.newOutputStream(ch)).writeInt(Datamgmt.PROTOCOL); // then nothing
      assertThat(Channels.newInputStream(ch).read()).as("the server closed the connection").isEqualTo(-1);
      assertThat(remote("status").status()).isZero(); // other clients are served meanwhile
      server.awaitStop(); // while the stalled client is still connected
    }
    assertThat(Files.exists(socket)).isFalse();
  }

  @Test
  void aClientOfAnotherProtocol_isTurnedAway_andAnIdleServerStops() throws Exception {
    server = CliServer.start(socket, Duration.ofMillis(300));
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      DataOutputStream o = new DataOutputStream(Channels.newOutputStream(ch));
      o.writeInt(Datamgmt.PROTOCOL + 1);
      o.flush();
      assertThat(new DataInputStream(Channels.newInputStream(ch)).readInt()).isEqualTo(Datamgmt.WRONG_PROTOCOL);
    }
    server.awaitStop();
    assertThat(Files.exists(socket)).isFalse();
  }
}
