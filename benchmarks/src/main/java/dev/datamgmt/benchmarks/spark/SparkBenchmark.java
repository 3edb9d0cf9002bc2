package dev.datamgmt.benchmarks.spark;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.spark.GeneratorFactory;
import dev.datamgmt.spark.PackSettings;
import dev.datamgmt.spark.RepositorySource;
import dev.datamgmt.spark.SparkShards;
import dev.datamgmt.spark.SparkSynth;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 22's benchmark. Part 1: pack the Fashion-MNIST training set (60,000 PNG records) into shards with the
 * single-JVM packer ({@code VersionShards.pack}) and with {@code SparkShards.pack} on local[2], side by side, with
 * Spark's own overhead (session start, an empty job of as many tasks) apart. Part 2: the scale curve: generate N
 * small synthetic records ({@code SparkSynth}, 32-byte blob + class label) and pack them, for each N, with time
 * and the peak heap after GC per record (local mode: driver and executors share this JVM, so it is an upper
 * bound of the driver's share).
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -Pbench,spark -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.spark.SparkBenchmark -Dbench.args="fmnist=2 scale=60000,600000"
 * </pre>
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  /** A tiny generator: 32 random bytes and a class label; {@code Serializable} for the executors. */
  static final class Tiny implements Generator, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "tiny";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public GeneratedSample generate(long index, SplittableRandom random) {
      byte[] b = new byte[32];
      for (int i = 0; i < b.length; i += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8; k++) {
          b[i + k] = (byte) (v >>> (8 * k));
        }
      }
      return GeneratedSample.builder().setData(b, "application/octet-stream")
          .optLabel(ClassLabel.of(random.nextInt(10))).build();
    }
  }

  /** Samples the heap after each GC (tenured pools' collection usage): the peak live set. */
  static final class PeakLive implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PeakLive() {
      List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
      thread = new Thread(() -> {
        while (running) {
          long live = 0;
          for (MemoryPoolMXBean p : pools) {
            live += p.getCollectionUsage().getUsed();
          }
          peak.accumulateAndGet(live, Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "peak-live");
      thread.setDaemon(true);
      thread.start();
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  static long liveNow() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public static void main(String[] args) throws Exception {
    int fmRuns = 2;
    List<Long> scale = new ArrayList<>(List.of(60_000L, 600_000L));
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "datamgmt-spark-bench");
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "fmnist" -> fmRuns = Integer.parseInt(kv[1]);
        case "scale" -> {
          scale.clear();
          if (!kv[1].isBlank() && !kv[1].equals("none")) {
            for (String n : kv[1].split(",")) {
              scale.add(Long.parseLong(n));
            }
          }
        }
        case "dir" -> dir = Path.of(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("datamgmt-spark-bench")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.serializer.extraDebugInfo", "false")
        .getOrCreate();
    double sessionStart = (System.nanoTime() - t0) / 1e9;
    System.out.printf("spark session start: %.2f s%n", sessionStart);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (fmRuns > 0) {
      fashionMnist(spark, jsc, dir, fmRuns);
    }
    for (long n : scale) {
      scalePoint(spark, dir, n);
    }
    spark.stop();
  }

  private static void fashionMnist(SparkSession spark, JavaSparkContext jsc, Path dir, int runs) throws Exception {
    Path repoDir = dir.resolve("fmnist-repo");
    RepositorySource src = RepositorySource.folder(repoDir);
    Path marker = repoDir.resolve("bench-version.txt");
    if (!Files.exists(marker)) {
      deleteTree(repoDir);
      try (FileSystemBlobStore fs = FileSystemBlobStore.builder().setRoot(repoDir).optFsync(false).build()) {
        Repository repo = Repository.init(fs);
        Path fm = Path.of("/usr/share/datasets/fashion-mnist");
        IdxDataset d = Idx.read(fm.resolve("train-images-idx3-ubyte.gz"), fm.resolve("train-labels-idx1-ubyte.gz"));
        CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH).setMessage("Fashion-MNIST train");
        byte[] px = new byte[28 * 28];
        try (PackWriter packs = repo.newPackWriter()) {
          for (int i = 0; i < d.size(); i++) {
            d.images().copyImage(i, px, 0);
            var ref = packs.put(Png.encode(px, 28, 28, 1), "image/png");
            c.addStoredBlob(ref.hash());
            c.addRecord(Record.builder(String.format("fm-%05d", i)).setBlob(ref).optSplit(Split.TRAIN)
                .optLabel(ClassLabel.of(d.label(i))).build());
          }
        }
        Files.writeString(marker, c.commit().id().hex());
      }
    }
    String hex = Files.readString(marker).trim();
    PackSettings settings = PackSettings.defaults().withTargetShardBytes(4L << 20);
    Repository repo = src.repository();
    DatasetVersion v = repo.checkout("sha256:" + hex);
    System.out.printf("fashion-mnist: %d records, version %s%n", v.size(), v.id());
    List<Double> single = new ArrayList<>();
    List<Double> onSpark = new ArrayList<>();
    List<Double> emptyJob = new ArrayList<>();
    ShardSet first = null;
    for (int r = 0; r < runs; r++) {
      clearShards(repo, v);
      long a = System.nanoTime();
      ShardSet s1 = VersionShards.pack(repo, repo.checkout("sha256:" + hex), settings.toWriter());
      single.add((System.nanoTime() - a) / 1e9);
      clearShards(repo, v);
      int tasks = s1.shards().size();
      long b = System.nanoTime();
      jsc.parallelize(java.util.stream.IntStream.range(0, tasks).boxed().toList(), tasks).count();
      emptyJob.add((System.nanoTime() - b) / 1e9);
      long c = System.nanoTime();
      ShardSet s2 = SparkShards.pack(spark, src, "sha256:" + hex, settings);
      onSpark.add((System.nanoTime() - c) / 1e9);
      if (!s2.shards().equals(s1.shards())) {
        throw new AssertionError("Spark's shard set differs from the single-JVM packer's");
      }
      first = s2;
      System.out.printf("run %d: single JVM %.2f s, Spark local[2] %.2f s (empty job of %d tasks %.3f s)%n",
          r + 1, single.get(r), onSpark.get(r), tasks, emptyJob.get(r));
    }
    double ms = median(single);
    double mk = median(onSpark);
    System.out.printf("FASHION-MNIST PACK: %d records, %d shards; single JVM %.2f s (%.0f rec/s), Spark local[2] "
        + "%.2f s (%.0f rec/s), single/spark %.2fx; Spark overhead apart: session start (once) see above, empty "
        + "job %.3f s; shard sets identical%n", v.size(), first.shards().size(), ms, v.size() / ms, mk,
        v.size() / mk, ms / mk, median(emptyJob));
  }

  private static void scalePoint(SparkSession spark, Path dir, long n) throws Exception {
    Path repoDir = dir.resolve("scale-" + n);
    deleteTree(repoDir);
    try (FileSystemBlobStore fs = FileSystemBlobStore.builder().setRoot(repoDir).optFsync(false).build()) {
      Repository.init(fs);
    }
    RepositorySource src = RepositorySource.folder(repoDir);
    int slices = (int) Math.max(4, n / 50_000);
    long base = liveNow();
    long a = System.nanoTime();
    DatasetVersion v;
    long genPeak;
    try (PeakLive peak = new PeakLive()) {
      v = SparkSynth.builder(() -> new Tiny()).setSource(src).setSeed(1).setRange(0, n).optSlices(slices)
          .optPackBytes(8 << 20).build().run(spark);
      genPeak = peak.peak();
    }
    double gen = (System.nanoTime() - a) / 1e9;
    String versionId = v.id().toString();
    long withVersion = liveNow(); // the driver still holds the committed version (its records)
    v = null;
    long afterGen = liveNow(); // what stays once the caller drops it
    long b = System.nanoTime();
    long packPeak;
    ShardSet set;
    try (PeakLive peak = new PeakLive()) {
      set = SparkShards.pack(spark, src, versionId, PackSettings.defaults());
      packPeak = peak.peak();
    }
    double pack = (System.nanoTime() - b) / 1e9;
    System.out.printf("SCALE %d records (%d slices): generate+commit %.1f s (%.2f us/record, %.0f rec/s), peak live "
        + "heap %.0f MB (%.0f B/record above the %.0f MB baseline), live with the committed version %.0f MB (%.0f B/record), after dropping it %.0f MB; pack %.1f s (%.2f us/record) "
        + "into %d shards, peak live heap %.0f MB (%.0f B/record above baseline)%n",
        n, slices, gen, gen * 1e6 / n, n / gen, genPeak / 1e6, (genPeak - base) / (double) n, base / 1e6,
        withVersion / 1e6, (withVersion - base) / (double) n, afterGen / 1e6, pack, pack * 1e6 / n, set.shards().size(), packPeak / 1e6, (packPeak - base) / (double) n);
    deleteTree(repoDir);
  }

  private static void clearShards(Repository repo, DatasetVersion v) throws Exception {
    var store = repo.store();
    String key = VersionShards.keyFor(v);
    if (store.exists(key)) {
      store.delete(key);
    }
    List<String> keys;
    try (Stream<BlobInfo> all = store.listAll("shards/")) {
      keys = all.map(BlobInfo::key).toList();
    }
    for (String k : keys) {
      store.delete(k);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static void deleteTree(Path p) throws Exception {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> w = Files.walk(p)) {
      for (Path q : w.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
