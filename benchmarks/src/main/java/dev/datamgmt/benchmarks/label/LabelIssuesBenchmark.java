package dev.datamgmt.benchmarks.label;

import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.label.issues.ConfidentLearning;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.train.crossval.CrossValidation;
import dev.datamgmt.train.crossval.OutOfSample;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 19's label-issue figure on real data: the first N Fashion-MNIST training images (Debian's
 * dataset-fashion-mnist), 10% of their labels flipped to another class at random (seeded), out-of-sample
 * probabilities by 3-fold training, then {@link ConfidentLearning#find} against the flipped set: precision and
 * recall of the flagged records. Beside it the naive rule "flag where the model's top class is not the given label".
 *
 * <p>The model ({@code --model}): {@code cnn} (default), the small CNN of the training benchmarks ({@link FashionCnn})
 * trained per fold by datamgmt-train's {@link CrossValidation} ({@code --cnn-epochs}, default 5); or {@code softmax},
 * a multinomial logistic regression on the 784 pixels in plain Java (mini-batch SGD, {@code --epochs}), the weak
 * model of the first figure. The peer: cleanlab 2.x's {@code find_label_issues(filter_by="prune_by_noise_rate")}
 * restated in numpy ({@code cleanlab_peer.py}, /usr/bin/python3; cleanlab itself is not packaged for Debian), on the
 * same probabilities ({@code --no-peer} skips it).
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -o -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.label.LabelIssuesBenchmark -Dbench.args="--n 10000 --seeds 1,2,3 --model cnn"
 * </pre>
 */
public final class LabelIssuesBenchmark {
  private static final int D = 784;
  private static final int K = 10;

  private LabelIssuesBenchmark() {}

  /**
   * Runs the benchmark; {@code --n N} (default 10000), {@code --seeds a,b,c} (default 1,2,3), {@code --epochs E},
   * {@code --model cnn|softmax}, {@code --cnn-epochs E}, {@code --no-peer}, {@code --save-probs DIR} (writes the
   * out-of-sample probabilities with the given and true labels, to study them without training again).
   */
  public static void main(String[] args) throws Exception {
    int n = 10_000;
    String seeds = "1,2,3";
    int epochs = 8;
    String modelKind = "cnn";
    int cnnEpochs = 5;
    boolean peer = true;
    Path saveProbs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = args[++i];
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--model" -> modelKind = args[++i];
        case "--cnn-epochs" -> cnnEpochs = Integer.parseInt(args[++i]);
        case "--no-peer" -> peer = false;
        case "--save-probs" -> saveProbs = Path.of(args[++i]);
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
    if (!modelKind.equals("cnn") && !modelKind.equals("softmax")) {
      throw new IllegalArgumentException("unknown --model " + modelKind + "; known: cnn, softmax");
    }
    System.out.printf("label issues on Fashion-MNIST: %,d images, 10%% flipped, 3-fold %s (%d epochs); load average "
        + "%s%n", n, modelKind.equals("cnn") ? "CNN (datamgmt-train CrossValidation)" : "softmax regression",
        modelKind.equals("cnn") ? cnnEpochs : epochs, LabelStoreBenchmark.load());
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
      double[][] probs = new double[n][];
      long t0 = System.nanoTime();
      int correctOnTruth = 0;
      if (modelKind.equals("cnn")) {
        probs = cnnOutOfSample(px, n, given, cnnEpochs, seed);
        for (int i = 0; i < n; i++) {
          correctOnTruth += argmax(probs[i]) == truth[i] ? 1 : 0;
        }
      } else {
        long[] perm = Seeds.permutation(seed, 0, n);
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
          fold[(int) perm[i]] = i % 3;
        }
        for (int f = 0; f < 3; f++) {
          double[][] w = train(x, given, fold, f, epochs, seed * 31 + f);
          for (int i = 0; i < n; i++) {
            if (fold[i] == f) {
              probs[i] = predict(w, x[i]);
              correctOnTruth += argmax(probs[i]) == truth[i] ? 1 : 0;
            }
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
      // the issue's aim is an operating point (precision >= 0.7 at recall >= 0.6): the flagged set is one point,
      // its ranking (and a ranking of every record by self-confidence) gives the curve a reviewer walks down
      System.out.printf("seed %d: flagged set ranked by self-confidence: %s%n", seed,
          operatingPoints(r.issues().stream().mapToInt(ConfidentLearning.Issue::index).toArray(), flipped));
      final double[][] pr = probs;
      int[] byConfidence = java.util.stream.IntStream.range(0, n).boxed()
          .sorted(java.util.Comparator.comparingDouble((Integer i) -> pr[i][given[i]]).thenComparingInt(i -> i))
          .mapToInt(Integer::intValue).toArray();
      System.out.printf("seed %d: every record ranked by self-confidence: %s%n", seed,
          operatingPoints(byConfidence, flipped));
      if (saveProbs != null) {
        saveProbabilities(saveProbs.resolve("probs-" + modelKind + "-n" + n + "-e" + (modelKind.equals("cnn")
            ? cnnEpochs : epochs) + "-seed" + seed + ".bin"), probs, given, truth);
      }
      if (peer) {
        Set<Integer> ours = new HashSet<>();
        for (ConfidentLearning.Issue issue : r.issues()) {
          ours.add(issue.index());
        }
        List<Integer> theirs = cleanlabPeer(probs, given);
        int peerHits = 0;
        int both = 0;
        for (int i : theirs) {
          peerHits += flipped.contains(i) ? 1 : 0;
          both += ours.contains(i) ? 1 : 0;
        }
        System.out.printf("seed %d: peer (cleanlab 2.x prune_by_noise_rate restated in numpy) flags %d: precision "
            + "%.3f, recall %.3f; flagged by both %d (Jaccard %.3f)%n", seed, theirs.size(),
            peerHits / (double) theirs.size(), peerHits / (double) flipped.size(), both,
            both / (double) (ours.size() + theirs.size() - both));
      }
    }
  }

  /**
   * Walking down a ranking: the precision where recall first reaches 0.6, and the largest recall whose precision
   * (from the 50th record on) is still at least 0.7.
   */
  static String operatingPoints(int[] ranking, Set<Integer> flipped) {
    int hits = 0;
    String at06 = "recall 0.6 not reached";
    double bestRecall = 0;
    int bestK = 0;
    double bestPrecision = Double.NaN;
    for (int k = 1; k <= ranking.length; k++) {
      hits += flipped.contains(ranking[k - 1]) ? 1 : 0;
      double precision = hits / (double) k;
      double recall = hits / (double) flipped.size();
      if (recall >= 0.6 && at06.startsWith("recall")) {
        at06 = String.format(java.util.Locale.ROOT, "precision %.3f at recall 0.6 (top %d)", precision, k);
      }
      if (k >= 50 && precision >= 0.7 && recall > bestRecall) {
        bestRecall = recall;
        bestK = k;
        bestPrecision = precision;
      }
    }
    return at06 + String.format(java.util.Locale.ROOT, "; largest recall at precision >= 0.7: %.3f (top %d, "
        + "precision %.3f)", bestRecall, bestK, bestPrecision);
  }

  /** Writes n, K, the probabilities (doubles), the given and the true labels (ints), little-endian. */
  static void saveProbabilities(Path file, double[][] probs, int[] given, int[] truth) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, encode(probs, given, truth));
  }

  /** n, K, the probabilities (doubles), the given labels and, unless null, the true labels (ints), little-endian. */
  static byte[] encode(double[][] probs, int[] given, int[] truth) {
    int labels = truth == null ? 1 : 2;
    ByteBuffer b = ByteBuffer.allocate(8 + probs.length * K * 8 + probs.length * 4 * labels)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(probs.length).putInt(K);
    for (double[] row : probs) {
      for (double v : row) {
        b.putDouble(v);
      }
    }
    for (int y : given) {
      b.putInt(y);
    }
    if (truth != null) {
      for (int y : truth) {
        b.putInt(y);
      }
    }
    return b.array();
  }

  /** Out-of-sample probabilities of the first n images from k-fold training of the small CNN (3 folds). */
  static double[][] cnnOutOfSample(byte[] px, int n, int[] given, int epochs, long seed) throws Exception {
    float[] f = new float[n * D];
    for (int i = 0; i < f.length; i++) {
      f[i] = (px[i] & 0xFF) / 255f;
    }
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      OutOfSample oos = CrossValidation.builder().setFeatures(m.create(f, new Shape(n, 1, 28, 28)))
          .setLabels(given).setNumClasses(K).setFolds(3).optSeed(seed)
          .setModelFactory(k -> FashionCnn.newModel("fmnist-cv-" + k))
          .setLoop((fold, loop) -> FashionCnn.configure(loop, epochs, seed * 31 + fold.index()))
          .build().run();
      double[][] out = new double[n][K];
      for (int i = 0; i < n; i++) {
        float[] p = oos.probabilities(i);
        for (int c = 0; c < K; c++) {
          out[i][c] = p[c];
        }
      }
      return out;
    }
  }

  /** Runs cleanlab_peer.py (/usr/bin/python3, numpy) on the same probabilities and labels; its flagged indices. */
  static List<Integer> cleanlabPeer(double[][] probs, int[] given) throws Exception {
    Path dir = Files.createTempDirectory("cleanlab-peer-");
    try {
      Path script = dir.resolve("cleanlab_peer.py");
      try (InputStream in = LabelIssuesBenchmark.class.getResourceAsStream("cleanlab_peer.py")) {
        Files.copy(in, script);
      }
      Path data = dir.resolve("input.bin");
      Files.write(data, encode(probs, given, null));
      Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), data.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("cleanlab peer failed with exit code " + p.exitValue());
      }
      List<Integer> flagged = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          flagged.add(Integer.parseInt(line.trim()));
        }
      }
      return flagged;
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
      }
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
