package dev.datamgmt.benchmarks.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.internal.cpu.HsvVectorKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The standard augmentation pipeline (224x224 RGB uint8; horizontal flip p=0.5; affine with rotation ±15°,
 * translation ±10%, scale 0.9–1.1, shear ±10°, bilinear; brightness, contrast, saturation in 0.6–1.4; normalize
 * with the ImageNet mean/std) on our CPU backend (1 and 2 threads) and device backend (on the CPU), beside
 * torchvision (1 and 2 threads) and the OpenCV way (1 thread). Prints images/s medians and the ratios, and the
 * heap retained while streaming batches.
 *
 * <p>With {@code pipeline=randaugment} it runs {@link #randAugmentPipeline} instead, beside torchvision's
 * {@code RandomResizedCrop, RandomHorizontalFlip, RandAugment(2, 9)} and the same ops written with OpenCV the
 * way Albumentations implements them.
 *
 * <p>Arguments ({@code key=value}): {@code images} per repeat (default 1024), {@code repeats} (default 5),
 * {@code batch} (default 64), {@code peers} (default true), {@code device} (default true), {@code pipeline}
 * ({@code standard}, {@code randaugment} or {@code detection}: {@link #detectionPipeline} beside the same ops in
 * OpenCV), {@code requireGpu} (default false: fail unless the device backend is on
 * a GPU; benchmarks/gpu-check.sh sets it).
 *
 * <p>The detection pipeline's 8-bit HSV shift has an optional vector kernel, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@code -Dbench.jvm="-Xmx8g --add-modules jdk.incubator.vector"});
 * then each repeat also times one thread with the scalar kernel (the default without the module), so one run
 * prints both figures.
 */
public final class AugmentBenchmark {
  private AugmentBenchmark() {}

  /** Which pipeline {@link #cpu} and {@link #device} run: {@code "standard"} or {@code "randaugment"}. */
  static volatile String pipelineName = "standard";

  /** The pipeline named by {@link #pipelineName}. */
  static Pipeline pipeline(long seed) {
    return switch (pipelineName) {
      case "randaugment" -> randAugmentPipeline(seed);
      case "detection" -> detectionPipeline(seed);
      default -> standardPipeline(seed);
    };
  }

  /**
   * The RandAugment classification pipeline: torchvision's ImageNet training recipe with RandAugment
   * (random resized crop to 224 with scale 0.08–1, horizontal flip p=0.5, {@code RandAugment(num_ops=2,
   * magnitude=9)}, normalize).
   */
  public static Pipeline randAugmentPipeline(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.randomResizedCrop(224, 224, 0.08, 1.0))
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.randAugment(2, 9))
        .add(ImageOps.normalizeImageNet())
        .build();
  }

  /**
   * The detection pipeline of issue 20: letterbox to 640 (grey 114 borders), YOLO's mosaic with three partners of
   * the batch, Albumentations' HueSaturationValue (uint8 defaults 20/30/20), horizontal flip; on 640x480 images with
   * four boxes and their instance masks each. CPU backend only (the device backend refuses mosaic).
   */
  public static Pipeline detectionPipeline(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.letterbox(640, 114 / 255.0))
        .add(ImageOps.mosaic(1))
        .add(ImageOps.hueSaturationValue(1, 40, 30 / 255.0, 20 / 255.0))
        .add(ImageOps.horizontalFlip(0.5))
        .build();
  }

  /** Distinct random 640x480 RGB uint8 images with four boxes and their instance masks, like the peer's input. */
  static List<ImageSample> detectionInputs(int distinct) {
    SplittableRandom rng = new SplittableRandom(1);
    int w = 640, h = 480;
    List<ImageSample> out = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      byte[] b = new byte[3 * h * w];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) rng.nextInt(256);
      }
      List<dev.datamgmt.core.label.Box> boxes = new ArrayList<>();
      List<dev.datamgmt.augment.geometry.SegmentationMask> masks = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        int x1 = rng.nextInt(w - 100), y1 = rng.nextInt(h - 100), bw = 20 + rng.nextInt(80), bh = 20 + rng.nextInt(80);
        boxes.add(new dev.datamgmt.core.label.Box(x1, y1, x1 + bw, y1 + bh, k));
        int[] m = new int[w * h];
        for (int y = y1; y < y1 + bh; y++) {
          java.util.Arrays.fill(m, y * w + x1, y * w + x1 + bw, 1);
        }
        masks.add(dev.datamgmt.augment.geometry.SegmentationMask.of(w, h, m));
      }
      out.add(ImageSample.of("det" + i, Raster.wrapUint8(3, h, w, b))
          .withBoxes(boxes, dev.datamgmt.augment.geometry.BoxFormat.PIXEL_XYXY).withInstanceMasks(masks));
    }
    return out;
  }

  /** The standard pipeline of the issue. */
  public static Pipeline standardPipeline(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(15, 0.1, 0.9, 1.1, 10))
        .add(ImageOps.brightness(0.6, 1.4))
        .add(ImageOps.contrast(0.6, 1.4))
        .add(ImageOps.saturation(0.6, 1.4))
        .add(ImageOps.normalizeImageNet())
        .build();
  }

  /** Distinct random 224x224 RGB uint8 images, like the peers' input. */
  static List<ImageSample> inputs(int distinct) {
    SplittableRandom rng = new SplittableRandom(1);
    List<ImageSample> out = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      byte[] b = new byte[3 * 224 * 224];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) rng.nextInt(256);
      }
      out.add(ImageSample.of("img" + i, Raster.wrapUint8(3, 224, 224, b)));
    }
    return out;
  }

  /** Process CPU time in nanoseconds (all threads), to see how many cores a run actually got. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time of the threads that augment (the CPU backend's pool threads and the calling thread, which works
   * too), in nanoseconds: process CPU time minus this is GC, JIT and everything else.
   */
  static long workerCpuNanos() {
    java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
    long total = tmx.getCurrentThreadCpuTime();
    long self = Thread.currentThread().getId();
    for (java.lang.management.ThreadInfo ti : tmx.getThreadInfo(tmx.getAllThreadIds())) {
      if (ti != null && ti.getThreadId() != self && ti.getThreadName().startsWith("datamgmt-augment-cpu-")) {
        long t = tmx.getThreadCpuTime(ti.getThreadId());
        total += Math.max(0, t);
      }
    }
    return total;
  }

  /** Cores the last {@link #cpu} repeat actually got (process CPU time / wall time), by thread count. */
  static final Map<Integer, List<Double>> CORES_USED = new java.util.concurrent.ConcurrentHashMap<>();

  /** Share of the process CPU time spent outside the augmenting threads (GC, JIT, ...), by thread count. */
  static final Map<Integer, List<Double>> OTHER_CPU_SHARE = new java.util.concurrent.ConcurrentHashMap<>();

  /** Images per CPU-second of the augmenting threads alone, by thread count. */
  static final Map<Integer, List<Double>> WORKER_RATE = new java.util.concurrent.ConcurrentHashMap<>();

  /** Images/s of the CPU backend over {@code images} images in batches, per repeat. */
  static List<Double> cpu(int threads, int images, int repeats, int batch) throws Exception {
    return cpu(threads, threads, images, repeats, batch);
  }

  /** Like {@link #cpu(int, int, int, int)}, with the per-CPU figures recorded under {@code key}. */
  private static List<Double> cpu(int key, int threads, int images, int repeats, int batch) throws Exception {
    List<ImageSample> base = pipelineName.equals("detection") ? detectionInputs(16) : inputs(16);
    List<Double> rates = new ArrayList<>();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline(1)).optThreads(threads).build()) {
      runCpu(aug, base, Math.min(images, 256), batch, 0);
      for (int r = 0; r < repeats; r++) {
        long t = System.nanoTime(), c = processCpuNanos(), wc = workerCpuNanos();
        runCpu(aug, base, images, batch, r + 1);
        long wall = System.nanoTime() - t;
        long proc = processCpuNanos() - c, work = workerCpuNanos() - wc;
        rates.add(images / (wall / 1e9));
        CORES_USED.computeIfAbsent(key, k -> new ArrayList<>()).add(proc / (double) wall);
        OTHER_CPU_SHARE.computeIfAbsent(key, k -> new ArrayList<>()).add(1 - work / (double) proc);
        WORKER_RATE.computeIfAbsent(key, k -> new ArrayList<>()).add(images / (work / 1e9));
      }
    }
    return rates;
  }

  private static void runCpu(CpuAugmenter aug, List<ImageSample> base, int images, int batch, long epoch)
      throws Exception {
    for (int start = 0; start < images; start += batch) {
      int n = Math.min(batch, images - start);
      List<ImageSample> b = new ArrayList<>(n);
      long[] idx = new long[n];
      for (int i = 0; i < n; i++) {
        b.add(base.get((start + i) % base.size()));
        idx[i] = start + i;
      }
      List<ImageSample> out = aug.applyBatch(b, epoch, idx);
      if (out.size() != n) {
        throw new IllegalStateException("lost samples");
      }
    }
  }

  /** Images/s of the device backend on this machine's CPU, per repeat; also checks that no NDArray leaks. */
  static List<Double> device(int images, int repeats, int batch) throws Exception {
    List<Double> rates = new ArrayList<>();
    DeviceAugmenter aug = DeviceAugmenter.of(pipeline(1));
    try (NDManager manager = NDManager.newBaseManager()) {
      byte[] data = new byte[batch * 3 * 224 * 224];
      new SplittableRandom(2).nextBytes(data);
      NDArray input = manager.create(data, new Shape(batch, 3, 224, 224)).toType(DataType.UINT8, false);
      int baseline = manager.getManagedArrays().size();
      for (int r = -1; r < repeats; r++) {
        long t = System.nanoTime();
        int total = r < 0 ? Math.min(images, 4 * batch) : images;
        for (int start = 0; start < total; start += batch) {
          long[] idx = new long[batch];
          for (int i = 0; i < batch; i++) {
            idx[i] = start + i;
          }
          try (NDArray out = aug.apply(input, r + 1, idx)) {
            if (out.getShape().get(0) != batch) {
              throw new IllegalStateException("lost samples");
            }
          }
          if (manager.getManagedArrays().size() != baseline) {
            throw new IllegalStateException("NDArray leak: " + manager.getManagedArrays().size() + " arrays, expected "
                + baseline);
          }
        }
        if (r >= 0) {
          rates.add(total / ((System.nanoTime() - t) / 1e9));
        }
      }
    }
    return rates;
  }

  /**
   * Streams {@code batches} batches through the CPU backend and returns the largest heap in use after a GC,
   * in MB, measured every few batches: a constant figure means batches are not retained.
   */
  static double[] streamHeap(int batches, int batch) throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    List<ImageSample> base = inputs(16);
    double first = 0, max = 0;
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(standardPipeline(1)).optThreads(2).build()) {
      for (int k = 0; k < batches; k++) {
        List<ImageSample> b = new ArrayList<>(batch);
        long[] idx = new long[batch];
        for (int i = 0; i < batch; i++) {
          b.add(base.get(i % base.size()));
          idx[i] = (long) k * batch + i;
        }
        aug.applyBatch(b, 0, idx);
        if (k % 5 == 4) {
          System.gc();
          double used = mem.getHeapMemoryUsage().getUsed() / 1e6;
          if (first == 0) {
            first = used;
          }
          max = Math.max(max, used);
        }
      }
    }
    double batchMb = batch * 3 * 224 * 224 * 4 / 1e6;
    return new double[] {first, max, batchMb};
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * Runs everything and returns the medians by name (images/s). Repeats are interleaved (one round of every
   * contender per repeat) so that load from other processes on this shared machine hits all of them alike.
   */
  static Map<String, Double> run(int images, int repeats, int batch, boolean peers) throws Exception {
    return run(images, repeats, batch, peers, true);
  }

  /** Like {@link #run(int, int, int, boolean)}; {@code device} false leaves the device backend out. */
  static Map<String, Double> run(int images, int repeats, int batch, boolean peers, boolean device)
      throws Exception {
    Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    for (int r = 0; r < repeats; r++) {
      if (pipelineName.equals("detection") && HsvVectorKernels.available()) {
        // The scalar 8-bit HSV kernel (the default without the module) in the same run, for the honest figure.
        HsvVectorKernels.setEnabled(false);
        try {
          rates.computeIfAbsent("cpu1scalar", k -> new ArrayList<>()).addAll(cpu(-1, 1, images, 1, batch));
        } finally {
          HsvVectorKernels.setEnabled(true);
        }
      }
      rates.computeIfAbsent("cpu1", k -> new ArrayList<>()).addAll(cpu(1, images, 1, batch));
      rates.computeIfAbsent("cpu2", k -> new ArrayList<>()).addAll(cpu(2, images, 1, batch));
      if (device) {
        rates.computeIfAbsent("device", k -> new ArrayList<>()).addAll(device(Math.max(batch, images / 8), 1, batch));
      }
      if (peers && pipelineName.equals("detection")) {
        // torchvision 0.14 has no mosaic: OpenCV only.
        rates.computeIfAbsent("opencv1", k -> new ArrayList<>())
            .addAll(PythonPeers.run("opencv-det", 1, Math.max(64, images / 2), 1));
      } else if (peers && pipelineName.equals("randaugment")) {
        rates.computeIfAbsent("opencv1", k -> new ArrayList<>())
            .addAll(PythonPeers.run("opencv-ra", 1, Math.max(8, images / 2), 1));
        rates.computeIfAbsent("torchvision1", k -> new ArrayList<>())
            .addAll(PythonPeers.run("torchvision-ra", 1, Math.max(8, images / 8), 1));
      } else if (peers) {
        rates.computeIfAbsent("opencv1", k -> new ArrayList<>())
            .addAll(PythonPeers.run("opencv", 1, Math.max(8, images / 2), 1));
        rates.computeIfAbsent("torchvision1", k -> new ArrayList<>())
            .addAll(PythonPeers.run("torchvision", 1, Math.max(8, images / 8), 1));
        // Two torch threads collapse under load on a shared 2-core machine; fewer images keep the run bounded.
        rates.computeIfAbsent("torchvision2", k -> new ArrayList<>())
            .addAll(PythonPeers.run("torchvision", 2, Math.max(8, images / 16), 1));
      }
      System.out.printf(Locale.ROOT, "repeat %d: %s%n", r + 1, last(rates));
    }
    Map<String, Double> m = new HashMap<>();
    rates.forEach((k, v) -> m.put(k, median(v)));
    return m;
  }

  private static String last(Map<String, List<Double>> rates) {
    StringBuilder b = new StringBuilder();
    rates.forEach((k, v) -> b.append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v.get(v.size() - 1)))
        .append(' '));
    return b.toString().trim();
  }

  /** Entry point; see the class documentation for arguments. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      String[] kv = s.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    int images = Integer.parseInt(a.getOrDefault("images", "1024"));
    int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "64"));
    boolean peers = Boolean.parseBoolean(a.getOrDefault("peers", "true"));
    boolean device = Boolean.parseBoolean(a.getOrDefault("device", "true"));
    pipelineName = a.getOrDefault("pipeline", "standard");
    if (!List.of("standard", "randaugment", "detection").contains(pipelineName)) {
      throw new IllegalArgumentException("pipeline must be standard, randaugment or detection: " + pipelineName);
    }
    if (pipelineName.equals("detection") && device) {
      System.out.println("detection pipeline: the device backend refuses mosaic, so device=false");
      device = false;
    }
    ai.djl.Device engineDevice = ai.djl.engine.Engine.getInstance().defaultDevice();
    if (Boolean.parseBoolean(a.getOrDefault("requireGpu", "false")) && !engineDevice.isGpu()) {
      throw new IllegalStateException("requireGpu=true, but the PyTorch engine's default device is " + engineDevice
          + ": run with a CUDA build of the native library (benchmarks/gpu-check.sh)");
    }
    System.out.printf(Locale.ROOT,
        "augmentation benchmark %s, %s pipeline: %d images x %d repeats, batch %d, %d cores, device backend on %s%n",
        LocalDate.now(), pipelineName, images, repeats, batch, Runtime.getRuntime().availableProcessors(),
        engineDevice);
    Map<String, Double> m = run(images, repeats, batch, peers, device);
    String hsv = HsvVectorKernels.available() ? "vector HSV kernel" : "scalar HSV kernel";
    String[][] rows = {
      {"cpu1scalar", "datamgmt CPU backend, 1 thread, scalar HSV kernel"},
      {"cpu1", "datamgmt CPU backend, 1 thread" + (pipelineName.equals("detection") ? ", " + hsv : "")},
      {"cpu2", "datamgmt CPU backend, 2 threads" + (pipelineName.equals("detection") ? ", " + hsv : "")},
      {"device", "datamgmt device backend (PyTorch on " + engineDevice + ")"},
      {"opencv1", "OpenCV (Albumentations way), 1 thread"},
      {"torchvision1", "torchvision 0.14, 1 thread"},
      {"torchvision2", "torchvision 0.14, 2 threads"},
    };
    for (String[] r : rows) {
      if (m.containsKey(r[0])) {
        System.out.printf(Locale.ROOT, "  %-52s %8.1f images/s (median)%n", r[1], m.get(r[0]));
      }
    }
    System.out.printf(Locale.ROOT, "ratio CPU 2 threads / CPU 1 thread: %.2fx (target >= 1.8x)%n",
        m.get("cpu2") / m.get("cpu1"));
    double cores1 = median(CORES_USED.get(1)), cores2 = median(CORES_USED.get(2));
    System.out.printf(Locale.ROOT,
        "cores actually used (process CPU time / wall time): %.2f with 1 thread, %.2f with 2 threads;"
            + " images per CPU-second: %.1f and %.1f; load average %.1f%n",
        cores1, cores2, m.get("cpu1") / cores1, m.get("cpu2") / cores2,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(Locale.ROOT,
        "images per CPU-second of the augmenting threads alone: %.1f with 1 thread, %.1f with 2 threads;"
            + " CPU outside them (GC, JIT): %.1f%% and %.1f%% of the process%n",
        median(WORKER_RATE.get(1)), median(WORKER_RATE.get(2)), 100 * median(OTHER_CPU_SHARE.get(1)),
        100 * median(OTHER_CPU_SHARE.get(2)));
    if (m.containsKey("cpu1scalar")) {
      System.out.printf(Locale.ROOT,
          "scalar HSV kernel, 1 thread: images per CPU-second of the augmenting thread %.1f, cores used %.2f%n",
          median(WORKER_RATE.get(-1)), median(CORES_USED.get(-1)));
    }
    if (pipelineName.equals("detection")) {
      System.out.println(HsvVectorKernels.available()
          ? "8-bit HSV: vector kernel (--add-modules jdk.incubator.vector) in the 1- and 2-thread rows, scalar kernel"
              + " (the default without the module) in its own row"
          : "8-bit HSV: scalar kernel (the default); the vector kernel needs"
              + " -Dbench.jvm=\"-Xmx8g --add-modules jdk.incubator.vector\"");
    }
    if (peers && m.containsKey("cpu1scalar")) {
      System.out.printf(Locale.ROOT,
          "ratio CPU 1 thread, scalar HSV kernel / OpenCV 1 thread: %.2fx (target >= 1.5x)%n",
          m.get("cpu1scalar") / m.get("opencv1"));
    }
    if (peers) {
      System.out.printf(Locale.ROOT, "ratio CPU 1 thread%s / OpenCV 1 thread: %.2fx (target >= %s)%n",
          pipelineName.equals("detection") ? ", " + hsv : "", m.get("cpu1") / m.get("opencv1"),
          pipelineName.equals("standard") ? "1.6x" : "1.5x");
      if (m.containsKey("torchvision1")) {
        System.out.printf(Locale.ROOT, "ratio CPU 1 thread / torchvision 1 thread: %.2fx%n",
            m.get("cpu1") / m.get("torchvision1"));
      }
    }
    if (peers && m.containsKey("torchvision2")) {
      System.out.printf(Locale.ROOT, "ratio CPU 2 threads / torchvision 2 threads: %.2fx%n",
          m.get("cpu2") / m.get("torchvision2"));
    }
    if (peers) {
      if (m.containsKey("device")) {
        System.out.printf(Locale.ROOT, "ratio device (CPU) / torchvision 1 thread: %.2fx%n",
            m.get("device") / m.get("torchvision1"));
      }
    }
    if (!pipelineName.equals("standard")) {
      return;
    }
    double[] heap = streamHeap(60, batch);
    System.out.printf(Locale.ROOT,
        "streaming 60 batches of %d: heap after GC %.0f MB at batch 5, at most %.0f MB (one float batch is %.0f MB)%n",
        batch, heap[0], heap[1], heap[2]);
  }
}
