package dev.datamgmt.spark;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.s3.S3BlobStore;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a repository lives, as a small serializable value that Spark ships to executors: each executor opens the
 * repository from it (once per JVM) instead of receiving a live {@link Repository}. A local or shared folder, or an
 * S3 prefix (credentials from the executor's default AWS chain: instance profile, environment, web identity).
 *
 * <pre>{@code
 * RepositorySource src = RepositorySource.folder("/data/repo");
 * RepositorySource s3 = RepositorySource.s3("bucket", "datasets/cats/", null, "eu-west-1");
 * }</pre>
 *
 * <p>Spark's own Parquet reader reads manifests and shards through {@link #uri(String)}: {@code file:} URIs for a
 * folder, {@code s3a://} for S3 (the cluster needs {@code hadoop-aws}, as for any S3 data in Spark). Refs kept in
 * a database ({@code JdbcRefStore}) are not supported by this class yet.
 */
public final class RepositorySource implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ConcurrentHashMap<RepositorySource, Repository> OPEN = new ConcurrentHashMap<>();

  private final String folder;
  private final String bucket;
  private final String prefix;
  private final String endpoint;
  private final String region;

  private RepositorySource(String folder, String bucket, String prefix, String endpoint, String region) {
    this.folder = folder;
    this.bucket = bucket;
    this.prefix = prefix;
    this.endpoint = endpoint;
    this.region = region;
  }

  /**
   * A repository in a folder every executor sees at the same path (local mode, NFS, a mounted volume).
   *
   * @throws IllegalArgumentException if {@code path} is blank
   */
  public static RepositorySource folder(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("folder must be a non-blank path: " + path);
    }
    return new RepositorySource(Path.of(path).toAbsolutePath().normalize().toString(), null, null, null, null);
  }

  /** A repository in a folder (see {@link #folder(String)}). */
  public static RepositorySource folder(Path path) {
    return folder(path.toString());
  }

  /**
   * A repository under an S3 prefix.
   *
   * @param bucket the bucket (required)
   * @param prefix the key prefix ending in {@code /}, or empty
   * @param endpoint a custom endpoint (MinIO, a test server), or null for AWS
   * @param region the region, or null for the SDK's default
   */
  public static RepositorySource s3(String bucket, String prefix, String endpoint, String region) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must be non-blank: " + bucket);
    }
    return new RepositorySource(null, bucket, prefix == null ? "" : prefix, endpoint, region);
  }

  /** Opens the blob store (the caller closes it). */
  public BlobStore openStore() throws DataException {
    if (folder != null) {
      return FileSystemBlobStore.builder().setRoot(Path.of(folder)).build();
    }
    S3BlobStore.Builder b = S3BlobStore.builder().setBucket(bucket).optPrefix(prefix);
    if (endpoint != null) {
      b.optEndpoint(URI.create(endpoint)).optPathStyle(true);
    }
    if (region != null) {
      b.optRegion(region);
    }
    return b.build();
  }

  /**
   * The repository, opened once per JVM and kept open (executors reuse it across tasks: its pack indexes and
   * caches are per repository). Uses the system clock; commits with a chosen clock use {@link #open(Clock)}.
   */
  public Repository repository() throws DataException {
    Repository r = OPEN.get(this);
    if (r != null) {
      return r;
    }
    synchronized (OPEN) {
      r = OPEN.get(this);
      if (r == null) {
        r = Repository.open(openStore());
        OPEN.put(this, r);
      }
      return r;
    }
  }

  /** Opens the repository with {@code clock} for commit times (a new instance; for the driver's one commit). */
  public Repository open(Clock clock) throws DataException {
    return Repository.open(openStore(), Objects.requireNonNull(clock, "clock"));
  }

  /** The Hadoop file-system URI of a key of this repository, for Spark's readers. */
  public String uri(String key) {
    if (folder != null) {
      return Path.of(folder).resolve(key).toUri().toString();
    }
    return "s3a://" + bucket + "/" + prefix + key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepositorySource s && Objects.equals(folder, s.folder) && Objects.equals(bucket, s.bucket)
        && Objects.equals(prefix, s.prefix) && Objects.equals(endpoint, s.endpoint)
        && Objects.equals(region, s.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(folder, bucket, prefix, endpoint, region);
  }

  @Override
  public String toString() {
    return folder != null ? "folder " + folder : "s3://" + bucket + "/" + prefix;
  }
}
