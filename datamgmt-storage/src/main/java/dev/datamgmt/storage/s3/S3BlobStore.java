package dev.datamgmt.storage.s3;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobKeys;
import dev.datamgmt.core.blob.BlobPage;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.storage.internal.retry.Retrier;
import dev.datamgmt.storage.retry.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A {@link BlobStore} on Amazon S3 or any S3-compatible server, through the AWS SDK for Java v2 and its
 * Java-based (Netty) asynchronous client.
 *
 * <ul>
 *   <li>Objects larger than the multipart threshold are uploaded in parts, several at a time; large reads
 *       ({@link #get}, {@link #getToFile}, {@link #openStream}) fetch byte ranges in parallel, all pinned to
 *       one version with {@code If-Match}. Part-number reads are not used: not every server has them.
 *   <li>Before the first write, a probe ({@link #capabilities()}, once per process and prefix) checks that the
 *       server returns bodies byte for byte and refuses a second create-if-absent; a server that does not is
 *       refused for {@link #putIfAbsent} (and for all writes if bodies come back altered), never trusted silently.
 *   <li>{@link #putIfAbsent} is a PUT with {@code If-None-Match: *}, which S3 and the common compatible servers
 *       apply atomically; s3rver, for one, ignores it, and the probe says so.
 *   <li>Checksums: {@link Builder#optChecksumMode}; by default the SDK's aws-chunked uploads, falling back to plain
 *       bodies on servers that store the framing. A single PUT's ETag is compared with the MD5 of the bytes sent
 *       (unless server-side encryption makes ETags opaque).
 *   <li>{@link #get} and the other reads return what the server sends, checked for length but not for content:
 *       this store knows no hashes. {@code Repository} verifies every content-addressed read against its name.
 *   <li>Every request is retried under a {@link RetryPolicy} (throttling, 5xx, timeouts, dropped connections);
 *       the SDK's own retries are off, so the policy is the only one. A read that comes back short is retried,
 *       never returned.
 *   <li>Credentials never appear in {@link #toString()}, {@link #describe()}, logs or exception messages.
 * </ul>
 *
 * <pre>{@code
 * try (BlobStore s3 = S3BlobStore.builder()
 *     .setBucket("training-data")
 *     .optPrefix("datasets/cats/")
 *     .optEndpoint(URI.create("http://127.0.0.1:9000")).optPathStyle(true)
 *     .optCredentials(accessKey, secretKey)
 *     .build()) {
 *   s3.put("objects/x", bytes);
 * }
 * }</pre>
 */
public final class S3BlobStore implements BlobStore {
  private static final java.util.regex.Pattern MD5_HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]{32}");
  private static final Set<String> SSE_ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

  /** Probe results per endpoint, bucket, prefix and client configuration, for the life of the process. */
  private static final ConcurrentHashMap<String, S3Capabilities> PROBED = new ConcurrentHashMap<>();
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
  private static final int FILE_READ_BYTES = 256 << 10;

  // Replaced once, by a WHEN_REQUIRED client, if the probe finds the server stores aws-chunked framing.
  private volatile S3AsyncClient client;
  private final boolean ownsClient;
  private final List<S3AsyncClient> retiredClients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ClientSettings clientSettings;
  private final ChecksumMode checksumMode; // null: automatic
  private final String probeKey;
  private final Object probeLock = new Object();
  private volatile S3Capabilities capabilities;
  private final String bucket;
  private final String prefix;
  private final String endpointText;
  private final String regionText;
  private final String credentialsText;
  private final List<String> secrets;
  private final long multipartThreshold;
  private final int partSize;
  private final int partsInFlight;
  private final String sse;
  private final String sseKmsKeyId;
  private final ScheduledExecutorService scheduler;
  private final Retrier retrier;
  private final AtomicBoolean closed = new AtomicBoolean();

  private S3BlobStore(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.partsInFlight = b.partsInFlight;
    this.sse = b.sse;
    this.sseKmsKeyId = b.sseKmsKeyId;
    this.endpointText = b.client != null
        ? b.client.serviceClientConfiguration().endpointOverride().map(URI::toString).orElse("aws")
        : b.endpoint == null ? "aws" : b.endpoint.toString();
    this.regionText = b.region == null ? "default" : b.region;
    this.secrets = b.accessKeyId == null ? List.of() : List.of(b.secretAccessKey, b.accessKeyId);
    this.credentialsText = b.client != null ? "caller's client" : b.accessKeyId != null ? "static"
        : b.credentialsProvider != null ? "provider" : "default chain";
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "datamgmt-s3-retry");
      t.setDaemon(true);
      return t;
    });
    this.retrier = new Retrier(b.retryPolicy, S3Errors::isRetryable, scheduler);
    this.checksumMode = b.checksumMode;
    this.clientSettings = b.client != null ? null : new ClientSettings(b.maxConcurrency, b.requestTimeout, b.pathStyle,
        b.endpoint, b.region, b.accessKeyId, b.secretAccessKey, b.credentialsProvider);
    this.probeKey = String.join("|", endpointText, bucket, prefix, b.client != null
        ? "client@" + Integer.toHexString(System.identityHashCode(b.client)) : String.valueOf(b.checksumMode));
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
    } else {
      this.client = buildClient(clientSettings, b.checksumMode == null ? ChecksumMode.WHEN_SUPPORTED : b.checksumMode);
      this.ownsClient = true;
    }
  }

  /** The settings of a client this store builds itself, copied from the builder. */
  private record ClientSettings(int maxConcurrency, Duration requestTimeout, boolean pathStyle, URI endpoint,
      String region, String accessKeyId, String secretAccessKey, AwsCredentialsProvider credentialsProvider) {}

  private static S3AsyncClient buildClient(ClientSettings b, ChecksumMode mode) {
    {
      SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
          .maxConcurrency(b.maxConcurrency())
          .maxPendingConnectionAcquires(1_000_000)
          // Requests queue for a connection when more than maxConcurrency are in flight; that is normal here.
          .connectionAcquisitionTimeout(Duration.ofMinutes(10))
          .readTimeout(b.requestTimeout())
          .writeTimeout(b.requestTimeout())
          .connectionTimeout(Duration.ofSeconds(10))
          .build();
      S3AsyncClientBuilder cb = S3AsyncClient.builder()
          .httpClient(http)
          .forcePathStyle(b.pathStyle())
          .requestChecksumCalculation(mode == ChecksumMode.WHEN_REQUIRED
              ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
      if (b.endpoint() != null) {
        cb.endpointOverride(b.endpoint());
        if (b.pathStyle()) {
          cb.endpointProvider(new PathStyleEndpoints(b.endpoint())); // the rule set gives this URL; see the class
        }
      }
      if (b.region() != null) {
        cb.region(Region.of(b.region()));
      } else if (b.endpoint() != null) {
        cb.region(Region.US_EAST_1); // S3-compatible servers mostly ignore it, but signing needs one
      }
      if (b.accessKeyId() != null) {
        cb.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(b.accessKeyId(), b.secretAccessKey())));
      } else if (b.credentialsProvider() != null) {
        cb.credentialsProvider(b.credentialsProvider());
      } else {
        cb.credentialsProvider(DefaultCredentialsProvider.builder().build());
      }
      return cb.build();
    }
  }

  /** Starts a builder; {@link Builder#setBucket} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for an {@link S3BlobStore}. */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private URI endpoint;
    private boolean pathStyle;
    private String region;
    private String accessKeyId;
    private String secretAccessKey;
    private AwsCredentialsProvider credentialsProvider;
    private S3AsyncClient client;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxConcurrency = 64;
    private long multipartThreshold = 32L << 20;
    private int partSize = 16 << 20;
    private int partsInFlight = 4;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private String sse;
    private String sseKmsKeyId;
    private ChecksumMode checksumMode;
    // the settings (by method name) that configure a client this store builds itself: they conflict with optClient
    private final java.util.Set<String> ownClientSettings = new java.util.LinkedHashSet<>();

    private Builder() {}

    private void ownClientSetting(String name, boolean set) {
      if (set) {
        ownClientSettings.add(name);
      } else {
        ownClientSettings.remove(name);
      }
    }

    /** The bucket. Required. */
    public Builder setBucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** A key prefix under which this store lives, e.g. {@code "datasets/cats/"}; a missing trailing '/' is added. */
    public Builder optPrefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** The server's URL, for S3-compatible servers (MinIO, S3Proxy, Ceph...) and VPC endpoints. */
    public Builder optEndpoint(URI endpoint) {
      this.endpoint = endpoint;
      ownClientSetting("optEndpoint", endpoint != null);
      return this;
    }

    /** Address buckets as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key} (most compatible servers need it). */
    public Builder optPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      ownClientSetting("optPathStyle", pathStyle);
      return this;
    }

    /** The region, e.g. {@code eu-west-1}; default: the SDK's region chain, or us-east-1 with an endpoint. */
    public Builder optRegion(String region) {
      this.region = region;
      ownClientSetting("optRegion", region != null);
      return this;
    }

    /** Explicit credentials; default: the SDK's default credentials chain (environment, profile, instance role). */
    public Builder optCredentials(String accessKeyId, String secretAccessKey) {
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      ownClientSetting("optCredentials", accessKeyId != null || secretAccessKey != null);
      return this;
    }

    /** A credentials provider of your own (e.g. assumed roles); conflicts with {@link #optCredentials}. */
    public Builder optCredentialsProvider(AwsCredentialsProvider provider) {
      this.credentialsProvider = provider;
      ownClientSetting("optCredentialsProvider", provider != null);
      return this;
    }

    /**
     * Use this client instead of building one; the store does not close it. The endpoint, region, path style,
     * credentials, connection and timeout settings are then the client's: setting any of them here as well
     * ({@link #optEndpoint}, {@link #optRegion}, {@link #optPathStyle}, {@link #optCredentials},
     * {@link #optCredentialsProvider}, {@link #optMaxConcurrency}, {@link #optRequestTimeout}) fails at
     * {@link #build()}.
     */
    public Builder optClient(S3AsyncClient client) {
      this.client = client;
      return this;
    }

    /** Retries of each request (default {@link RetryPolicy#defaults()}). */
    public Builder optRetryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    /** Connections open at once (default 64); more requests queue. */
    public Builder optMaxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      ownClientSetting("optMaxConcurrency", true);
      return this;
    }

    /** Objects of at least this many bytes are uploaded in parts (default 32 MiB). */
    public Builder optMultipartThreshold(long bytes) {
      this.multipartThreshold = bytes;
      return this;
    }

    /** Size of upload parts and of parallel read ranges (default 16 MiB, at least 5 MiB, S3's minimum part). */
    public Builder optPartSize(int bytes) {
      this.partSize = bytes;
      return this;
    }

    /** Parts uploaded or ranges read at once for one object (default 4); bounds memory to partSize times this. */
    public Builder optPartsInFlight(int parts) {
      this.partsInFlight = parts;
      return this;
    }

    /** How long a connection may stay silent before the request fails and is retried (default 30 s). */
    public Builder optRequestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      ownClientSetting("optRequestTimeout", true);
      return this;
    }

    /**
     * When uploads carry a request checksum (see {@link ChecksumMode}). Default: automatic, {@link
     * ChecksumMode#WHEN_SUPPORTED} unless the probe before the first write finds that the server stores the SDK's
     * {@code aws-chunked} framing as the object body (s3rver, some older MinIO/Ceph, GCS's XML API): then the store
     * switches to {@link ChecksumMode#WHEN_REQUIRED} and logs it. Set explicitly, the mode is kept, and a server
     * that alters bodies under it is refused with an {@link dev.datamgmt.core.error.IntegrityException}.
     * Conflicts with {@link #optClient} (configure {@code requestChecksumCalculation} on that client).
     */
    public Builder optChecksumMode(ChecksumMode mode) {
      this.checksumMode = mode;
      ownClientSetting("optChecksumMode", mode != null);
      return this;
    }

    /** Server-side encryption for every write: {@code AES256}, {@code aws:kms} or {@code aws:kms:dsse}. */
    public Builder optServerSideEncryption(String algorithm) {
      this.sse = algorithm;
      return this;
    }

    /** The KMS key for {@code aws:kms} server-side encryption (default: the bucket's or account's key). */
    public Builder optSseKmsKeyId(String keyId) {
      this.sseKmsKeyId = keyId;
      return this;
    }

    /**
     * Builds the store.
     *
     * @throws IllegalStateException if the bucket was not set, or two settings conflict (naming both)
     * @throws IllegalArgumentException naming the bad setting and value
     */
    public S3BlobStore build() {
      if (bucket == null) {
        throw new IllegalStateException("bucket was not set; call setBucket");
      }
      if (bucket.isBlank()) {
        throw new IllegalArgumentException("bucket must be non-blank: \"" + bucket + "\"");
      }
      if (client != null && !ownClientSettings.isEmpty()) {
        throw new IllegalStateException("optClient conflicts with " + String.join(", ", ownClientSettings)
            + ": a caller's client brings its own endpoint, region, path style, credentials, connections and"
            + " timeouts; configure them on that client, or leave optClient out");
      }
      if (accessKeyId != null && credentialsProvider != null) {
        throw new IllegalStateException("optCredentials conflicts with optCredentialsProvider: give one of them");
      }
      if (prefix == null) {
        throw new IllegalArgumentException("prefix must not be null (use \"\" for the whole bucket)");
      }
      if (!prefix.isEmpty() && !prefix.endsWith("/")) {
        prefix = prefix + "/";
      }
      BlobKeys.checkPrefix(prefix);
      if ((accessKeyId == null) != (secretAccessKey == null) || (accessKeyId != null && (accessKeyId.isEmpty() || secretAccessKey.isEmpty()))) {
        throw new IllegalArgumentException("credentials need both a non-empty access key id and secret key");
      }
      if (retryPolicy == null) {
        throw new IllegalArgumentException("retryPolicy must not be null");
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be >= 1: " + maxConcurrency);
      }
      if (partSize < (5 << 20)) {
        throw new IllegalArgumentException("partSize must be >= 5 MiB (S3's minimum part size): " + partSize);
      }
      if (multipartThreshold < partSize) {
        throw new IllegalArgumentException("multipartThreshold must be >= partSize (" + partSize + "): " + multipartThreshold);
      }
      if (partsInFlight < 1) {
        throw new IllegalArgumentException("partsInFlight must be >= 1: " + partsInFlight);
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be > 0: " + requestTimeout);
      }
      if (sse != null && !SSE_ALGORITHMS.contains(sse)) {
        throw new IllegalArgumentException("serverSideEncryption must be one of " + SSE_ALGORITHMS + ": " + sse);
      }
      if (sseKmsKeyId != null && (sse == null || !sse.startsWith("aws:kms"))) {
        throw new IllegalArgumentException("sseKmsKeyId needs serverSideEncryption aws:kms or aws:kms:dsse, got " + sse);
      }
      return new S3BlobStore(this);
    }
  }

  // ---------------------------------------------------------------- the probe

  /**
   * What the server really does, probed before this store's first write and remembered for the process (per
   * endpoint, bucket, prefix and client configuration): (a) an object written is read back byte for byte; (b) a
   * second create-if-absent of the same key must be refused with 412. The probe writes and deletes one small
   * object named {@code <prefix>_datamgmt-probe-<uuid>}; it costs four requests (eight with the checksum fallback) once
   * per process, and its findings are logged once (INFO, or WARN when something is missing).
   *
   * <p>If (a) fails with automatic checksums, the store retries the probe with {@link ChecksumMode#WHEN_REQUIRED}
   * and keeps that mode if bodies then arrive intact. A store whose server still alters bodies refuses every
   * write with an {@link IntegrityException}; a store whose server ignores {@code If-None-Match} refuses {@link
   * #putIfAbsent} with a {@link ConditionalWriteUnsupportedException}. Reads are never refused.
   *
   * @throws DataException if the probe's requests fail (nothing is remembered then; the next write probes again)
   */
  public S3Capabilities capabilities() throws DataException {
    S3Capabilities c = capabilities;
    if (c != null) {
      return c;
    }
    synchronized (probeLock) {
      if (capabilities != null) {
        return capabilities;
      }
      S3Capabilities found = PROBED.get(probeKey);
      if (found == null) {
        found = probe();
        S3Capabilities earlier = PROBED.putIfAbsent(probeKey, found);
        if (earlier == null) {
          if (found.bodiesIntact() && found.conditionalWrites()) {
            LOG.info("S3 probe: {}", found.summary());
          } else {
            LOG.warn("S3 probe: {}", found.summary());
          }
        }
      } else if (found.checksumMode() == ChecksumMode.WHEN_REQUIRED && ownsClient && checksumMode == null) {
        switchClient(buildClient(clientSettings, ChecksumMode.WHEN_REQUIRED)); // learnt by another store
      }
      capabilities = found;
      return found;
    }
  }

  private void switchClient(S3AsyncClient replacement) {
    retiredClients.add(client); // requests may still be in flight on it; closed with the store
    client = replacement;
  }

  private S3Capabilities probe() throws DataException {
    long t0 = System.nanoTime();
    boolean[] found = probeWith(client);
    ChecksumMode mode = ownsClient ? (checksumMode == null ? ChecksumMode.WHEN_SUPPORTED : checksumMode) : null;
    if (!found[0] && ownsClient && checksumMode == null) {
      S3AsyncClient plain = buildClient(clientSettings, ChecksumMode.WHEN_REQUIRED);
      boolean[] again;
      try {
        again = probeWith(plain);
      } catch (DataException | RuntimeException e) {
        plain.close();
        throw e;
      }
      if (again[0]) {
        switchClient(plain);
        mode = ChecksumMode.WHEN_REQUIRED;
        found = again;
      } else {
        plain.close();
      }
    }
    return new S3Capabilities(describe(), found[0], found[1], mode, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** {bodies intact, conditional writes enforced} on this client. */
  private boolean[] probeWith(S3AsyncClient c) throws DataException {
    // one object directly under the prefix: no folder of its own that a filesystem-backed server (s3rver) would
    // prune on delete while another process probes into it
    String ok = prefix + "_datamgmt-probe-" + java.util.UUID.randomUUID();
    String where = "s3://" + bucket + "/" + ok + " (endpoint " + endpointText + ")";
    byte[] body = new byte[1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31 + (i >> 8)); // any fixed pattern: a rewritten body cannot match it by chance
    }
    try {
      boolean conditionalAccepted;
      try {
        retrier.run("probe conditional PUT " + where, () -> c.putObject(putRequest(ok, body.length).ifNoneMatch("*").build(),
            AsyncRequestBody.fromBytes(body))).join();
        conditionalAccepted = true;
      } catch (RuntimeException e) {
        if (S3Errors.status(e) < 0) {
          throw S3Errors.toDataException(e, "probe put", where, secrets);
        }
        // 501 NotImplemented, 400...: the server does not take the header at all; probe the body with a plain PUT
        conditionalAccepted = false;
        join(retrier.run("probe PUT " + where, () -> c.putObject(putRequest(ok, body.length).build(),
            AsyncRequestBody.fromBytes(body))), "probe put", ok.substring(prefix.length()));
      }
      byte[] back = join(retrier.run("probe GET " + where, () -> c.getObject(GetObjectRequest.builder().bucket(bucket)
          .key(ok).build(), AsyncResponseTransformer.toBytes())), "probe get", ok.substring(prefix.length())).asByteArray();
      boolean intact = Arrays.equals(back, body);
      boolean conditional = false;
      if (conditionalAccepted) {
        try {
          retrier.run("probe second conditional PUT " + where, () -> c.putObject(
              putRequest(ok, body.length).ifNoneMatch("*").build(), AsyncRequestBody.fromBytes(body))).join();
        } catch (RuntimeException e) {
          if (S3Errors.status(e) < 0) {
            throw S3Errors.toDataException(e, "probe put", where, secrets);
          }
          conditional = S3Errors.isPreconditionFailed(e);
        }
      }
      return new boolean[] {intact, conditional};
    } finally {
      c.deleteObject(b -> b.bucket(bucket).key(ok)).exceptionally(e -> null).join();
    }
  }

  /** Runs (or recalls) the probe and refuses writes to a server that alters bodies. */
  private S3Capabilities checkWritable() throws DataException {
    S3Capabilities c = capabilities();
    if (!c.bodiesIntact()) {
      throw new IntegrityException("server alters uploaded bodies; refusing writes", c.location(),
          "an object read back byte for byte as written",
          "different bytes with checksum mode " + (c.checksumMode() == null ? "of the caller's client" : c.checksumMode())
              + (checksumMode == null && ownsClient ? " (WHEN_REQUIRED was tried too)"
              : ". Use optChecksumMode(ChecksumMode.WHEN_REQUIRED) (or, on a client of your own,"
                  + " requestChecksumCalculation(WHEN_REQUIRED)); see S3BlobStore's README section"));
    }
    return c;
  }

  /** The lower-case hex MD5 of {@code data}: a single PUT's ETag on S3 and most compatible servers. */
  private static String md5Hex(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private String objectKey(String key) {
    if (closed.get()) {
      throw new IllegalStateException("S3BlobStore is closed: " + describe());
    }
    return prefix + BlobKeys.check(key);
  }

  private String location(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  private static String stripQuotes(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }

  private <T> T join(CompletableFuture<T> f, String op, String key) throws DataException {
    try {
      return f.join();
    } catch (RuntimeException e) {
      throw S3Errors.toDataException(e, op, location(key), secrets);
    }
  }

  private PutObjectRequest.Builder putRequest(String objectKey, long length) {
    PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(bucket).key(objectKey).contentLength(length);
    if (sse != null) {
      r.serverSideEncryption(sse);
    }
    if (sseKmsKeyId != null) {
      r.ssekmsKeyId(sseKmsKeyId);
    }
    return r;
  }

  private BlobInfo info(String key, long size, String etag) {
    return new BlobInfo(key, size, stripQuotes(etag), Instant.now());
  }

  // ---------------------------------------------------------------- writes

  private CompletableFuture<BlobInfo> putSingle(String key, byte[] data) {
    String ok = objectKey(key);
    return retrier.run("PUT " + location(key),
        () -> client.putObject(putRequest(ok, data.length).build(), AsyncRequestBody.fromBytesUnsafe(data)))
        .thenCompose(resp -> {
          String etag = stripQuotes(resp.eTag());
          // Without encryption a single PUT's ETag is the MD5 of the stored body on S3 and the common servers:
          // a cheap check that what arrived is what was sent.
          if (sse == null && MD5_HEX.matcher(etag).matches() && !etag.equalsIgnoreCase(md5Hex(data))) {
            return CompletableFuture.failedFuture(new IntegrityException("server stored different bytes", location(key),
                "ETag " + md5Hex(data) + " (the MD5 of the " + data.length + " bytes sent)", "ETag " + etag));
          }
          return CompletableFuture.completedFuture(info(key, data.length, etag));
        });
  }

  @Override
  public BlobInfo put(String key, byte[] data) throws DataException {
    Objects.requireNonNull(data, "data");
    objectKey(key);
    checkWritable();
    if (data.length >= multipartThreshold) {
      return put(key, new ByteArrayInputStream(data), data.length);
    }
    return join(putSingle(key, data), "put", key);
  }

  @Override
  public BlobInfo put(String key, InputStream data, long length) throws DataException {
    String ok = objectKey(key);
    checkWritable();
    try {
      long firstRead = length >= 0 && length < multipartThreshold ? length : multipartThreshold;
      byte[] head = data.readNBytes((int) Math.min(firstRead, Integer.MAX_VALUE - 8));
      int next = head.length < firstRead ? -1 : data.read();
      if (next < 0) {
        if (length >= 0 && head.length != length) {
          throw new StorageException("stream length mismatch", location(key), length + " bytes", head.length + " bytes");
        }
        return join(putSingle(key, head), "put", key);
      }
      InputStream rest = new SequenceInputStream(
          new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(new byte[] {(byte) next})), data);
      return putMultipart(key, ok, rest, length);
    } catch (IOException e) {
      throw new StorageException("cannot read input stream", location(key), "a readable stream", BlobStore.describeFailure(e), e);
    }
  }

  @Override
  public BlobInfo putFile(String key, Path file) throws DataException {
    String ok = objectKey(key);
    checkWritable();
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new StorageException("cannot read local file", file.toString(), "a readable file", BlobStore.describeFailure(e), e);
    }
    if (size < multipartThreshold) {
      try (InputStream in = Files.newInputStream(file)) {
        return put(key, in, size);
      } catch (IOException e) {
        throw new StorageException("cannot read local file", file.toString(), "a readable file", BlobStore.describeFailure(e), e);
      }
    }
    // Parts are slices of the file, read by the SDK as it sends them: no copy on the heap, any part re-readable
    // for a retry.
    // 256 KiB reads instead of the SDK's 16 KiB: a sixteenth of the reads, buffers and channel writes per part
    return putMultipart(key, ok, size, (partNumber, from, length) -> FileRequestBodyConfiguration.builder()
        .path(file).position(from).numBytesToRead(length).chunkSizeInBytes(FILE_READ_BYTES).build());
  }

  /** Where a file part's bytes come from. */
  private interface FilePart {
    FileRequestBodyConfiguration slice(int partNumber, long from, long length);
  }

  private BlobInfo putMultipart(String key, String ok, long size, FilePart parts) throws DataException {
    String uploadId = createMultipart(key, ok);
    List<CompletableFuture<CompletedPart>> done = new ArrayList<>();
    try {
      Deque<CompletableFuture<CompletedPart>> window = new ArrayDeque<>();
      int partNumber = 1;
      for (long from = 0; from < size; from += partSize, partNumber++) {
        long length = Math.min(partSize, size - from);
        FileRequestBodyConfiguration slice = parts.slice(partNumber, from, length);
        int pn = partNumber;
        CompletableFuture<CompletedPart> f = retrier.run("upload part " + pn + " of " + location(key),
            () -> client.uploadPart(b -> b.bucket(bucket).key(ok).uploadId(uploadId).partNumber(pn).contentLength(length),
                AsyncRequestBody.fromFile(slice)))
            .thenApply(r -> completedPart(pn, r));
        done.add(f);
        window.add(f);
        if (window.size() >= partsInFlight) {
          window.poll().join();
        }
      }
      List<CompletedPart> completed = new ArrayList<>();
      for (CompletableFuture<CompletedPart> p : done) {
        completed.add(p.join());
      }
      completeMultipart(key, ok, uploadId, completed, size);
      return statOrInfo(key, size);
    } catch (DataException e) {
      abort(ok, uploadId, done);
      throw e;
    } catch (RuntimeException e) {
      abort(ok, uploadId, done);
      throw S3Errors.toDataException(e, "multipart upload", location(key), secrets);
    }
  }

  private String createMultipart(String key, String ok) throws DataException {
    CreateMultipartUploadRequest.Builder cr = CreateMultipartUploadRequest.builder().bucket(bucket).key(ok);
    if (sse != null) {
      cr.serverSideEncryption(sse);
    }
    if (sseKmsKeyId != null) {
      cr.ssekmsKeyId(sseKmsKeyId);
    }
    return join(retrier.run("create multipart " + location(key), () -> client.createMultipartUpload(cr.build())),
        "create multipart upload", key).uploadId();
  }

  private void completeMultipart(String key, String ok, String uploadId, List<CompletedPart> parts, long size)
      throws DataException {
    AtomicInteger attempts = new AtomicInteger();
    try {
      join(retrier.run("complete multipart " + location(key), () -> {
        attempts.incrementAndGet();
        return client.completeMultipartUpload(b -> b.bucket(bucket).key(ok).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)));
      }), "complete multipart upload", key);
    } catch (NotFoundException e) {
      // A retry after a lost response finds the upload gone because the first attempt completed it.
      Optional<BlobInfo> now = attempts.get() > 1 ? stat(key) : Optional.empty();
      if (now.isEmpty() || now.get().size() != size) {
        throw e;
      }
    }
  }

  private static CompletedPart completedPart(int pn, UploadPartResponse r) {
    return CompletedPart.builder().partNumber(pn).eTag(r.eTag())
        .checksumCRC32(r.checksumCRC32()).checksumCRC32C(r.checksumCRC32C())
        .checksumSHA1(r.checksumSHA1()).checksumSHA256(r.checksumSHA256()).build();
  }

  /**
   * Uploads parts as they are read, at most {@code partsInFlight} at once; aborts the upload on any failure so
   * nothing (not even invisible parts) is left behind. The object appears only at CompleteMultipartUpload.
   */
  private BlobInfo putMultipart(String key, String ok, InputStream in, long length) throws DataException {
    String uploadId = createMultipart(key, ok);
    List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    Semaphore window = new Semaphore(partsInFlight);
    try {
      long total = 0;
      for (int partNumber = 1; ; partNumber++) {
        byte[] buf = in.readNBytes(partSize);
        if (buf.length == 0 && partNumber > 1) {
          break;
        }
        total += buf.length;
        window.acquire();
        int pn = partNumber;
        CompletableFuture<CompletedPart> f = retrier.run("upload part " + pn + " of " + location(key),
            () -> client.uploadPart(b -> b.bucket(bucket).key(ok).uploadId(uploadId).partNumber(pn).contentLength((long) buf.length),
                AsyncRequestBody.fromBytesUnsafe(buf)))
            .thenApply(r -> completedPart(pn, r));
        f.whenComplete((v, e) -> window.release());
        parts.add(f);
        // Fail fast: stop reading the stream once a part has failed for good.
        for (CompletableFuture<CompletedPart> p : parts) {
          if (p.isCompletedExceptionally()) {
            p.join();
          }
        }
        if (buf.length < partSize) {
          break;
        }
      }
      if (length >= 0 && total != length) {
        throw new StorageException("stream length mismatch", location(key), length + " bytes", total + " bytes");
      }
      List<CompletedPart> done = new ArrayList<>();
      for (CompletableFuture<CompletedPart> p : parts) {
        done.add(p.join());
      }
      completeMultipart(key, ok, uploadId, done, total);
      return statOrInfo(key, total);
    } catch (IOException e) {
      abort(ok, uploadId, parts);
      throw new StorageException("cannot read input stream", location(key), "a readable stream", BlobStore.describeFailure(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(ok, uploadId, parts);
      throw new StorageException("interrupted during upload", location(key), "a complete upload", "interrupt", e);
    } catch (DataException e) {
      abort(ok, uploadId, parts);
      throw e;
    } catch (RuntimeException e) {
      abort(ok, uploadId, parts);
      throw S3Errors.toDataException(e, "multipart upload", location(key), secrets);
    }
  }

  private BlobInfo statOrInfo(String key, long size) throws DataException {
    // A multipart ETag is not the object's HEAD ETag on every server; ask, so the etag returned is the one reads see.
    return stat(key).orElseGet(() -> info(key, size, ""));
  }

  private void abort(String ok, String uploadId, List<CompletableFuture<CompletedPart>> parts) {
    for (CompletableFuture<CompletedPart> p : parts) {
      p.exceptionally(e -> null).join();
    }
    client.abortMultipartUpload(b -> b.bucket(bucket).key(ok).uploadId(uploadId)).exceptionally(e -> null).join();
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) throws DataException {
    objectKey(key);
    if (!checkWritable().conditionalWrites()) {
      throw new ConditionalWriteUnsupportedException(describe());
    }
    byte[] copy = data.clone();
    AtomicInteger attempts = new AtomicInteger();
    String ok = objectKey(key);
    CompletableFuture<Boolean> f = retrier.run("conditional PUT " + location(key), () -> {
      attempts.incrementAndGet();
      return client.putObject(putRequest(ok, copy.length).ifNoneMatch("*").build(), AsyncRequestBody.fromBytesUnsafe(copy))
          .thenApply(r -> true)
          .exceptionallyCompose(e -> {
            if (S3Errors.isPreconditionFailed(e)) {
              return CompletableFuture.completedFuture(false);
            }
            // 409: another conditional write to the key is in progress; retry and learn who won.
            if (S3Errors.status(e) == 409) {
              return CompletableFuture.failedFuture(new S3Errors.ShortReadException("conditional write conflict (409)"));
            }
            return CompletableFuture.failedFuture(e);
          });
    });
    boolean created = join(f, "conditional put", key);
    if (!created && attempts.get() > 1) {
      // An earlier attempt may have succeeded with its response lost: then the object is ours. Identical
      // bytes from another writer are indistinguishable, and for an append-only log that is harmless.
      try {
        return Arrays.equals(get(key), copy);
      } catch (NotFoundException e) {
        return false;
      }
    }
    return created;
  }

  @Override
  public CompletableFuture<BlobInfo> putAsync(String key, byte[] data) {
    try {
      objectKey(key);
      try {
        checkWritable(); // blocks once per process, for the probe
      } catch (DataException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (data.length >= multipartThreshold) {
        return BlobStore.super.putAsync(key, data);
      }
      byte[] copy = data.clone(); // the caller may reuse its array before the upload finishes
      return putSingle(key, copy).exceptionallyCompose(e ->
          CompletableFuture.failedFuture(S3Errors.toDataException(e, "put", location(key), secrets)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---------------------------------------------------------------- reads

  /** One ranged GET; fails (retryably) if fewer bytes arrive than the Content-Range promises. */
  private CompletableFuture<ResponseBytes<GetObjectResponse>> fetch(String key, long from, long toInclusive, String etag) {
    String ok = objectKey(key);
    return retrier.run("GET " + location(key) + " bytes " + from + "-" + toInclusive, () -> {
      GetObjectRequest.Builder r = GetObjectRequest.builder().bucket(bucket).key(ok).range("bytes=" + from + "-" + toInclusive);
      if (etag != null) {
        r.ifMatch("\"" + etag + "\"");
      }
      return client.getObject(r.build(), new PresizedBytes()).exceptionallyCompose(e -> {
        // s3rver answers a range of an empty object with 206, Content-Length 1 and no body: the SDK fails the read.
        // Ask for the size before calling it a network failure (and retrying it for a minute).
        if (from != 0 || S3Errors.status(e) >= 0) {
          return CompletableFuture.failedFuture(e);
        }
        return client.headObject(h -> h.bucket(bucket).key(ok)).handle((h, he) ->
            he == null && h.contentLength() != null && h.contentLength() == 0
                ? CompletableFuture.completedFuture(ResponseBytes.fromByteArrayUnsafe(GetObjectResponse.builder()
                    .contentLength(0L).contentRange("bytes */0").eTag(h.eTag()).build(), new byte[0]))
                : CompletableFuture.<ResponseBytes<GetObjectResponse>>failedFuture(e)).thenCompose(f -> f);
      }).thenCompose(rb -> {
        long expected = expectedLength(rb.response(), from, toInclusive);
        if (rb.asByteArrayUnsafe().length != expected) {
          return CompletableFuture.failedFuture(new S3Errors.ShortReadException("short read of " + location(key)
              + " at " + from + ": expected " + expected + " bytes, got " + rb.asByteArrayUnsafe().length));
        }
        return CompletableFuture.completedFuture(rb);
      });
    });
  }

  private static long expectedLength(GetObjectResponse r, long from, long toInclusive) {
    Long cl = r.contentLength();
    if (cl != null) {
      return cl;
    }
    long total = totalSize(r);
    return total < 0 ? -1 : Math.max(0, Math.min(toInclusive + 1, total) - from);
  }

  /** The full object size from {@code Content-Range: bytes a-b/total}, or the content length of a 200. */
  private static long totalSize(GetObjectResponse r) {
    String cr = r.contentRange();
    if (cr != null) {
      int slash = cr.lastIndexOf('/');
      if (slash >= 0 && !cr.endsWith("*")) {
        return Long.parseLong(cr.substring(slash + 1).trim());
      }
    }
    return r.contentLength() == null ? -1 : r.contentLength();
  }

  /** Completes with the whole object: the first range tells the size and ETag, the rest is fetched in parallel. */
  private CompletableFuture<byte[]> getWhole(String key) {
    return fetch(key, 0, partSize - 1L, null).handle((rb, err) -> {
      if (err != null && S3Errors.status(err) == 416) {
        return CompletableFuture.completedFuture(new byte[0]); // exists, and empty
      }
      if (err != null) {
        return CompletableFuture.<byte[]>failedFuture(err);
      }
      long total = totalSize(rb.response());
      byte[] first = rb.asByteArrayUnsafe();
      if (total <= first.length) {
        return CompletableFuture.completedFuture(first);
      }
      if (total > Integer.MAX_VALUE - 8) {
        return CompletableFuture.<byte[]>failedFuture(new StorageException("object too large for one array", location(key),
            "at most 2 GiB (use openStream or getToFile)", total + " bytes"));
      }
      byte[] all = new byte[(int) total];
      System.arraycopy(first, 0, all, 0, first.length);
      String etag = stripQuotes(rb.response().eTag());
      List<CompletableFuture<Void>> rest = new ArrayList<>();
      for (long off = first.length; off < total; off += partSize) {
        long from = off;
        long to = Math.min(total, off + partSize) - 1;
        rest.add(fetch(key, from, to, etag).thenAccept(r -> {
          byte[] b = r.asByteArrayUnsafe();
          System.arraycopy(b, 0, all, (int) from, b.length);
        }));
      }
      return CompletableFuture.allOf(rest.toArray(new CompletableFuture<?>[0])).thenApply(v -> all);
    }).thenCompose(f -> f);
  }

  @Override
  public byte[] get(String key) throws DataException {
    objectKey(key);
    return join(getWhole(key), "get", key);
  }

  @Override
  public CompletableFuture<byte[]> getAsync(String key) {
    try {
      objectKey(key);
      return getWhole(key).exceptionallyCompose(e ->
          CompletableFuture.failedFuture(S3Errors.toDataException(e, "get", location(key), secrets)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws DataException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0: " + offset + ", " + length);
    }
    objectKey(key);
    if (length == 0) {
      if (stat(key).isEmpty()) {
        throw new NotFoundException("no such object", location(key), "an existing object", "none");
      }
      return new byte[0];
    }
    CompletableFuture<byte[]> f = fetch(key, offset, offset + length - 1, null).handle((rb, err) -> {
      if (err != null && S3Errors.status(err) == 416) {
        return CompletableFuture.completedFuture(new byte[0]); // the object exists but ends before offset
      }
      return err != null ? CompletableFuture.<byte[]>failedFuture(err) : CompletableFuture.completedFuture(rb.asByteArrayUnsafe());
    }).thenCompose(x -> x);
    byte[] b = join(f, "ranged get", key);
    return b.length > length ? Arrays.copyOf(b, length) : b;
  }

  @Override
  public InputStream openStream(String key) throws DataException {
    objectKey(key);
    ResponseBytes<GetObjectResponse> first;
    try {
      first = fetch(key, 0, partSize - 1L, null).join();
    } catch (RuntimeException e) {
      if (S3Errors.status(e) == 416) {
        return new ByteArrayInputStream(new byte[0]);
      }
      throw S3Errors.toDataException(e, "get", location(key), secrets);
    }
    long total = totalSize(first.response());
    byte[] head = first.asByteArrayUnsafe();
    if (total <= head.length) {
      return new ByteArrayInputStream(head);
    }
    String etag = stripQuotes(first.response().eTag());
    return new RangedInputStream(head, total, partSize, partsInFlight,
        (from, to) -> fetch(key, from, to, etag).thenApply(ResponseBytes::asByteArrayUnsafe),
        e -> S3Errors.toDataException(e, "streaming get", location(key), secrets));
  }

  @Override
  public void getToFile(String key, Path target) throws DataException {
    objectKey(key);
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    } catch (IOException e) {
      throw new StorageException("cannot create local file", target.toString(), "a writable folder", BlobStore.describeFailure(e), e);
    }
    try {
      ResponseBytes<GetObjectResponse> first;
      try {
        first = fetch(key, 0, partSize - 1L, null).join();
      } catch (RuntimeException e) {
        if (S3Errors.status(e) != 416) {
          throw S3Errors.toDataException(e, "get", location(key), secrets);
        }
        first = null; // exists and is empty
      }
      long total = 0;
      if (first != null) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          writeFully(ch, first.asByteArrayUnsafe(), 0);
          total = totalSize(first.response());
          String etag = stripQuotes(first.response().eTag());
          // The rest goes from the network straight to its place in the file, a window of ranges at a time; a
          // retried range simply rewrites its own bytes.
          Deque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
          for (long off = first.asByteArrayUnsafe().length; off < total || !inFlight.isEmpty(); ) {
            while (off < total && inFlight.size() < partsInFlight) {
              long to = Math.min(total, off + partSize) - 1;
              inFlight.add(fetchToFile(key, off, to, etag, ch));
              off = to + 1;
            }
            join(inFlight.poll(), "get", key);
          }
        }
      }
      long size = Files.size(tmp);
      if (size != total) {
        throw new StorageException("incomplete download", location(key), total + " bytes", size + " bytes");
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(false);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StorageException("cannot write local file", target.toString(), "a complete copy", BlobStore.describeFailure(e), e);
    } catch (DataException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** One ranged GET written at its offset of the download's file as it arrives; retried on a short read. */
  private CompletableFuture<Long> fetchToFile(String key, long from, long toInclusive, String etag, FileChannel file) {
    String ok = objectKey(key);
    return retrier.run("GET " + location(key) + " bytes " + from + "-" + toInclusive + " to file", () ->
        client.getObject(GetObjectRequest.builder().bucket(bucket).key(ok).range("bytes=" + from + "-" + toInclusive)
            .ifMatch("\"" + etag + "\"").build(),
            new RangeToChannel(file, from, toInclusive + 1 - from, location(key))));
  }

  private static void writeFully(FileChannel ch, byte[] b, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary file next to the target; nothing else to do
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws DataException {
    String ok = objectKey(key);
    CompletableFuture<Optional<BlobInfo>> f = retrier.run("HEAD " + location(key),
        () -> client.headObject(b -> b.bucket(bucket).key(ok)))
        .thenApply(r -> Optional.of(info(key, r)))
        .exceptionallyCompose(e -> S3Errors.isNotFound(e)
            ? CompletableFuture.completedFuture(Optional.<BlobInfo>empty()) : CompletableFuture.failedFuture(e));
    return join(f, "stat", key);
  }

  private static BlobInfo info(String key, HeadObjectResponse r) {
    return new BlobInfo(key, r.contentLength() == null ? 0 : r.contentLength(), stripQuotes(r.eTag()),
        r.lastModified() == null ? Instant.EPOCH : r.lastModified());
  }

  // ---------------------------------------------------------------- listing and delete

  @Override
  public BlobPage list(String listPrefix, String pageToken, int pageSize) throws DataException {
    if (closed.get()) {
      throw new IllegalStateException("S3BlobStore is closed: " + describe());
    }
    BlobKeys.checkPrefix(listPrefix);
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be > 0: " + pageSize);
    }
    ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + listPrefix)
        .maxKeys(Math.min(pageSize, 1000));
    if (pageToken != null) {
      r.startAfter(prefix + pageToken); // our token is the last key seen, the same on every backend
    }
    ListObjectsV2Response resp = join(retrier.run("LIST " + location(listPrefix), () -> client.listObjectsV2(r.build())),
        "list", listPrefix + "*");
    List<BlobInfo> items = new ArrayList<>();
    for (S3Object o : resp.contents()) {
      items.add(new BlobInfo(o.key().substring(prefix.length()), o.size() == null ? 0 : o.size(), stripQuotes(o.eTag()),
          o.lastModified() == null ? Instant.EPOCH : o.lastModified()));
    }
    boolean more = Boolean.TRUE.equals(resp.isTruncated()) && !items.isEmpty();
    return new BlobPage(items, more ? items.get(items.size() - 1).key() : null);
  }

  @Override
  public boolean delete(String key) throws DataException {
    String ok = objectKey(key);
    // S3's DELETE does not say whether something was there; HEAD first (racy, but only for the return value).
    boolean existed = stat(key).isPresent();
    join(retrier.run("DELETE " + location(key), () -> client.deleteObject(b -> b.bucket(bucket).key(ok))), "delete", key);
    return existed;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix + " (endpoint " + endpointText + ")";
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      scheduler.shutdownNow();
      if (ownsClient) {
        client.close();
        retiredClients.forEach(S3AsyncClient::close);
      }
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore{bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpointText + ", region=" + regionText
        + ", credentials=" + credentialsText + ", sse=" + (sse == null ? "none" : sse) + "}";
  }
}
