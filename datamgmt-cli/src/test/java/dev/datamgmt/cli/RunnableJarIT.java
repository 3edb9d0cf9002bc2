package dev.datamgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.testing.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar ({@code datamgmt-cli-<version>-all.jar}, built by the shade plugin in {@code package}) run as
 * a user runs it: {@code java -jar} in a fresh JVM, on a folder store and on an S3-compatible server, as the
 * shell launcher's class path, and as a server. Run by failsafe in {@code verify}, after the jar exists.
 */
@Timeout(300)
class RunnableJarIT {
  static final Path JAR = Path.of(System.getProperty("datamgmt.cli.jar", "target/datamgmt-cli-all.jar"));
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path tmp;
  Path socket;

  record Result(int status, String out, String err) {}

  @BeforeEach
  void data() throws IOException {
    assertThat(JAR).as("the runnable jar, built in package").isRegularFile();
    for (int i = 0; i < 10; i++) {
      Path dir = Files.createDirectories(tmp.resolve("data/c" + (i % 2)));
      Files.writeString(dir.resolve("f" + i + ".txt"), "file " + i);
    }
    Path sock = Files.createDirectories(tmp.resolve("sock"));
    Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rwx------"));
    socket = sock.resolve("server.sock"); // never the user's own server
  }

  private Result run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().put("DATAMGMT_SOCKET", socket.toString());
    pb.environment().remove("DATAMGMT_CLASSPATH");
    pb.environment().remove("DATAMGMT_S3_ENDPOINT");
    pb.environment().put("LANG", "C.UTF-8");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Result jar(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    Collections.addAll(cmd, args);
    return run(env, cmd);
  }

  private Result jar(String... args) throws Exception {
    return jar(Map.of(), args);
  }

  private static Result ok(Result r) {
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).as("nothing on stderr: no logging noise, no warnings").isEmpty();
    return r;
  }

  @Test
  void javaJar_help_version_andUsageErrors() throws Exception {
    assertThat(ok(jar("--help")).out()).startsWith("Usage: datamgmt [-hV] [--no-server] <command>")
        .contains("commit", "completion", "serve");
    assertThat(ok(jar("commit", "--help")).out()).startsWith("Usage: datamgmt commit");
    assertThat(ok(jar("-V")).out()).isEqualTo("datamgmt " + System.getProperty("datamgmt.cli.version") + "\n");
    Result bad = jar("frobnicate");
    assertThat(bad.status()).isEqualTo(Cli.USAGE);
    assertThat(bad.err()).startsWith("datamgmt: unknown command 'frobnicate'");
    assertThat(ok(jar("completion")).out()).contains("complete -F _complete_datamgmt");
  }

  @Test
  void javaJar_initCommitLogDiffFsckGc_onAFolder() throws Exception {
    assertThat(ok(jar("init", "repo")).out()).startsWith("initialized repository in file:").contains("repo");
    assertThat(ok(jar("commit", "repo", "data", "-m", "first")).out()).contains("] first\n")
        .contains(" 10 records; 10 files hashed");
    Files.writeString(tmp.resolve("data/c0/f0.txt"), "changed");
    assertThat(ok(jar("commit", "repo", "data", "-m", "second")).out()).contains("10 records; 1 file hashed");
    assertThat(ok(jar("log", "repo", "--oneline")).out()).matches("[0-9a-f]{12} second\n[0-9a-f]{12} first\n");
    assertThat(ok(jar("log", "repo", "-n", "1")).out()).contains("Records: 10").contains("    second");
    assertThat(ok(jar("diff", "repo", "main~", "main")).out())
        .isEqualTo("M\tc0/f0.txt\n0 added, 0 removed, 1 changed (0 label changes)\n");
    assertThat(ok(jar("fsck", "repo")).out()).contains("2 commits").endsWith("clean\n");
    assertThat(ok(jar("gc", "repo")).out()).startsWith("reachable: 2 commits");
    Result missing = jar("log", "nowhere");
    assertThat(missing.status()).isEqualTo(Cli.FAILED);
    assertThat(missing.err()).contains("not a datamgmt repository");
  }

  @Test
  void javaJar_onAnS3Store() throws Exception {
    try (S3Server s3 = S3Server.start()) {
      Map<String, String> env = Map.of("DATAMGMT_S3_ENDPOINT", s3.endpoint().toString(),
          "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "AWS_REGION", "us-east-1");
      String store = "s3://" + s3.bucket() + "/jar/repo";
      assertThat(ok(jar(env, "init", store)).out()).contains(s3.bucket());
      assertThat(ok(jar(env, "commit", store, "data", "-m", "to s3")).out()).contains("10 records");
      assertThat(ok(jar(env, "log", store, "--oneline")).out()).endsWith(" to s3\n");
      assertThat(ok(jar(env, "fsck", store)).out()).endsWith("clean\n");
    }
  }

  @Test
  void theJar_isTheLaunchersClassPath_andRunsTheServer() throws Exception {
    Path launcher = tmp.resolve("datamgmt");
    Files.writeString(launcher, ok(jar("launcher")).out());
    Map<String, String> env = new HashMap<>(Map.of("DATAMGMT_CLASSPATH", JAR.toString(),
        "JAVA_HOME", System.getProperty("java.home")));
    assertThat(ok(run(env, List.of("bash", launcher.toString(), "init", "repo"))).out())
        .startsWith("initialized repository");

    ProcessBuilder serve = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "serve", "--no-warm-up",
        "--idle-minutes", "5").directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("serve.log").toFile());
    serve.environment().put("DATAMGMT_SOCKET", socket.toString());
    Process server = serve.start();
    try {
      Path portFile = CliServer.portFile(socket);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(portFile) && System.nanoTime() < deadline && server.isAlive()) {
        Thread.sleep(50);
      }
      assertThat(portFile).as(Files.readString(tmp.resolve("serve.log"))).exists();
      env.remove("DATAMGMT_CLASSPATH"); // through the server the launcher needs no Java at all
      Result commit = ok(run(env, List.of("bash", launcher.toString(), "commit", "repo", "data", "-m", "via server")));
      assertThat(commit.out()).contains("] via server\n");
      assertThat(ok(run(env, List.of("bash", launcher.toString(), "status"))).out())
          .contains("1 requests served").contains("watch " + tmp.resolve("data").toRealPath());
      assertThat(ok(run(env, List.of("bash", launcher.toString(), "stop"))).out()).isEqualTo("server stopping\n");
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isZero();
      assertThat(Files.readString(tmp.resolve("serve.log"))).contains("datamgmt server listening on " + socket)
          .contains("datamgmt server stopped (stop requested)");
    } finally {
      server.destroy();
    }
  }

  @Test
  void theJar_hasNoSignatures_mergedServiceFiles_andTheLauncher() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names).noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
      assertThat(names).doesNotContain("module-info.class");
      assertThat(names).contains("dev/datamgmt/cli/datamgmt", "picocli/CommandLine.class", "simplelogger.properties");
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Datamgmt.class.getName());
      String slf4j = new String(jar.getInputStream(jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
          .readAllBytes(), StandardCharsets.UTF_8);
      assertThat(slf4j).contains("org.slf4j.simple.SimpleServiceProvider");
    }
  }
}
