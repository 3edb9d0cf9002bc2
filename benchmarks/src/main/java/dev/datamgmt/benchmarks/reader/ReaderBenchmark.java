package dev.datamgmt.benchmarks.reader;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.cache.CachingBlobStore;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.djl.ShardStreamingDataset;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.imagefolder.ImageFolder;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.Partition;
import dev.datamgmt.storage.reader.ReaderCheckpoint;
import dev.datamgmt.storage.s3.S3BlobStore;
import dev.datamgmt.storage.shard.ShardInfo;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.testing.S3Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One epoch of the 60,000 Fashion-MNIST training images, stored as PNG files in ImageFolder layout, read by
 * PyTorch's DataLoader (torchvision ImageFolder + ToTensor, batch 128, 2 workers) and by our reader producing
 * the same tensors (3 x 28 x 28 FLOAT32 in [0, 1], as torchvision's RGB loader gives) as DJL batches: from a
 * local repository, and from S3 (S3Proxy on loopback) through a cold caching tier. Every measured run is a fresh
 * process; figures are medians; peak RSS is the process's VmHWM (Python: the main process and its largest
 * worker). Finally a reader process is killed with SIGKILL mid-epoch and resumed from its last checkpoint.
 *
 * <p>Arguments: {@code --dir <work dir>} (default {@code /tmp/datamgmt-bench/reader}; the exported images and
 * repositories are kept there between runs), {@code --limit <n>} (default 60000), {@code --runs <n>} (default 3),
 * {@code --skip-peer}, {@code --skip-s3}, {@code --epochs n} (each process reads n epochs and reports the last, as
 * in a training run after its first epoch; default 1).
 */
