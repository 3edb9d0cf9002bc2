package dev.datamgmt.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A real S3-compatible server (S3Proxy with its filesystem backend) on {@code 127.0.0.1} and a free port, with
 * fresh random credentials and one bucket. It speaks the real protocol over HTTP (SigV4, multipart, ranges,
 * conditional PUT), so what passes here talks to S3 the same way. Used by the tests of every datamgmt module
 * that talks to S3 and by the benchmarks; close it to stop the server and delete its data.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start()) {
 *   S3BlobStore store = S3BlobStore.builder().setBucket(s3.bucket()).optEndpoint(s3.endpoint())
 *       .optPathStyle(true).optCredentials(s3.accessKey(), s3.secretKey()).build();
 * }
 * }</pre>
 */
public final class S3Server implements S3TestServer {
  private final S3Proxy proxy;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String bucket = "datamgmt-test";
  private final S3AsyncClient client;
  private final AtomicBoolean closed = new AtomicBoolean();

  private S3Server(Path dataDir, boolean ownsDataDir) throws Exception {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    SecureRandom rnd = new SecureRandom();
    this.accessKey = "AK" + HexFormat.of().formatHex(rnd.generateSeed(8)).toUpperCase(java.util.Locale.ROOT);
    this.secretKey = HexFormat.of().formatHex(rnd.generateSeed(20));
    this.proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dataDir.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        // The SDK sends headers (checksums, conditional-write headers) S3Proxy does not know; without this
        // it rejects multipart uploads.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(5);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.client = S3AsyncClient.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
    client.createBucket(b -> b.bucket(bucket)).join();
  }

  /**
   * Starts a server whose data lives in a new temporary folder, deleted on {@link #close()}.
   *
   * @return the running server, with its bucket created
   * @throws Exception if S3Proxy does not start
   */
  public static S3Server start() throws Exception {
    return new S3Server(Files.createTempDirectory("datamgmt-s3proxy-"), true);
  }

  /**
   * Starts a server whose data lives in {@code dataDir} (kept on close), e.g. on the disk a benchmark measures.
   *
   * @param dataDir the folder for the server's objects, created if absent
   * @return the running server, with its bucket created
   * @throws Exception if S3Proxy does not start
   */
  public static S3Server start(Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    return new S3Server(dataDir, false);
  }

  /**
   * The server's address.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  @Override
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The server's port.
   *
   * @return the loopback port
   */
  public int port() {
    return endpoint.getPort();
  }

  /**
   * The access key id the server accepts.
   *
   * @return the access key id
   */
  @Override
  public String accessKey() {
    return accessKey;
  }

  /**
   * The secret key the server accepts.
   *
   * @return the secret access key
   */
  @Override
  public String secretKey() {
    return secretKey;
  }

  /**
   * The bucket created at start.
   *
   * @return the bucket name
   */
  @Override
  public String bucket() {
    return bucket;
  }

  /**
   * Where the server keeps its objects: {@code <dataDir>/<bucket>/<key>}.
   *
   * @return the data folder
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * A plain SDK client for this server (closed with the server), for setup and for checking from outside.
   *
   * @return the client
   */
  @Override
  public S3AsyncClient client() {
    return client;
  }

  /** Stops the server and, if it made its data folder, deletes it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy on " + endpoint, e);
    } finally {
      if (ownsDataDir) {
        S3TestServer.deleteTree(dataDir);
      }
    }
  }

  @Override
  public String toString() {
    return "S3Server{" + endpoint + ", bucket=" + bucket + "}";
  }
}
