package dev.datamgmt.benchmarks.synth;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OCR text lines: ours (Java2D, exact character and word boxes, PNG-encoded as stored) on 1 and 2 threads beside
 * the trdg-style Pillow peer on one thread ({@link PillowPeer}), then generate-and-commit into a local repository
 * against generation alone, with the peak resident memory. Prints medians and ratios.
 *
 * <p>Arguments ({@code key=value}): {@code lines} per repeat (default 4000), {@code repeats} (default 5),
 * {@code commit} lines for the end-to-end run (default 20000, 0 to skip), {@code peer} (default true),
 * {@code packBytes} (the commit's pack size, default the library's {@link PackWriter#DEFAULT_TARGET_BYTES}, 64 MiB:
 * the pack writer holds the pack being filled and the one being written in the background, in 128 KiB blocks, so
 * about three packs at most; a small heap such as {@code -Xmx256m} needs 8 MiB packs), {@code commitRepeats}
 * (default 3), {@code warmCommit} (default the smaller of {@code commit} and 20,000), {@code commitOnly} (if set, only the commit path alone on that many replayed samples,
 * see {@link #commitPathAlone}). The end-to-end run first commits {@code warmCommit} lines into a throwaway
 * repository, so that the commit path is JIT-warm like the generation it is compared with (its per-record code
 * reaches the JIT's top tier only after some 10,000 records: a 2,000-line warm-up left it compiling during the
 * timed commit, which a 100,000-line job pays once, while the generation it was compared with was warm), then
 * alternates {@code commitRepeats} pairs of generation alone and generate + commit (each into a new repository) and
 * prints each pair's cost of committing, with the JIT and GC time of each half, and the medians.
 */
public final class SynthBenchmark {
  static final List<String> WORDS = List.of("invoice", "total", "Qty", "12.50", "EUR", "paid", "2026-01-31",
      "datamgmt", "synthetic", "receipt", "No.", "4711", "Hello", "world", "quick", "brown", "fox", "jumps", "over",
      "the", "lazy", "dog", "Amount", "due", "VAT", "19%", "cash", "card", "change", "thank", "you");

  private SynthBenchmark() {}

  /**
   * The generator of the benchmark with the peer's settings: its three fonts, 20-36 px, 2-5 words, a Gaussian-noise
   * background (level 200-255, sigma 12) on every line, skew ±3°, blur 0-1.2, height 32, and no final noise (the
   * peer adds none).
   */
  static OcrLinesConfig.Builder peerSettings(Path fonts) {
    return OcrLinesConfig.builder().optFontFolder(fonts).setWords(WORDS)
        .optBackground(WeightedChoice.uniform(List.of("noise")), Distribution.uniform(200, 255), 12)
        .optNoise(Distribution.constant(0));
  }

  static Generator ocr(Path fonts) {
    return peerSettings(fonts).build().newGenerator();
  }

  /** The same lines without the character and word boxes (image and text only): the cost of exact boxes. */
  static Generator ocrWithoutBoxes(Path fonts) {
    return peerSettings(fonts).optBoxes(false).build().newGenerator();
  }

  /** The three DejaVu fonts of fonts-dejavu-core that the peer uses, in a folder. */
  static Path fonts() throws Exception {
    Path dir = Files.createTempDirectory("synth-bench-fonts");
    for (String f : List.of("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf")) {
      Files.copy(Path.of("/usr/share/fonts/truetype/dejavu", f), dir.resolve(f));
    }
    return dir;
  }

  /** Lines/s generating {@code [offset, offset + lines)} on {@code threads} threads (each sample as stored). */
  static double generate(Generator g, long offset, int lines, int threads) throws Exception {
    long t = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int w = 0; w < threads; w++) {
      int id = w;
      Thread th = new Thread(() -> {
        try {
          for (long i = offset + id; i < offset + lines; i += threads) {
            Synth.sample(g, 1, i);
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      });
      th.start();
      workers.add(th);
    }
    for (Thread th : workers) {
      th.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException(failure[0]);
    }
    return lines / ((System.nanoTime() - t) / 1e9);
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  /** CPU time of this process (all threads, JIT and GC included), or 0 where the JVM cannot tell. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /** Peak resident set size of this process in MiB (VmHWM), or -1 where /proc is absent. */
  static double peakRssMib() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code key=value} arguments, see the class comment
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    int lines = Integer.parseInt(a.getOrDefault("lines", "4000"));
    int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
    int commitLines = Integer.parseInt(a.getOrDefault("commit", "20000"));
    boolean peer = Boolean.parseBoolean(a.getOrDefault("peer", "true"));
    int packBytes = Integer.parseInt(a.getOrDefault("packBytes", Integer.toString(PackWriter.DEFAULT_TARGET_BYTES)));
    int commitRepeats = Integer.parseInt(a.getOrDefault("commitRepeats", "3"));
    int warmCommit = Integer.parseInt(a.getOrDefault("warmCommit", Integer.toString(Math.min(commitLines, 20_000))));
    Path fonts = fonts();
    Generator g = ocr(fonts);
    Generator bare = ocrWithoutBoxes(fonts);
    int commitOnly = Integer.parseInt(a.getOrDefault("commitOnly", "0"));
    if (commitOnly > 0) {
      commitPathAlone(replay(g, 2000), commitOnly, commitRepeats, packBytes);
      deleteTree(fonts);
      return;
    }
    generate(g, 1_000_000, Math.min(lines, 2000), 2); // warm-up (JIT, glyph caches)
    generate(bare, 1_000_000, Math.min(lines, 2000), 2);
    List<Double> one = new ArrayList<>(), two = new ArrayList<>(), noBoxes = new ArrayList<>();
    List<Double> cores = new ArrayList<>(), p = new ArrayList<>(), pp = new ArrayList<>();
    List<Double> ratio = new ArrayList<>(), ratioPng = new ArrayList<>();
    int peerLines = Math.min(lines, 2000);
    // ours and the peer alternate within each repeat, so that a ratio compares runs under the same load
    for (int r = 0; r < repeats; r++) {
      one.add(generate(g, (long) r * lines, lines, 1));
      noBoxes.add(generate(bare, (long) r * lines, lines, 1));
      long cpu = processCpuNanos(), wall = System.nanoTime();
      two.add(generate(g, (long) r * lines, lines, 2));
      cores.add((processCpuNanos() - cpu) / (double) (System.nanoTime() - wall));
      if (peer) {
        p.add(PillowPeer.run(peerLines, 1, false, WORDS).get(0));
        pp.add(PillowPeer.run(peerLines, 1, true, WORDS).get(0));
        ratio.add(one.get(r) / p.get(r));
        ratioPng.add(one.get(r) / pp.get(r));
      }
    }
    System.out.printf(Locale.ROOT, "ours, 1 thread:  %.0f lines/s (median of %s)%n", median(one), round(one));
    System.out.printf(Locale.ROOT, "ours, 1 thread, no boxes: %.0f lines/s (median of %s): exact boxes cost %.1f%%%n",
        median(noBoxes), round(noBoxes), 100 * (median(noBoxes) / median(one) - 1));
    System.out.printf(Locale.ROOT, "ours, 2 threads: %.0f lines/s (median of %s), %.2fx one thread (%d cores "
        + "available, %.2f used: process CPU time / wall time, median)%n", median(two), round(two),
        median(two) / median(one), Runtime.getRuntime().availableProcessors(), median(cores));
    if (peer) {
      System.out.printf(Locale.ROOT, "Pillow peer, 1 thread, image only: %.0f lines/s (median of %s)%n", median(p),
          round(p));
      System.out.printf(Locale.ROOT, "Pillow peer, 1 thread, with PNG:   %.0f lines/s (median of %s)%n", median(pp),
          round(pp));
      System.out.printf(Locale.ROOT, "ratio ours (PNG + boxes) / Pillow image only: %.2fx (medians; per repeat %s); "
              + "/ Pillow with PNG: %.2fx (per repeat %s)%n", median(one) / median(p), round2(ratio),
          median(one) / median(pp), round2(ratioPng));
    }
    if (commitLines > 0) {
      // the commit path gets a JIT warm-up too: a small commit into a throwaway repository; then pairs of
      // (generation alone, generate + commit) alternate, so that a ratio compares runs under the same load and
      // the later pairs show the steady state (the first one still compiles parts of the commit path)
      Path warm = Files.createTempDirectory("synth-bench-warm");
      try (BlobStore store = FileSystemBlobStore.builder().setRoot(warm).build()) {
        Synth.commit(g).setRepository(Repository.init(store)).setSeed(2).setRange(0, warmCommit)
            .optThreads(2).optPackBytes(packBytes).build().run();
      }
      deleteTree(warm);
      List<Double> cpuCost = new ArrayList<>(), wallCost = new ArrayList<>();
      for (int r = 0; r < commitRepeats; r++) {
        long[] before = jitAndGcMillis();
        Map<String, Double> kinds0 = cpuByKind();
        long cpu0 = processCpuNanos();
        double alone = generate(g, 5_000_000, commitLines, 2);
        long cpuAlone = processCpuNanos() - cpu0;
        long[] between = jitAndGcMillis();
        Map<String, Double> kinds1 = cpuByKind();
        Path root = Files.createTempDirectory("synth-bench-repo");
        long t = System.nanoTime();
        long cpu1 = processCpuNanos();
        DatasetVersion v;
        try (BlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
          v = Synth.commit(g).setRepository(Repository.init(store)).setSeed(1).setRange(5_000_000,
              5_000_000L + commitLines).optThreads(2).optPackBytes(packBytes).build().run();
        }
        long cpuCommit = processCpuNanos() - cpu1;
        double withCommit = commitLines / ((System.nanoTime() - t) / 1e9);
        long[] after = jitAndGcMillis();
        Map<String, Double> kinds2 = cpuByKind();
        cpuCost.add(100 * (cpuCommit / (double) cpuAlone - 1));
        wallCost.add(100 * (alone / withCommit - 1));
        System.out.printf(Locale.ROOT, "end to end, pair %d, 2 threads, %d lines: generation alone %.0f lines/s, "
                + "generate + pack + commit %.0f lines/s: committing costs %.1f%% in wall time; process CPU time "
                + "%.1f s vs %.1f s: committing costs %.1f%% in CPU time (JIT compiling %.1f s vs %.1f s, GC pauses "
                + "%.2f s vs %.2f s); version %s%n", r + 1, commitLines, alone, withCommit, wallCost.get(r),
            cpuAlone / 1e9, cpuCommit / 1e9, cpuCost.get(r), (between[0] - before[0]) / 1e3,
            (after[0] - between[0]) / 1e3, (between[1] - before[1]) / 1e3, (after[1] - between[1]) / 1e3, v.id());
        System.out.printf(Locale.ROOT, "  CPU by thread kind: generation alone %s; generate + commit %s%n",
            cpuDelta(kinds0, kinds1), cpuDelta(kinds1, kinds2));
        deleteTree(root);
      }
      System.out.printf(Locale.ROOT, "end to end, %d lines: committing costs %.1f%% in CPU time (median of %s), "
              + "%.1f%% in wall time (median of %s); peak RSS %.0f MiB (-Xmx %d MiB)%n", commitLines,
          median(cpuCost), round1(cpuCost), median(wallCost), round1(wallCost), peakRssMib(),
          Runtime.getRuntime().maxMemory() >> 20);
    }
    deleteTree(fonts);
  }

  /**
   * The commit path's own CPU per sample: replaying {@code n} kept samples alone vs committing them (2 threads,
   * a new repository each time), {@code repeats} pairs after one warm-up pair.
   */
  static void commitPathAlone(Generator replay, int n, int repeats, int packBytes) throws Exception {
    for (int r = -1; r < repeats; r++) {
      Map<String, Double> k0 = cpuByKind();
      double alone = generate(replay, 0, n, 2);
      Map<String, Double> k1 = cpuByKind();
      Path root = Files.createTempDirectory("synth-bench-repo");
      long t = System.nanoTime();
      try (BlobStore store = FileSystemBlobStore.builder().setRoot(root).build()) {
        Synth.commit(replay).setRepository(Repository.init(store)).setSeed(1).setRange(0, n).optThreads(2)
            .optPackBytes(packBytes).build().run();
      }
      double withCommit = n / ((System.nanoTime() - t) / 1e9);
      Map<String, Double> k2 = cpuByKind();
      double cpuAlone = k1.get("all") - k0.get("all"), cpuCommit = k2.get("all") - k1.get("all");
      System.out.printf(Locale.ROOT, "%s %d samples, 2 threads: replay alone %.0f/s (%s), replay + commit %.0f/s "
              + "(%s): the commit path costs %.1f us of CPU per sample%n", r < 0 ? "warm-up," : "pair " + (r + 1) + ",",
          n, alone, cpuDelta(k0, k1), withCommit, cpuDelta(k1, k2), (cpuCommit - cpuAlone) / n * 1e6);
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * CPU seconds so far of this process by kind of thread, from {@code /proc/self/task} (Linux; only {@code all}
   * elsewhere): {@code jit} (the C1/C2 compiler threads), {@code gc} (the collector's threads: pauses and
   * concurrent work, and the VM thread) and {@code all} (the process, ended threads included). The JVM's own
   * threads live as long as the process, so differences between two readings are exact to a clock tick.
   */
  static Map<String, Double> cpuByKind() {
    Map<String, Double> out = new java.util.TreeMap<>();
    out.put("all", processCpuNanos() / 1e9);
    out.put("jit", 0.0);
    out.put("gc", 0.0);
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      out.put("system", Long.parseLong(f[12]) / 100.0); // stime of the process, ended threads included
    } catch (Exception e) {
      // not Linux: no split
    }
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        String comm, stat;
        try {
          comm = Files.readString(t.resolve("comm")).trim();
          stat = Files.readString(t.resolve("stat"));
        } catch (java.io.IOException gone) {
          continue;
        }
        // fields after the parenthesised name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second)
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        if (comm.contains("CompilerThre")) {
          out.merge("jit", sec, Double::sum);
        } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
          out.merge("gc", sec, Double::sum);
        }
      }
    } catch (Exception e) {
      out.remove("jit");
      out.remove("gc");
    }
    return out;
  }

  /** CPU seconds between two readings of {@link #cpuByKind}: JIT, GC and the rest (our threads). */
  static String cpuDelta(Map<String, Double> before, Map<String, Double> after) {
    if (!after.containsKey("jit")) {
      return String.format(Locale.ROOT, "%.1f s", after.get("all") - before.get("all"));
    }
    double jit = after.get("jit") - before.get("jit"), gc = after.get("gc") - before.get("gc");
    double rest = after.get("all") - before.get("all") - jit - gc;
    String sys = after.containsKey("system")
        ? String.format(Locale.ROOT, " (system time %.1f s)", after.get("system") - before.get("system")) : "";
    return String.format(Locale.ROOT, "ours %.1f s + JIT %.1f s + GC %.1f s%s", rest, jit, gc, sys);
  }

  /**
   * A generator that replays {@code base}'s samples {@code [0, n)} for every index, each a copy with the index
   * written into the last 8 bytes of each of its blobs, so that every blob is distinct (the pack writer would otherwise store a
   * repeated blob once): the commit path's own cost is the difference between committing this and replaying it
   * alone (a 15 KB copy per sample).
   */
  static Generator replay(Generator base, int n) throws Exception {
    if (n <= 0) {
      throw new IllegalArgumentException("replay needs at least one sample: " + n);
    }
    GeneratedSample[] kept = new GeneratedSample[n];
    for (int i = 0; i < n; i++) {
      kept[i] = Synth.sample(base, 1, i);
    }
    return new Generator() {
      @Override
      public String name() {
        return "replay";
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public GeneratedSample generate(long index, java.util.SplittableRandom random) {
        GeneratedSample s = kept[(int) (index % n)];
        GeneratedSample.Builder out = GeneratedSample.builder().setData(stamped(s.data().bytes(), index),
            s.data().mediaType());
        s.extraBlobs().forEach((name, blob) -> out.addBlob(name, stamped(blob.bytes(), index), blob.mediaType()));
        s.label().ifPresent(out::optLabel);
        s.attributes().forEach(out::addAttribute);
        return out.build();
      }
    };
  }

  /** A copy of {@code b} with {@code index} xor-ed into its last 8 bytes (fewer if shorter). */
  private static byte[] stamped(byte[] b, long index) {
    byte[] c = b.clone();
    for (int k = 0; k < Math.min(8, c.length); k++) {
      c[c.length - 1 - k] ^= (byte) (index >>> (8 * k));
    }
    return c;
  }

  /** Milliseconds the JIT compilers and the garbage collectors (pauses) have spent so far. */
  static long[] jitAndGcMillis() {
    long gc = 0;
    for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, b.getCollectionTime());
    }
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    return new long[] {jit == null ? 0 : jit.getTotalCompilationTime(), gc};
  }

  private static List<String> round1(List<Double> v) {
    return v.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList();
  }

  private static List<String> round2(List<Double> v) {
    return v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
  }

  private static List<Long> round(List<Double> v) {
    return v.stream().map(Math::round).toList();
  }
}
