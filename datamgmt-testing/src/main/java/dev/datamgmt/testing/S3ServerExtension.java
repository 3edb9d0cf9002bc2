package dev.datamgmt.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a real S3-compatible server on loopback ({@link S3Server}). One server is
 * started for the whole test run (on first use) and stopped when the run ends; use {@link S3Server#newPrefix()}
 * per test so that tests stay independent.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension static final S3ServerExtension S3 = new S3ServerExtension();
 *
 *   @Test void roundTrip() throws Exception {
 *     S3Server s3 = S3.server();
 *     try (S3BlobStore store = S3BlobStore.builder().setBucket(s3.bucket()).optPrefix(s3.newPrefix())
 *         .optEndpoint(s3.endpoint()).optPathStyle(true).optCredentials(s3.accessKey(), s3.secretKey()).build()) {
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 */
public final class S3ServerExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(S3ServerExtension.class);

  private volatile S3Server server;

  /** Creates the extension; register it with {@code @RegisterExtension} on a static field. */
  public S3ServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NS).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class).server;
  }

  /** Holds the run-wide server; JUnit (5.13+) closes stored AutoCloseables when the root context closes. */
  static final class Shared implements AutoCloseable {
    final S3Server server;

    Shared() {
      try {
        server = S3Server.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start S3Proxy on 127.0.0.1", e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * The running server.
   *
   * @return the server started for this test class
   * @throws IllegalStateException if the extension was not registered on a static field
   */
  public S3Server server() {
    if (server == null) {
      throw new IllegalStateException("S3ServerExtension not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }
}
