package dev.datamgmt.benchmarks.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The sampler and loss targets measured in CPU time of the measuring thread rather than wall time, so that a
 * machine shared with other work still gives the cost on one core: weighted draws per CPU-second, and focal
 * loss forward+backward against DJL's softmax cross-entropy on the same batch (PyTorch with one intra-op
 * thread, so its work runs on this thread). The JMH benchmarks ({@link WeightedSamplingBenchmark},
 * {@link FocalLossBenchmark}) measure the same code in wall time.
 *
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.train.CpuTimeBenchmark -Dbench.args="reps=7"
 * </pre>
 */
public final class CpuTimeBenchmark {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private CpuTimeBenchmark() {}

  /** Runs both measurements; argument {@code reps=N} (default 7). */
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int reps = 7;
    for (String a : args) {
      if (a.startsWith("reps=")) {
        reps = Integer.parseInt(a.substring(5));
      }
    }
    draws(reps);
    losses(reps);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void draws(int reps) {
    for (int n : new int[] {15_000, 1_000_000}) {
      double[] w = new double[n];
      SplittableRandom r = new SplittableRandom(1);
      for (int i = 0; i < n; i++) {
        w[i] = 1.0 / (1 + r.nextInt(1000));
      }
      int draws = 10_000_000;
      EpochSampler s = Samplers.weighted(w).setBatchSize(128).optSeed(7).optEpochLength(draws).build();
      double[] rate = new double[reps];
      long sink = 0;
      for (int k = -2; k < reps; k++) {
        long t0 = MX.getCurrentThreadCpuTime();
        long[] order = s.epochOrder(k + 10, n);
        long t1 = MX.getCurrentThreadCpuTime();
        sink += order[order.length - 1];
        if (k >= 0) {
          rate[k] = draws / ((t1 - t0) / 1e9);
        }
      }
      System.out.printf(Locale.ROOT, "alias weighted draws, n=%d: median %.1f million draws per CPU-second "
          + "(runs %s) [%d]%n", n, median(rate) / 1e6, fmt(rate, 1e6), sink % 2);
    }
  }

  static void losses(int reps) {
    Loss focal = Losses.softmaxFocal().optGamma(2f).build();
    Loss djl = Loss.softmaxCrossEntropyLoss();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      for (int[] bc : new int[][] {{128, 10}, {1024, 1000}}) {
        NDArray logits = m.randomNormal(new Shape(bc[0], bc[1])).mul(3);
        NDArray labels = m.randomInteger(0, bc[1], new Shape(bc[0]), DataType.INT64).toType(DataType.FLOAT32, false);
        int iters = bc[1] == 10 ? 2000 : 200;
        double[] f = new double[reps];
        double[] c = new double[reps];
        for (int k = -2; k < reps; k++) {
          // short blocks in ABBA order, so drift of a shared machine (steal time, clock) falls on both losses alike
          int blocks = 20;
          double tf = 0;
          double tc = 0;
          for (int b = 0; b < blocks; b++) {
            boolean focalFirst = b % 2 == 0;
            double first = perStep(focalFirst ? focal : djl, logits, labels, iters / blocks, m);
            double second = perStep(focalFirst ? djl : focal, logits, labels, iters / blocks, m);
            tf += (focalFirst ? first : second) / blocks;
            tc += (focalFirst ? second : first) / blocks;
          }
          if (k >= 0) {
            f[k] = tf;
            c[k] = tc;
          }
        }
        double[] ratio = new double[reps];
        for (int k = 0; k < reps; k++) {
          ratio[k] = f[k] / c[k];
        }
        System.out.printf(Locale.ROOT, "batch %dx%d forward+backward, CPU microseconds: softmax focal %.1f, "
            + "DJL softmax cross-entropy %.1f, ratio median %.2fx (ratios %s)%n", bc[0], bc[1], median(f), median(c),
            median(ratio), fmt(ratio, 1));
      }
    }
  }

  static double perStep(Loss loss, NDArray logits, NDArray labels, int iters, NDManager m) {
    long t0 = MX.getCurrentThreadCpuTime();
    for (int i = 0; i < iters; i++) {
      try (NDManager sub = m.newSubManager()) {
        NDArray x = logits.duplicate();
        x.attach(sub);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          gc.backward(loss.evaluate(new NDList(labels), new NDList(x)));
        }
        x.getGradient().getFloat(0, 0);
      }
    }
    return (MX.getCurrentThreadCpuTime() - t0) / 1e3 / iters;
  }

  static String fmt(double[] v, double scale) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[i] / scale));
    }
    return sb.append(']').toString();
  }
}
