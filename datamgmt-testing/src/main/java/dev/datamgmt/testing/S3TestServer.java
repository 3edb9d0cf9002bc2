package dev.datamgmt.testing;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What a test needs to know about a running S3-compatible server, whichever implementation it is ({@link
 * S3Server}: S3Proxy; {@link S3rverServer}: s3rver), so one contract suite can run over both.
 */
public interface S3TestServer extends AutoCloseable {
  /** {@code http://127.0.0.1:<port>}. */
  URI endpoint();

  /** The access key id the server accepts. */
  String accessKey();

  /** The secret key the server accepts. */
  String secretKey();

  /** The bucket created at start. */
  String bucket();

  /** A plain SDK client for this server (closed with the server), for setup and for checking from outside. */
  S3AsyncClient client();

  /**
   * A fresh random key prefix ({@code t-<uuid>/}), so every test starts with an empty key space.
   *
   * @return a new prefix ending in {@code /}
   */
  default String newPrefix() {
    return "t-" + java.util.UUID.randomUUID() + "/";
  }

  /**
   * Deletes a folder and everything in it (the servers' data folders on close).
   *
   * @param dir the folder; nothing happens if it does not exist
   * @throws java.io.UncheckedIOException if the folder cannot be walked
   */
  static void deleteTree(java.nio.file.Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Stops the server and deletes its data. Idempotent. */
  @Override
  void close();
}