public final class ReaderBenchmark {
  static final List<String> CLASSES = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal",
      "shirt", "sneaker", "bag", "ankle_boot");
  static final int BATCH = 128;
  static final int WORKERS = 2;
  /** Epochs per measured process ({@code --epochs}); the last one is timed (the first pays the JIT and imports). */
  static int epochs = 1;

  private ReaderBenchmark() {}

  /** Runs the benchmark, or one measured child run when the first argument is {@code --child}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    if (a.containsKey("child")) {
      child(a);
      return;
    }
    Path dir = Path.of(a.getOrDefault("dir", "/tmp/datamgmt-bench/reader"));
    int limit = Integer.parseInt(a.getOrDefault("limit", "60000"));
    int runs = Integer.parseInt(a.getOrDefault("runs", "3"));
    epochs = Integer.parseInt(a.getOrDefault("epochs", "1"));
    try {
      Result r = run(dir, limit, runs, !a.containsKey("skip-peer"), !a.containsKey("skip-s3"));
      System.out.println(r.report());
    } catch (Exception | Error e) {
      // a failed S3 server start can leave non-daemon server threads behind; never hang a benchmark run
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** What one benchmark invocation measured. */
  record Result(int samples, List<Double> peer, List<Double> local, List<Double> s3, long peerRssKb,
      long peerWorkerRssKb, long localRssKb, long s3RssKb, long baselineRssKb, int resumedDelivered, int resumedRepeats,
      int resumedMissing, int killedAfterBatches) {

    static double median(List<Double> xs) {
      if (xs.isEmpty()) {
        return Double.NaN;
      }
      double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    String report() {
      double p = median(peer);
      double l = median(local);
      double s = median(s3);
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("samples per epoch: %d%n", samples));
      sb.append(String.format("peer  PyTorch DataLoader (ImageFolder PNG, ToTensor, batch %d, %d workers): "
          + "median %.0f samples/s  runs %s  peak RSS main %d MB + worker %d MB%n", BATCH, WORKERS, p, fmt(peer),
          peerRssKb / 1024, peerWorkerRssKb / 1024));
      sb.append(String.format("ours  local repository, decoded DJL batches: median %.0f samples/s  runs %s  "
          + "peak RSS %d MB (JVM + PyTorch before reading: %d MB)  ratio %.2fx%n", l, fmt(local), localRssKb / 1024,
          baselineRssKb / 1024, l / p));
      if (!s3.isEmpty()) {
        sb.append(String.format("ours  S3 (loopback S3Proxy), cold cache: median %.0f samples/s  runs %s  "
            + "peak RSS %d MB  ratio %.2fx%n", s, fmt(s3), s3RssKb / 1024, s / p));
      }
      sb.append(String.format("resume after SIGKILL (killed after %d batches): delivered %d of %d, "
          + "repeated %d, missing %d%n", killedAfterBatches, resumedDelivered, samples, resumedRepeats,
          resumedMissing));
      return sb.toString();
    }

    private static String fmt(List<Double> xs) {
      return xs.stream().map(x -> String.format("%.0f", x)).toList().toString();
    }
  }

  static Result run(Path dir, int limit, int runs, boolean withPeer, boolean withS3) throws Exception {
    Files.createDirectories(dir);
    Path folder = exportImageFolder(dir, limit);
    Path repoDir = dir.resolve("repo-" + limit);
    String versionHex = prepareRepository(folder, repoDir);
    ShardSet set;
    try (FileSystemBlobStore fs = FileSystemBlobStore.builder().setRoot(repoDir).build()) {
      set = ShardSet.load(fs, versionHex);
    }
    List<Double> peer = new ArrayList<>();
    List<Double> local = new ArrayList<>();
    List<Double> s3 = new ArrayList<>();
    long[] rss = new long[4];
    long baseline = 0;
    S3Server server = null;
    String prefix = "reader-bench/";
    try {
      if (withS3) {
        Path s3Data = dir.resolve("s3-" + limit);
        deleteTree(s3Data); // the server creates its bucket at start, so it must start empty
        server = S3Server.start(s3Data);
        uploadShards(server, prefix, repoDir, set, versionHex);
      }
      for (int i = 0; i < runs; i++) {
        if (withPeer) {
          long[] pr = new long[2];
          peer.add(runPeer(dir, folder, pr));
          rss[0] = Math.max(rss[0], pr[0]);
          rss[1] = Math.max(rss[1], pr[1]);
        }
        long[] lr = new long[2];
        local.add(runChild(List.of("--child", "local", "--repo", repoDir.toString(), "--version", versionHex), lr));
        rss[2] = Math.max(rss[2], lr[0]);
        baseline = Math.max(baseline, lr[1]);
        if (server != null) {
          Path cache = dir.resolve("cache-cold");
          deleteTree(cache);
          long[] sr = new long[1];
          s3.add(runChild(List.of("--child", "s3", "--endpoint", server.endpoint().toString(), "--access",
              server.accessKey(), "--secret", server.secretKey(), "--bucket", server.bucket(), "--prefix", prefix,
              "--cache", cache.toString(), "--version", versionHex), sr));
          rss[3] = Math.max(rss[3], sr[0]);
        }
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    int[] resume = killAndResume(dir, repoDir, versionHex, set.records());
    return new Result((int) set.records(), peer, local, s3, rss[0], rss[1], rss[2], rss[3], baseline, resume[0],
        resume[1], resume[2], resume[3]);
  }

  /** Writes the first {@code limit} training images as {@code folder/<class>/<index>.png}, once. */
  static Path exportImageFolder(Path dir, int limit) throws Exception {
    Path folder = dir.resolve("imagefolder-" + limit);
    Path done = folder.resolve(".complete");
    if (Files.exists(done)) {
      return folder;
    }
    deleteTree(folder);
    Path fm = Path.of("/usr/share/datasets/fashion-mnist");
    IdxDataset d = Idx.read(fm.resolve("train-images-idx3-ubyte.gz"), fm.resolve("train-labels-idx1-ubyte.gz"));
    for (String c : CLASSES) {
      Files.createDirectories(folder.resolve(c));
    }
    byte[] px = new byte[28 * 28];
    for (int i = 0; i < Math.min(limit, d.size()); i++) {
      d.images().copyImage(i, px, 0);
      Files.write(folder.resolve(CLASSES.get(d.label(i))).resolve(String.format("%05d.png", i)),
          Png.encode(px, 28, 28, 1));
    }
    Files.write(done, new byte[0]);
    return folder;
  }

  /** Imports the ImageFolder into a repository and packs its shards, once; returns the version's commit hex. */
  static String prepareRepository(Path folder, Path repoDir) throws Exception {
    Path marker = repoDir.resolve("bench-version.txt");
    if (Files.exists(marker)) {
      return Files.readString(marker).trim();
    }
    deleteTree(repoDir);
    // setup only, not measured: skip the per-object fsync that makes 60,000 small writes crawl
    try (FileSystemBlobStore fs = FileSystemBlobStore.builder().setRoot(repoDir).optFsync(false).build()) {
      Repository repo = Repository.init(fs);
      CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH).setMessage("Fashion-MNIST train as ImageFolder PNGs");
      ImageFolder.importFrom(folder, Split.TRAIN, RecordSink.into(c));
      DatasetVersion v = c.commit();
      VersionShards.pack(repo, v, ShardWriter.builder().optTargetShardBytes(4L << 20));
      Files.writeString(marker, v.id().hex());
      return v.id().hex();
    }
  }

  private static void uploadShards(S3Server server, String prefix, Path repoDir, ShardSet set, String versionHex)
      throws Exception {
    try (S3BlobStore s3 = s3Store(server.endpoint().toString(), server.accessKey(), server.secretKey(),
        server.bucket(), prefix)) {
      for (ShardInfo s : set.shards()) {
        if (!s3.exists(s.key())) {
          s3.putFile(s.key(), repoDir.resolve(s.key()));
        }
      }
      set.save(s3, versionHex);
    }
  }

  static S3BlobStore s3Store(String endpoint, String access, String secret, String bucket, String prefix) {
    return S3BlobStore.builder().setBucket(bucket).optPrefix(prefix).optEndpoint(URI.create(endpoint))
        .optPathStyle(true).optCredentials(access, secret).build();
  }

  /** Runs the PyTorch peer for one epoch; returns samples/s and fills {@code rss} = {main, worker} peak KB. */
  static double runPeer(Path dir, Path folder, long[] rss) throws Exception {
    Path script = dir.resolve("peer_dataloader.py");
    Files.writeString(script, PEER);
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), folder.toString(),
        Integer.toString(WORKERS), Integer.toString(BATCH), Integer.toString(epochs)).redirectErrorStream(true).start();
    Map<String, String> kv = results(p, "peer");
    rss[0] = Long.parseLong(kv.get("rss_kb"));
    rss[1] = Long.parseLong(kv.get("children_rss_kb"));
    return Double.parseDouble(kv.get("samples")) / Double.parseDouble(kv.get("seconds"));
  }

  /** Runs one measured child JVM; returns samples/s and fills {@code rss[0]} with its peak RSS in KB. */
  static double runChild(List<String> args, long[] rss) throws Exception {
    Map<String, String> kv = results(startChild(args, "-Xmx1g"), "child " + args.get(1));
    rss[0] = Long.parseLong(kv.get("rss_kb"));
    if (kv.containsKey("cpu_s")) {
      System.out.printf(java.util.Locale.ROOT, "  child %s: %.2f s wall, %.2f s CPU (%.2f cores)%n", args.get(1),
          Double.parseDouble(kv.get("seconds")), Double.parseDouble(kv.get("cpu_s")),
          Double.parseDouble(kv.get("cpu_s")) / Double.parseDouble(kv.get("seconds")));
    }
    if (rss.length > 1) {
      rss[1] = Long.parseLong(kv.get("baseline_rss_kb"));
    }
    return Double.parseDouble(kv.get("samples")) / Double.parseDouble(kv.get("seconds"));
  }

  static Process startChild(List<String> args, String heap) throws IOException {
    args = new ArrayList<>(args);
    args.addAll(List.of("--epochs", Integer.toString(epochs)));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        heap, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    // -Dreader.childJvm=<one option> passes a JVM option to every child (e.g. a flight recording)
    String extra = System.getProperty("reader.childJvm", "");
    if (!extra.isEmpty()) {
      cmd.add(extra);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReaderBenchmark.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static Map<String, String> results(Process p, String what) throws Exception {
    Map<String, String> kv = new HashMap<>();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.append(line).append('\n');
        if (line.startsWith("RESULT ")) {
          for (String part : line.substring(7).trim().split(" ")) {
            String[] x = part.split("=", 2);
            kv.put(x[0], x[1]);
          }
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || !kv.containsKey("samples")) {
      throw new IllegalStateException(what + " failed with exit code " + rc + ":\n" + out);
    }
    return kv;
  }

  /** Child process: one timed epoch, then "RESULT samples=... seconds=... rss_kb=...". */
  private static void child(Map<String, String> a) throws Exception {
    String mode = a.get("child");
    if (mode.equals("resume-writer")) {
      resumeWriter(a);
      return;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.zeros(new ai.djl.ndarray.types.Shape(1)).close(); // load the engine before the clock starts
      BlobStore store;
      if (mode.equals("local")) {
        store = FileSystemBlobStore.builder().setRoot(Path.of(a.get("repo"))).build();
      } else {
        store = CachingBlobStore.builder()
            .setBackend(s3Store(a.get("endpoint"), a.get("access"), a.get("secret"), a.get("bucket"), a.get("prefix")))
            .optCloseBackend(true)
            .optMemoryBytes(16L << 20)
            .optDisk(Path.of(a.get("cache")), 1L << 30)
            .build();
      }
      try (store) {
        long baseline = peakRssKb(); // JVM + PyTorch loaded, nothing read yet
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        int count = Integer.parseInt(a.getOrDefault("epochs", "1"));
        long n = 0;
        double seconds = 0;
        double cpu = 0;
        for (int e = 0; e < count; e++) { // the last epoch is the one reported
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          n = epoch(store, a.get("version"), manager, null, null);
          seconds = (System.nanoTime() - t0) / 1e9;
          cpu = (os.getProcessCpuTime() - c0) / 1e9;
        }
        System.out.printf("RESULT samples=%d seconds=%.4f rss_kb=%d baseline_rss_kb=%d cpu_s=%.3f%n", n, seconds,
            peakRssKb(), baseline, cpu);
      }
    }
  }

  /** Reads one epoch as DJL batches; returns the number of samples. */
  static long epoch(BlobStore store, String versionHex, NDManager manager, ReaderCheckpoint resume,
      java.util.function.BiConsumer<Batch, ReaderCheckpoint> each) throws Exception {
    ShardSet set = ShardSet.load(store, versionHex);
    long n = 0;
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).optSeed(42)
            .optShuffleBuffer(4096).optPrefetchShards(2).optIoThreads(2).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader)
            .setTensors(ImageTensors.builder().setSize(28, 28).optChannels(3).build())
            .setBatchSize(BATCH).optDecodeThreads(WORKERS).optResumeFrom(resume).build()) {
      for (Batch b : ds.getData(manager)) {
        try (b) {
          n += b.getSize();
          if (each != null) {
            each.accept(b, ds.lastCheckpoint());
          }
        }
      }
    }
    return n;
  }

  /** Child: reads with a checkpoint after every batch, written atomically together with the batch's indices. */
  private static void resumeWriter(Map<String, String> a) throws Exception {
    Path log = Path.of(a.get("log"));
    Files.createDirectories(log);
    ReaderCheckpoint resume = null;
    if (a.containsKey("resume")) {
      resume = ReaderCheckpoint.fromJson(Files.readAllBytes(Path.of(a.get("resume"))), a.get("resume"));
    }
    int[] k = {a.containsKey("start") ? Integer.parseInt(a.get("start")) : 0};
    long slowMs = Long.parseLong(a.getOrDefault("slow-ms", "0"));
    try (NDManager manager = NDManager.newBaseManager();
        FileSystemBlobStore store = FileSystemBlobStore.builder().setRoot(Path.of(a.get("repo"))).build()) {
      long n = epoch(store, a.get("version"), manager, resume, (b, cp) -> {
        try {
          StringBuilder sb = new StringBuilder();
          for (Object i : b.getIndices()) {
            sb.append(i).append('\n');
          }
          // indices and the checkpoint after them land together or not at all, like a model checkpoint would
          Path tmp = log.resolve("batch-" + k[0] + ".tmp");
          Files.write(tmp, (new String(cp.toJson(), StandardCharsets.UTF_8) + "\n" + sb).getBytes(StandardCharsets.UTF_8));
          Files.move(tmp, log.resolve(String.format("batch-%06d.done", k[0])), StandardCopyOption.ATOMIC_MOVE);
          k[0]++;
          if (slowMs > 0) {
            Thread.sleep(slowMs);
          }
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      System.out.printf("RESULT samples=%d seconds=1 rss_kb=%d%n", n, peakRssKb());
    }
  }

  /**
   * Starts a reader, kills it (SIGKILL) after a few batches, resumes from its last completed checkpoint in a
   * new process, and counts delivered, repeated and missing samples. Returns {delivered, repeats, missing,
   * batches before the kill}.
   */
  static int[] killAndResume(Path dir, Path repoDir, String versionHex, long size) throws Exception {
    Path log = dir.resolve("resume-log");
    deleteTree(log);
    Files.createDirectories(log);
    Process p = startChild(List.of("--child", "resume-writer", "--repo", repoDir.toString(), "--version",
        versionHex, "--log", log.toString(), "--slow-ms", "20"), "-Xmx1g");
    int target = (int) Math.max(2, Math.min(40, size / BATCH / 3));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (countDone(log) < target && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    p.destroyForcibly().waitFor();
    List<Path> done = doneFiles(log);
    int killedAfter = done.size();
    Path last = done.get(done.size() - 1);
    String lastText = Files.readString(last);
    Path cp = dir.resolve("resume-checkpoint.json");
    Files.writeString(cp, lastText.substring(0, lastText.indexOf('\n')));
    Map<String, String> kv = results(startChild(List.of("--child", "resume-writer", "--repo", repoDir.toString(),
        "--version", versionHex, "--log", log.toString(), "--resume", cp.toString(), "--start",
        Integer.toString(killedAfter)), "-Xmx1g"), "resumed reader");
    List<Long> all = new ArrayList<>();
    for (Path f : doneFiles(log)) {
      List<String> lines = Files.readAllLines(f);
      for (String l : lines.subList(1, lines.size())) {
        if (!l.isBlank()) {
          all.add(Long.parseLong(l.trim()));
        }
      }
    }
    Set<Long> distinct = new HashSet<>(all);
    int missing = 0;
    for (long i = 0; i < size; i++) {
      missing += distinct.contains(i) ? 0 : 1;
    }
    if (Long.parseLong(kv.get("samples")) + (long) all.size() < 0) {
      throw new IllegalStateException("unreachable");
    }
    return new int[] {distinct.size(), all.size() - distinct.size(), missing, killedAfter};
  }

  private static int countDone(Path log) throws IOException {
    return doneFiles(log).size();
  }

  private static List<Path> doneFiles(Path log) throws IOException {
    try (Stream<Path> s = Files.list(log)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".done")).sorted().toList();
    }
  }

  /** Peak resident set size of this process (VmHWM), in KB. */
  static long peakRssKb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + args[i] + " in " + Arrays.toString(args));
      }
      String k = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        m.put(k, args[++i]);
      } else {
        m.put(k, "true");
      }
    }
    return m;
  }

  /** The peer: exactly the usual PyTorch recipe, timed around one epoch's loop. */
  static final String PEER = """
      import resource, sys, time
      import torch
      from torchvision import datasets, transforms
      root, workers, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
      epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
      torch.manual_seed(42)
      ds = datasets.ImageFolder(root, transform=transforms.ToTensor())
      loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=True, num_workers=workers)
      for epoch in range(epochs):  # the last epoch is the one reported
          t = time.perf_counter()
          n = 0
          for x, y in loader:
              n += x.shape[0]
          dt = time.perf_counter() - t
      assert tuple(x.shape[1:]) == (3, 28, 28), x.shape
      main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
      worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
      print(f"RESULT samples={n} seconds={dt:.4f} rss_kb={main_rss} children_rss_kb={worker_rss}", flush=True)
      """;
}
