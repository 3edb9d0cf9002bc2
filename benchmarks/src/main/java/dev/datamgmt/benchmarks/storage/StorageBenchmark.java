package dev.datamgmt.benchmarks.storage;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.cache.CachingBlobStore;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Storage throughput against a real S3-compatible server (S3Proxy, filesystem backend) on loopback, with its
 * peers in the same run:
 *
 * <ul>
 *   <li>small objects: {@link S3BlobStore}'s async puts/gets with many requests in flight vs the AWS SDK's plain
 *       sequential {@code putObject}/{@code getObject} loop (sync client);
 *   <li>large objects: {@link S3BlobStore#putFile}/{@link S3BlobStore#getToFile} (multipart, parallel ranges) vs
 *       copying the same bytes between two local files on the same disk (and, for reference, the SDK's plain
 *       single-request put/get);
 *   <li>cache: warm {@link CachingBlobStore} memory hits (bytes/s), and warm disk-cache hits vs reading the same
 *       bytes from a local file directly.
 * </ul>
 *
 * <p>Arguments (all optional): {@code --total <MiB>} (default 1024), {@code --small-kib <KiB>} (256),
 * {@code --large-count <n>} (4), {@code --repeats <n>} (3), {@code --dir <path>} (a temporary folder),
 * {@code --cache-mib <MiB>} (256), {@code --in-flight <n>} (16 small-object requests at once). Prints one line
 * per measurement and medians with ratios at the end. Odd repeats run the peers first, so that a machine whose
 * load drifts does not always favour the same side.
 */
public final class StorageBenchmark {
  private static final double MB = 1e6;

  /** Settings of one run. */
  public record Options(long totalBytes, int smallBytes, int largeCount, int repeats, Path dir, long cacheBytes, int inFlight) {
    /** The sizes the README's figures use. */
    public static Options defaults(Path dir) {
      return new Options(1L << 30, 256 << 10, 4, 3, dir, 256L << 20, 16);
    }
  }

  /** Median figures of a run, in MB/s (10^6 bytes per second) unless the name says otherwise. */
  public record Result(Map<String, Double> medians) {
    /** A named figure. */
    public double get(String name) {
      Double v = medians.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no figure " + name + "; have " + medians.keySet());
      }
      return v;
    }
  }

  private StorageBenchmark() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Path dir = null;
    Options d = Options.defaults(null);
    long total = d.totalBytes();
    int small = d.smallBytes();
    int largeCount = d.largeCount();
    int repeats = d.repeats();
    long cache = d.cacheBytes();
    int inFlight = d.inFlight();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--total" -> total = Long.parseLong(args[i + 1]) << 20;
        case "--small-kib" -> small = Integer.parseInt(args[i + 1]) << 10;
        case "--large-count" -> largeCount = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--cache-mib" -> cache = Long.parseLong(args[i + 1]) << 20;
        case "--in-flight" -> inFlight = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    boolean tempDir = dir == null;
    if (tempDir) {
      dir = Files.createTempDirectory("datamgmt-storage-bench-");
    }
    try {
      run(new Options(total, small, largeCount, repeats, dir, cache, inFlight));
    } finally {
      if (tempDir) {
        deleteTree(dir);
      }
    }
  }

  /** Runs every measurement {@code repeats} times and returns the medians. */
  public static Result run(Options o) throws Exception {
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    Files.createDirectories(o.dir());
    System.out.printf(Locale.ROOT, "storage benchmark: %d MiB as %d KiB objects and as %d x %d MiB objects, %d repeats, dir %s%n",
        o.totalBytes() >> 20, o.smallBytes() >> 10, o.largeCount(), (o.totalBytes() / o.largeCount()) >> 20, o.repeats(), o.dir());
    try (S3Server server = S3Server.start(o.dir().resolve("s3data"))) {
      // Warm-up, not recorded: every path once at a small size, so that no contender pays the JIT for the SDK
      // code (marshalling, signing) they share; the first measured round would otherwise favour whoever ran second.
      System.out.println("warm-up (not recorded):");
      Options warm = new Options(Math.min(o.totalBytes(), 64L << 20), o.smallBytes(), 2, 1, o.dir(),
          o.cacheBytes(), o.inFlight());
      try (S3Client sdk = sdkClient(server)) {
        smallObjects(warm, server, sdk, o.repeats(), new LinkedHashMap<>(), false);
        largeObjects(warm, server, sdk, o.repeats(), new LinkedHashMap<>());
      }
      System.out.println("measured rounds:");
      for (int r = 0; r < o.repeats(); r++) {
        // A fresh peer client per round: its pooled keep-alive connections would go stale (server idle timeout)
        // while our half of the round runs, and the plain loop does not retry.
        try (S3Client sdk = sdkClient(server)) {
          smallObjects(o, server, sdk, r, samples, r % 2 == 1);
          largeObjects(o, server, sdk, r, samples);
        }
        cache(o, r, samples);
        // Ratios within one round compare runs made minutes apart, not across rounds whose load differed.
        roundRatio(samples, r, "ratio.small.put.ours/sdk", "small.put.ours.MBps", "small.put.sdk.MBps");
        roundRatio(samples, r, "ratio.small.get.ours/sdk", "small.get.ours.MBps", "small.get.sdk.MBps");
        roundRatio(samples, r, "ratio.large.put.ours/localcopy", "large.put.ours.MBps", "large.localcopy.MBps");
        roundRatio(samples, r, "ratio.large.get.ours/localcopy", "large.get.ours.MBps", "large.localcopy.MBps");
        roundRatio(samples, r, "ratio.large.get.ours/durablecopy", "large.get.ours.MBps", "large.localcopy.durable.MBps");
        roundRatio(samples, r, "ratio.cache.disk/readfile", "cache.disk.MBps", "cache.readfile.MBps");
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    samples.forEach((k, v) -> medians.put(k, median(v)));
    System.out.println();
    System.out.println("medians:");
    medians.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-34s %10.2f%n", k, v));
    System.out.println("peer uploads repeated after the SDK's 100-continue failure: " + PEER_RETRIES.get());
    System.out.println("ratios of medians (per-round ratios, median, are the ratio.* lines above):");
    ratio(medians, "small put: ours/sdk-sequential", "small.put.ours.MBps", "small.put.sdk.MBps", 3.0);
    ratio(medians, "small get: ours/sdk-sequential", "small.get.ours.MBps", "small.get.sdk.MBps", 3.0);
    ratio(medians, "large put: ours/local-copy", "large.put.ours.MBps", "large.localcopy.MBps", 0.8);
    ratio(medians, "large get: ours/local-copy", "large.get.ours.MBps", "large.localcopy.MBps", 0.8);
    ratio(medians, "large get: ours/durable local copy", "large.get.ours.MBps", "large.localcopy.durable.MBps", 0.8);
    ratio(medians, "large put: ours/sdk-single-request", "large.put.ours.MBps", "large.put.sdk.MBps", Double.NaN);
    ratio(medians, "large get: ours/sdk-single-request", "large.get.ours.MBps", "large.get.sdk.MBps", Double.NaN);
    System.out.printf(Locale.ROOT, "  %-40s %7.0f MB/s (target >= 1000)%n", "cache memory hit (get: a new copy)", medians.get("cache.memory.MBps"));
    System.out.printf(Locale.ROOT, "  %-40s %7.0f MB/s (target >= 1000)%n", "cache memory hit (getBuffer view)", medians.get("cache.memory.view.MBps"));
    ratio(medians, "cache disk hit: ours/read-file", "cache.disk.MBps", "cache.readfile.MBps", 0.8);
    // The server runs in this process, so process CPU covers client and server. A phase that already keeps
    // c cores busy can gain at most (cores / c) from concurrency, times any saving in CPU per object.
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println("what the CPU allows (client + in-process server, " + cores + " cores):");
    for (String op : List.of("put", "get")) {
      double sdkCores = medians.get("small." + op + ".sdk.cores");
      double sdkMs = medians.get("small." + op + ".sdk.cpu_ms_per_obj");
      double oursMs = medians.get("small." + op + ".ours.cpu_ms_per_obj");
      System.out.printf(Locale.ROOT, "  small %s: sdk loop keeps %.2f cores busy at %.2f CPU-ms/object; ours %.2f CPU-ms/object"
          + " on %.2f cores; ceiling for ours/sdk = %.2fx%n", op, sdkCores, sdkMs, oursMs,
          medians.get("small." + op + ".ours.cores"), cores / sdkCores * sdkMs / oursMs);
      System.out.printf(Locale.ROOT, "  large %s: %.2f CPU-s/GB ours, %.2f sdk single request: at most %.0f MB/s on %d cores"
          + " (local copy %.0f MB/s)%n", op, medians.get("large." + op + ".ours.cpu_s_per_GB"),
          medians.get("large." + op + ".sdk.cpu_s_per_GB"), cores * 1000 / medians.get("large." + op + ".ours.cpu_s_per_GB"),
          cores, medians.get("large.localcopy.MBps"));
    }
    return new Result(medians);
  }

  /** The peer: the SDK's sync client with the URLConnection transport and SDK defaults. */
  private static S3Client sdkClient(S3Server server) {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
        .build();
  }

  private static void ratio(Map<String, Double> m, String label, String ours, String peer, double target) {
    double r = m.get(ours) / m.get(peer);
    System.out.printf(Locale.ROOT, "  %-40s %7.2fx%s%n", label, r, Double.isNaN(target) ? "" : String.format(Locale.ROOT, " (target >= %.1fx)", target));
  }

  private static void roundRatio(Map<String, List<Double>> s, int round, String name, String ours, String peer) {
    record(s, name, s.get(ours).get(round) / s.get(peer).get(round));
  }

  private static void record(Map<String, List<Double>> s, String name, double value) {
    s.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    System.out.printf(Locale.ROOT, "  %-34s %10.2f%n", name, value);
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  // ------------------------------------------------------------------ small objects

  private static void smallObjects(Options o, S3Server server, S3Client sdk, int round, Map<String, List<Double>> s,
      boolean peerFirst) throws Exception {
    int n = (int) (o.totalBytes() / o.smallBytes());
    byte[][] data = new byte[n][];
    for (int i = 0; i < n; i++) {
      data[i] = payload(o.smallBytes(), round * 1_000_003L + i);
    }
    double bytes = (double) n * o.smallBytes();
    String prefix = "small-" + round + "/";
    Callable<Void> oursRun = () -> {
      try (S3BlobStore store = dev.datamgmt.storage.testing.S3Stores.builderFor(server).optPrefix("ours-" + prefix).build()) {
        Semaphore inFlight = new Semaphore(o.inFlight());
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        List<CompletableFuture<?>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          inFlight.acquire();
          fs.add(store.putAsync("o/" + i, data[i]).whenComplete((v, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
        double put = (System.nanoTime() - t0) / 1e9;
        double putCpu = (cpuNanos() - c0) / 1e9;
        fs.clear();
        long[] check = new long[1];
        c0 = cpuNanos();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          inFlight.acquire();
          int idx = i;
          fs.add(store.getAsync("o/" + i).whenComplete((v, e) -> {
            inFlight.release();
            if (v != null && v.length == data[idx].length && v[0] == data[idx][0]) {
              synchronized (check) {
                check[0]++;
              }
            }
          }));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
        double get = (System.nanoTime() - t0) / 1e9;
        double getCpu = (cpuNanos() - c0) / 1e9;
        if (check[0] != n) {
          throw new IllegalStateException("small-object read-back mismatch: " + check[0] + " of " + n);
        }
        record(s, "small.put.ours.MBps", bytes / put / MB);
        record(s, "small.put.ours.objps", n / put);
        record(s, "small.get.ours.MBps", bytes / get / MB);
        record(s, "small.get.ours.objps", n / get);
        recordCpu(s, "small.put.ours", putCpu, put, n);
        recordCpu(s, "small.get.ours", getCpu, get, n);
      }
      return null;
    };
    Callable<Void> peerRun = () -> {
      String sdkPrefix = "sdk-" + prefix;
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        String key = sdkPrefix + i;
        byte[] d = data[i];
        peerCall(() -> sdk.putObject(b -> b.bucket(server.bucket()).key(key), RequestBody.fromBytes(d)));
      }
      double put = (System.nanoTime() - t0) / 1e9;
      double putCpu = (cpuNanos() - c0) / 1e9;
      c0 = cpuNanos();
      t0 = System.nanoTime();
      long got = 0;
      for (int i = 0; i < n; i++) {
        String key = sdkPrefix + i;
        got += sdk.getObject(b -> b.bucket(server.bucket()).key(key), ResponseTransformer.toBytes()).asByteArrayUnsafe().length;
      }
      double get = (System.nanoTime() - t0) / 1e9;
      double getCpu = (cpuNanos() - c0) / 1e9;
      if (got != (long) bytes) {
        throw new IllegalStateException("sdk read back " + got + " bytes, expected " + (long) bytes);
      }
      record(s, "small.put.sdk.MBps", bytes / put / MB);
      record(s, "small.put.sdk.objps", n / put);
      record(s, "small.get.sdk.MBps", bytes / get / MB);
      record(s, "small.get.sdk.objps", n / get);
      recordCpu(s, "small.put.sdk", putCpu, put, n);
      recordCpu(s, "small.get.sdk", getCpu, get, n);
      return null;
    };
    if (peerFirst) {
      peerRun.call();
      oursRun.call();
    } else {
      oursRun.call();
      peerRun.call();
    }
    String sdkPrefix = "sdk-" + prefix;
    deleteTree(server.dataDir().resolve(server.bucket()).resolve("ours-" + prefix.substring(0, prefix.length() - 1)));
    deleteTree(server.dataDir().resolve(server.bucket()).resolve(sdkPrefix.substring(0, sdkPrefix.length() - 1)));
  }

  // ------------------------------------------------------------------ large objects

  private static void largeObjects(Options o, S3Server server, S3Client sdk, int round, Map<String, List<Double>> s) throws Exception {
    int count = o.largeCount();
    long each = o.totalBytes() / count;
    Path local = Files.createDirectories(o.dir().resolve("local-" + round));
    Path[] src = new Path[count];
    byte[] block = payload(8 << 20, round);
    for (int i = 0; i < count; i++) {
      src[i] = local.resolve("src-" + i);
      try (var out = Files.newOutputStream(src[i])) {
        for (long w = 0; w < each; w += block.length) {
          block[0] = (byte) i;
          block[1] = (byte) (w >>> 20);
          out.write(block, 0, (int) Math.min(block.length, each - w));
        }
      }
    }
    double bytes = (double) each * count;

    // peer: copy the same bytes between two local files on the same disk (the server's disk)
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Files.copy(src[i], local.resolve("copy-" + i), StandardCopyOption.REPLACE_EXISTING);
    }
    double copy = (System.nanoTime() - t0) / 1e9;
    record(s, "large.localcopy.MBps", bytes / copy / MB);
    // the same copy made durable (fsync), as getToFile makes its download durable before renaming it into place
    t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Path dst = local.resolve("durable-" + i);
      Files.copy(src[i], dst, StandardCopyOption.REPLACE_EXISTING);
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dst, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(false); // as getToFile: the data, not the file's metadata
      }
    }
    double durable = (System.nanoTime() - t0) / 1e9;
    record(s, "large.localcopy.durable.MBps", bytes / durable / MB);

    try (S3BlobStore store = dev.datamgmt.storage.testing.S3Stores.builderFor(server).optPrefix("ours-large-" + round + "/").build()) {
      long c0 = cpuNanos();
      t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        store.putFile("big/" + i, src[i]);
      }
      double put = (System.nanoTime() - t0) / 1e9;
      double putCpu = (cpuNanos() - c0) / 1e9;
      c0 = cpuNanos();
      t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        store.getToFile("big/" + i, local.resolve("down-" + i));
      }
      double get = (System.nanoTime() - t0) / 1e9;
      double getCpu = (cpuNanos() - c0) / 1e9;
      // CPU seconds per GB (client and server, one process): what bounds MB/s on a machine this small
      record(s, "large.put.ours.cpu_s_per_GB", putCpu / (bytes / 1e9));
      record(s, "large.get.ours.cpu_s_per_GB", getCpu / (bytes / 1e9));
      for (int i = 0; i < count; i++) {
        if (Files.mismatch(src[i], local.resolve("down-" + i)) != -1) {
          throw new IllegalStateException("large object " + i + " read back differently");
        }
      }
      record(s, "large.put.ours.MBps", bytes / put / MB);
      record(s, "large.put.ours.objps", count / put);
      record(s, "large.get.ours.MBps", bytes / get / MB);
      record(s, "large.get.ours.objps", count / get);
    }
    String sdkPrefix = "sdk-large-" + round + "/";
    long c1 = cpuNanos();
    t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String key = sdkPrefix + "big/" + i;
      Path f = src[i];
      peerCall(() -> sdk.putObject(b -> b.bucket(server.bucket()).key(key), RequestBody.fromFile(f)));
    }
    double put = (System.nanoTime() - t0) / 1e9;
    double putCpu = (cpuNanos() - c1) / 1e9;
    c1 = cpuNanos();
    t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Path out = local.resolve("sdkdown-" + i);
      Files.deleteIfExists(out);
      String key = sdkPrefix + "big/" + i;
      sdk.getObject(b -> b.bucket(server.bucket()).key(key), ResponseTransformer.toFile(out));
    }
    double get = (System.nanoTime() - t0) / 1e9;
    double getCpu = (cpuNanos() - c1) / 1e9;
    record(s, "large.put.sdk.cpu_s_per_GB", putCpu / (bytes / 1e9));
    record(s, "large.get.sdk.cpu_s_per_GB", getCpu / (bytes / 1e9));
    record(s, "large.put.sdk.MBps", bytes / put / MB);
    record(s, "large.get.sdk.MBps", bytes / get / MB);
    deleteTree(local);
    deleteTree(server.dataDir().resolve(server.bucket()).resolve("ours-large-" + round));
    deleteTree(server.dataDir().resolve(server.bucket()).resolve("sdk-large-" + round));
  }

  // ------------------------------------------------------------------ cache

  private static void cache(Options o, int round, Map<String, List<Double>> s) throws Exception {
    Path base = Files.createDirectories(o.dir().resolve("cache-" + round));
    int objectBytes = 4 << 20;
    int n = (int) Math.max(1, Math.min(o.cacheBytes(), o.totalBytes()) / objectBytes);
    byte[][] data = new byte[n][];
    String[] keys = new String[n];
    Path files = Files.createDirectories(base.resolve("plain"));
    try (BlobStore backend = FileSystemBlobStore.builder().setRoot(base.resolve("backend")).optFsync(false).build()) {
      for (int i = 0; i < n; i++) {
        data[i] = payload(objectBytes, 77_000L * round + i);
        keys[i] = RepositoryKeys.objectKey(ContentHash.of(data[i]));
        backend.put(keys[i], data[i]);
        Files.write(files.resolve("f" + i), data[i]);
      }
      double bytes = (double) n * objectBytes;
      // memory tier: everything fits; first pass fills, later passes are warm hits
      try (CachingBlobStore mem = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
          .optMemoryBytes(2 * (long) n * objectBytes).optMaxMemoryEntry(objectBytes).build()) {
        for (String k : keys) {
          mem.get(k);
        }
        List<Double> passes = new ArrayList<>();
        for (int pass = 0; pass < 5; pass++) {
          long t0 = System.nanoTime();
          long sum = 0;
          for (String k : keys) {
            sum += mem.get(k).length;
          }
          passes.add(sum / ((System.nanoTime() - t0) / 1e9) / MB);
        }
        record(s, "cache.memory.MBps", median(passes));
        // the same hits as read-only views (getBuffer), each copied into one reused caller array: the bytes are
        // still moved once, but nothing is allocated per hit
        byte[] into = new byte[objectBytes];
        List<Double> viewPasses = new ArrayList<>();
        for (int pass = 0; pass < 5; pass++) {
          long t0 = System.nanoTime();
          long sum = 0;
          for (String k : keys) {
            java.nio.ByteBuffer b = mem.getBuffer(k);
            int len = b.remaining();
            b.get(into, 0, len);
            sum += len + (into[len - 1] & 1);
          }
          viewPasses.add(sum / ((System.nanoTime() - t0) / 1e9) / MB);
        }
        record(s, "cache.memory.view.MBps", median(viewPasses));
      }
      // disk tier alone (memory off): warm hits vs reading the same bytes from plain files
      try (CachingBlobStore disk = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
          .optMemoryBytes(0).optDisk(base.resolve("disk"), 2 * (long) n * objectBytes).build()) {
        for (String k : keys) {
          disk.get(k);
        }
        List<Double> cachePasses = new ArrayList<>();
        List<Double> filePasses = new ArrayList<>();
        for (int pass = 0; pass < 5; pass++) {
          long t0 = System.nanoTime();
          long sum = 0;
          for (String k : keys) {
            sum += disk.get(k).length;
          }
          cachePasses.add(sum / ((System.nanoTime() - t0) / 1e9) / MB);
          t0 = System.nanoTime();
          sum = 0;
          for (int i = 0; i < n; i++) {
            sum += Files.readAllBytes(files.resolve("f" + i)).length;
          }
          filePasses.add(sum / ((System.nanoTime() - t0) / 1e9) / MB);
        }
        if (disk.stats().misses() != n) {
          throw new IllegalStateException("expected exactly one miss per object, got " + disk.stats());
        }
        record(s, "cache.disk.MBps", median(cachePasses));
        record(s, "cache.readfile.MBps", median(filePasses));
      }
      if (!Arrays.equals(backend.get(keys[0]), data[0])) {
        throw new IllegalStateException("cache benchmark data changed");
      }
    } finally {
      deleteTree(base);
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger PEER_RETRIES = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * One peer upload, repeated once if the SDK's URLConnection transport fails its {@code Expect: 100-continue}
   * handshake with an UncheckedIOException, which the SDK does not retry (seen now and then against S3Proxy;
   * counted and printed, and the retry's time counts against the peer).
   */
  private static void peerCall(Runnable call) {
    try {
      call.run();
    } catch (UncheckedIOException e) {
      PEER_RETRIES.incrementAndGet();
      call.run();
    }
  }

  /** CPU time of this whole process (client and the in-process server), in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Cores used (CPU time / wall time) and CPU milliseconds per object of one phase. */
  private static void recordCpu(Map<String, List<Double>> s, String phase, double cpu, double wall, int objects) {
    record(s, phase + ".cores", cpu / wall);
    record(s, phase + ".cpu_ms_per_obj", cpu * 1000 / objects);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> st = Files.walk(dir)) {
      st.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
