package dev.datamgmt.storage.testing;

import dev.datamgmt.storage.s3.S3BlobStore;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a real S3-compatible server on loopback ({@link S3Server}). One server
 * is started for the whole test run (on first use) and stopped when the run ends; every
 * {@link #newStore()} lives under a fresh prefix, so tests stay independent.
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension static final S3ServerExtension S3 = new S3ServerExtension();
 *
 *   @Test void roundTrip() throws Exception {
 *     try (BlobStore store = S3.newStore()) { ... }
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

  /** The running server. */
  public S3Server server() {
    if (server == null) {
      throw new IllegalStateException("S3ServerExtension not started: register it with @RegisterExtension on a static field");
    }
    return server;
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
    return server().storeBuilder();
  }

  /** A new, empty store on the server. */
  public S3BlobStore newStore() {
    return server().newStore();
  }
}
