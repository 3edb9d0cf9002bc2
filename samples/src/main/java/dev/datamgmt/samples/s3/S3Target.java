package dev.datamgmt.samples.s3;

import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.testing.S3Server;
import java.net.URI;
import java.util.Map;

/**
 * Where the S3 samples keep their repository: the bucket named by the environment, or, when none is named, an
 * S3-compatible server started in this process for the demo (datamgmt-testing's {@link S3Server}: S3Proxy on
 * loopback, its data in a temporary folder deleted on {@link #close()}).
 *
 * <p>Environment variables: {@value #BUCKET} (set it to use your S3), optional {@value #PREFIX} (default
 * {@code datamgmt-samples/}), {@value #ENDPOINT} (an S3-compatible server such as MinIO; path-style addressing is
 * used with it), {@code AWS_REGION}, and {@code AWS_ACCESS_KEY_ID} with {@code AWS_SECRET_ACCESS_KEY}; without the
 * keys the AWS SDK's default credentials chain applies (profile, SSO, instance role).
 */
public final class S3Target implements AutoCloseable {
  /** The environment variable naming the bucket. */
  public static final String BUCKET = "DATAMGMT_S3_BUCKET";
  /** The environment variable with the key prefix inside the bucket. */
  public static final String PREFIX = "DATAMGMT_S3_PREFIX";
  /** The environment variable with an S3-compatible endpoint URL. */
  public static final String ENDPOINT = "DATAMGMT_S3_ENDPOINT";

  private final S3Server server;
  private final Map<String, String> env;

  private S3Target(S3Server server, Map<String, String> env) {
    this.server = server;
    this.env = env;
  }

  /**
   * The target named by {@code env}, or a server started now when {@value #BUCKET} is not set.
   *
   * @param env the environment ({@code System.getenv()} in a program)
   * @return the target; close it to stop a server it started
   * @throws Exception if the in-process server does not start
   */
  public static S3Target fromEnvironment(Map<String, String> env) throws Exception {
    return env.get(BUCKET) == null || env.get(BUCKET).isBlank() ? new S3Target(S3Server.start(), env)
        : new S3Target(null, env);
  }

  /**
   * Whether this target is a server started in this process.
   *
   * @return true for the in-process demo server
   */
  public boolean inProcess() {
    return server != null;
  }

  /**
   * A store builder for this target: bucket, prefix, endpoint and credentials set, ready for more {@code opt*}
   * settings.
   *
   * @return a new builder
   */
  public S3BlobStore.Builder storeBuilder() {
    if (server != null) {
      return S3BlobStore.builder().setBucket(server.bucket()).optPrefix("datamgmt-samples/")
          .optEndpoint(server.endpoint()).optPathStyle(true).optCredentials(server.accessKey(), server.secretKey());
    }
    // tour:storage-s3:start
    S3BlobStore.Builder s3 = S3BlobStore.builder()
        .setBucket(env.get("DATAMGMT_S3_BUCKET"))
        .optPrefix(env.getOrDefault("DATAMGMT_S3_PREFIX", "datamgmt-samples/"));
    if (env.get("DATAMGMT_S3_ENDPOINT") != null) {                  // MinIO, Ceph, S3Proxy...; omit for AWS
      s3.optEndpoint(URI.create(env.get("DATAMGMT_S3_ENDPOINT"))).optPathStyle(true);
    }
    if (env.get("AWS_REGION") != null) {
      s3.optRegion(env.get("AWS_REGION"));
    }
    if (env.get("AWS_ACCESS_KEY_ID") != null) {                     // else the SDK's default credentials chain
      s3.optCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"));
    }
    // tour:storage-s3:end
    return s3;
  }

  /**
   * Where the repository is, for printing.
   *
   * @return {@code s3://bucket/prefix} and the endpoint
   */
  public String describe() {
    return server != null ? "s3://" + server.bucket() + "/datamgmt-samples/ on an S3 server started in this process"
        + " (" + server.endpoint() + ")"
        : "s3://" + env.get(BUCKET) + "/" + env.getOrDefault(PREFIX, "datamgmt-samples/")
            + (env.get(ENDPOINT) == null ? "" : " at " + env.get(ENDPOINT));
  }

  /** Stops the in-process server (deleting its data); nothing for a bucket named by the environment. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
