package dev.datamgmt.storage.testing;

import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.testing.S3Server;
import dev.datamgmt.testing.S3ServerExtension;
import dev.datamgmt.testing.S3TestServer;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives datamgmt-storage's tests a real S3-compatible server on loopback
 * ({@link S3Server}, from datamgmt-testing) and ready {@link S3BlobStore}s on it. One server
 * is started for the whole test run (on first use) and stopped when the run ends; every
 * {@link #newStore()} lives under a fresh prefix, so tests stay independent.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension static final S3Stores S3 = new S3Stores();
 *
 *   @Test void roundTrip() throws Exception {
 *     try (BlobStore store = S3.newStore()) { ... }
 *   }
 * }
 * }</pre>
 */
public final class S3Stores implements BeforeAllCallback {
  private final S3ServerExtension shared = new S3ServerExtension();

  /** Creates the extension; register it with {@code @RegisterExtension} on a static field. */
  public S3Stores() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    shared.beforeAll(context); // the run-wide server of datamgmt-testing, shared with its own extension
  }

  /** The running server. */
  public S3Server server() {
    return shared.server();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return server().endpoint();
  }

  /** The access key id the server accepts. */
  public String accessKey() {
    return server().accessKey();
  }

  /** The secret key the server accepts. */
  public String secretKey() {
    return server().secretKey();
  }

  /** The bucket. */
  public String bucket() {
    return server().bucket();
  }

  /** A store builder pointed at the server under a fresh prefix. */
  public S3BlobStore.Builder storeBuilder() {
    return builderFor(server());
  }

  /**
   * A builder pointed at {@code s3} (endpoint, path style, credentials, bucket) under a fresh random prefix,
   * so that every store it builds starts empty.
   */
  public static S3BlobStore.Builder builderFor(S3TestServer s3) {
    return S3BlobStore.builder()
        .setBucket(s3.bucket())
        .optPrefix(s3.newPrefix())
        .optEndpoint(s3.endpoint())
        .optPathStyle(true)
        .optCredentials(s3.accessKey(), s3.secretKey());
  }

  /** A new, empty store on the server. */
  public S3BlobStore newStore() {
    return storeBuilder().build();
  }
}
