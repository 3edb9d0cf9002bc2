package dev.datamgmt.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a running {@link S3rverServer} (s3rver, the Node S3 clone without
 * conditional writes). One server is started for the whole test run on first use and stopped when the run ends;
 * use {@link S3rverServer#newPrefix()} per test. Needs {@code node} and {@code npm} on the {@code PATH}.
 *
 * <pre>{@code
 * @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();
 * }</pre>
 */
public final class S3rverExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(S3rverExtension.class);

  private volatile S3rverServer server;

  /** Creates the extension; register it with {@code @RegisterExtension} on a static field. */
  public S3rverExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NS).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class).server;
  }

  /** Holds the run-wide server; JUnit closes stored AutoCloseables when the root context closes. */
  static final class Shared implements AutoCloseable {
    final S3rverServer server;

    Shared() {
      try {
        server = S3rverServer.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start s3rver on 127.0.0.1: " + e.getMessage(), e);
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
   * @throws IllegalStateException if the extension was not registered on a static field
   */
  public S3rverServer server() {
    if (server == null) {
      throw new IllegalStateException("S3rverExtension not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }
}
