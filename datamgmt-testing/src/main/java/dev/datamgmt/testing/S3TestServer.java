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

  /** A fresh random key prefix ({@code t-<uuid>/}), so every test starts with an empty key space. */
  String newPrefix();

  /** Stops the server and deletes its data. Idempotent. */
  @Override
  void close();
}
