package dev.datamgmt.benchmarks.label;

import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.label.issues.ConfidentLearning;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 19's label-issue figure on real data: the first N Fashion-MNIST training images (Debian's
 * dataset-fashion-mnist), 10% of their labels flipped to another class at random (seeded), out-of-sample
 * probabilities by 3-fold training, then {@link ConfidentLearning#find} against the flipped set: precision and
 * recall of the flagged records. Beside it the naive rule "flag where the model's top class is not the given label".
 *
 * <p>The model is a multinomial logistic regression on the 784 pixels trained in plain Java (mini-batch SGD), not
 * the training module's CNN: this module has no DJL, and the figure measures the label-issue finder given a
 * model's out-of-sample probabilities. A better model gives better probabilities and better figures.
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -o -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.label.LabelIssuesBenchmark -Dbench.args="--n 10000 --seeds 1,2,3"
 * </pre>
 */
public final class LabelIssuesBenchmark {
  private static final int D = 784;
  private static final int K = 10;

  private LabelIssuesBenchmark() {}

  /** Runs the benchmark; {@code --n N} (default 10000), {@code --seeds a,b,c} (default 1,2,3), {@code --epochs E}. */
  public static void main(String[] args) throws Exception {
    int n = 10_000;
    String seeds = "1,2,3";
    int epochs = 8;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = args[++i];
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    IdxDataset d = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
    byte[] px = d.images().pixels();
    float[][] x = new float[n][D];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < D; j++) {
        x[i][j] = (px[i * D + j] & 0xFF) / 255f;
      }
      truth[i] = d.labels()[i];
    }
    System.out.printf("label issues on Fashion-MNIST: %,d images, 10%% flipped, 3-fold softmax regression "
        + "(%d epochs); load average %s%n", n, epochs, LabelStoreBenchmark.load());
    for (String s : seeds.split(",")) {
      long seed = Long.parseLong(s.trim());
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] given = truth.clone();
      Set<Integer> flipped = new HashSet<>();
      for (int i = 0; i < n; i++) {
        if (rnd.nextDouble() < 0.1) {
          given[i] = (truth[i] + 1 + rnd.nextInt(K - 1)) % K;
          flipped.add(i);
        }
      }
      long[] perm = Seeds.permutation(seed, 0, n);
      int[] fold = new int[n];
      for (int i = 0; i < n; i++) {
        fold[(int) perm[i]] = i % 3;
      }
      double[][] probs = new double[n][];
      long t0 = System.nanoTime();
      int correctOnTruth = 0;
      for (int f = 0; f < 3; f++) {
        double[][] w = train(x, given, fold, f, epochs, seed * 31 + f);
        for (int i = 0; i < n; i++) {
          if (fold[i] == f) {
            probs[i] = predict(w, x[i]);
            correctOnTruth += argmax(probs[i]) == truth[i] ? 1 : 0;
          }
        }
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      long c0 = System.nanoTime();
      ConfidentLearning.Result r = ConfidentLearning.find(probs, given);
      double findMs = (System.nanoTime() - c0) / 1e6;
      int hits = 0;
      for (ConfidentLearning.Issue issue : r.issues()) {
        hits += flipped.contains(issue.index()) ? 1 : 0;
      }
      int naiveFlagged = 0;
      int naiveHits = 0;
      for (int i = 0; i < n; i++) {
        if (argmax(probs[i]) != given[i]) {
          naiveFlagged++;
          naiveHits += flipped.contains(i) ? 1 : 0;
        }
      }
      System.out.printf("seed %d: out-of-sample accuracy vs true labels %.3f (training %.1f s); confident learning "
          + "flags %d of %d flipped: precision %.3f, recall %.3f (%.0f ms); naive argmax != label flags %d: "
          + "precision %.3f, recall %.3f; load %s%n", seed, correctOnTruth / (double) n, trainSeconds,
          r.issues().size(), flipped.size(), hits / (double) r.issues().size(), hits / (double) flipped.size(),
          findMs, naiveFlagged, naiveHits / (double) naiveFlagged, naiveHits / (double) flipped.size(),
          LabelStoreBenchmark.load());
    }
  }

  /** Multinomial logistic regression by mini-batch SGD on the records not in {@code heldOut}. */
  static double[][] train(float[][] x, int[] y, int[] fold, int heldOut, int epochs, long seed) {
    double[][] w = new double[K][D + 1];
    int[] idx = java.util.stream.IntStream.range(0, x.length).filter(i -> fold[i] != heldOut).toArray();
    double lr = 0.5;
    int batch = 64;
    double[][] grad = new double[K][D + 1];
    for (int e = 0; e < epochs; e++) {
      long[] order = Seeds.permutation(seed, e, idx.length);
      double rate = lr / (1 + e);
      for (int b = 0; b < idx.length; b += batch) {
        for (double[] g : grad) {
          java.util.Arrays.fill(g, 0);
        }
        int end = Math.min(idx.length, b + batch);
        for (int t = b; t < end; t++) {
          int i = idx[(int) order[t]];
          double[] p = predict(w, x[i]);
          for (int c = 0; c < K; c++) {
            double err = p[c] - (c == y[i] ? 1 : 0);
            double[] g = grad[c];
            float[] xi = x[i];
            for (int j = 0; j < D; j++) {
              g[j] += err * xi[j];
            }
            g[D] += err;
          }
        }
        double scale = rate / (end - b);
        for (int c = 0; c < K; c++) {
          for (int j = 0; j <= D; j++) {
            w[c][j] -= scale * grad[c][j] + rate * 1e-4 * w[c][j];
          }
        }
      }
    }
    return w;
  }

  static double[] predict(double[][] w, float[] xi) {
    double[] z = new double[K];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < K; c++) {
      double s = w[c][D];
      for (int j = 0; j < D; j++) {
        s += w[c][j] * xi[j];
      }
      z[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < K; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < K; c++) {
      z[c] /= sum;
    }
    return z;
  }

  static int argmax(double[] p) {
    int b = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[b]) {
        b = j;
      }
    }
    return b;
  }
}
