package dev.datamgmt.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A second, independent S3 implementation for tests: the Node S3 clone <a
 * href="https://github.com/jamhall/s3rver">s3rver</a> 3.7.1 on {@code 127.0.0.1} and a free port, with one bucket.
 * It is the kind of server met in the wild: it answers 200 to a {@code PUT} with {@code If-None-Match: *} on an
 * existing key (no conditional writes), and stores an {@code aws-chunked} body (the AWS SDK's default since 2.30)
 * with its framing instead of decoding it. Tests use it to show that datamgmt notices both and stays safe.
 *
 * <p>Needs {@code node} (18 or newer) and {@code npm} on the {@code PATH}. The first start installs s3rver from
 * the committed {@code package.json} and {@code package-lock.json} (exact versions, {@code npm ci}) into
 * {@code target/s3rver} under the working directory, or into the folder named by the system property {@code
 * datamgmt.s3rver.home}; later starts reuse it. Node runs with {@code --openssl-legacy-provider}: s3rver makes
 * its listing continuation tokens with DES, which OpenSSL 3 otherwise refuses (a 500 on every truncated listing). The server's credentials are s3rver's fixed ones ({@code
 * S3RVER}/{@code S3RVER}); the node process ends with {@link #close()} or when this JVM dies.
 *
 * <pre>{@code
 * try (S3rverServer s3 = S3rverServer.start()) {
 *   S3BlobStore store = S3BlobStore.builder().setBucket(s3.bucket()).optEndpoint(s3.endpoint())
 *       .optPathStyle(true).optCredentials(s3.accessKey(), s3.secretKey()).build();
 * }
 * }</pre>
 */
public final class S3rverServer implements S3TestServer {
  private static final String RESOURCES = "/dev/datamgmt/testing/s3rver/";
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "start.js");

  private final Process process;
  private final Path dataDir;
  private final URI endpoint;
  private final String bucket = "datamgmt-test";
  private final S3AsyncClient client;
  private final AtomicBoolean closed = new AtomicBoolean();

  private S3rverServer(Path home) throws IOException, InterruptedException {
    this.dataDir = Files.createTempDirectory("datamgmt-s3rver-");
    ProcessBuilder pb = new ProcessBuilder("node", "--openssl-legacy-provider", home.resolve("start.js").toString(), dataDir.toString(), bucket)
        .directory(home.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    this.process = pb.start();
    int port = awaitPort(process);
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.client = S3AsyncClient.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        // s3rver stores aws-chunked framing as the body: this client is for checking from outside, so no chunking
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
        .build();
  }

  /**
   * Installs s3rver if needed and starts it; its data lives in a new temporary folder deleted on {@link #close()}.
   *
   * @throws IllegalStateException if node or npm is missing, the install fails, or the server does not start,
   *     saying which
   */
  public static S3rverServer start() throws IOException, InterruptedException {
    String configured = System.getProperty("datamgmt.s3rver.home");
    Path home = configured != null ? Path.of(configured) : Path.of("target", "s3rver").toAbsolutePath();
    install(home);
    return new S3rverServer(home);
  }

  /** Copies the committed package files to {@code home} and runs {@code npm ci} unless that lock is installed. */
  static void install(Path home) throws IOException, InterruptedException {
    Files.createDirectories(home);
    try (FileChannel lockFile = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
      byte[] lock = resource("package-lock.json");
      Path installedMarker = home.resolve("node_modules").resolve(".datamgmt-installed-lock.json");
      for (String f : FILES) {
        Files.write(home.resolve(f), resource(f));
      }
      if (Files.exists(installedMarker) && Arrays.equals(Files.readAllBytes(installedMarker), lock)) {
        return;
      }
      List<String> cmd = new ArrayList<>(List.of("npm", "ci", "--omit=dev", "--no-audit", "--no-fund"));
      Process npm;
      try {
        npm = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot run npm to install s3rver into " + home
            + ": install Node.js 18+ and npm (Debian: apt-get install nodejs npm)", e);
      }
      npm.getOutputStream().close();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci of s3rver in " + home + " failed: " + out.strip());
      }
      Files.write(installedMarker, lock);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = S3rverServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name + " in datamgmt-testing");
      }
      return in.readAllBytes();
    }
  }

  private static int awaitPort(Process p) throws IOException, InterruptedException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("LISTENING ")) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("s3rver did not start: expected \"LISTENING <port>\" from node, found "
          + (line == null ? "end of output (exit " + p.exitValue() + "; see its standard error above)" : "\"" + line + "\""));
    }
    // keep draining stdout so node never blocks on a full pipe
    Thread drain = new Thread(() -> {
      try {
        while (r.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "s3rver-stdout");
    drain.setDaemon(true);
    drain.start();
    return Integer.parseInt(line.substring("LISTENING ".length()).trim());
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  /** s3rver's fixed access key id, {@code S3RVER}. */
  @Override
  public String accessKey() {
    return "S3RVER";
  }

  /** s3rver's fixed secret key, {@code S3RVER}. */
  @Override
  public String secretKey() {
    return "S3RVER";
  }

  @Override
  public String bucket() {
    return bucket;
  }

  /** A plain SDK client for this server (checksums only when required; closed with the server). */
  @Override
  public S3AsyncClient client() {
    return client;
  }

  /** Stops node and deletes the data folder. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.close();
    try {
      process.getOutputStream().close(); // start.js exits when its stdin closes
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    S3TestServer.deleteTree(dataDir);
  }

  @Override
  public String toString() {
    return "S3rverServer{" + endpoint + ", bucket=" + bucket + "}";
  }
}
