package dev.datamgmt.benchmarks.label;

import ai.djl.Model;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.label.active.ActiveLearning;
import dev.datamgmt.label.active.Uncertainty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 19's active-learning figure on real data: Fashion-MNIST (Debian's dataset-fashion-mnist), the small CNN of
 * the training benchmarks ({@link FashionCnn}), a pool of the first P training images, 200 random labels to start,
 * then 5 rounds that each add 200 labels chosen by random selection, by {@link Uncertainty#MARGIN} or by
 * {@link ActiveLearning#coreSet()} (k-center greedy over the model's 128-wide penultimate activations). After each
 * round a model is trained from scratch on the labels so far and its accuracy on the test images is reported. All
 * methods start from the same 200 labels and use the same training seed per round, so a round's methods differ
 * only in which labels they chose. The pool's true labels play the annotator.
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -o -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.label.ActiveLearningBenchmark -Dbench.args="--seeds 1,2,3"
 * </pre>
 */
public final class ActiveLearningBenchmark {
  private ActiveLearningBenchmark() {}

  /**
   * Runs the benchmark: {@code --pool P} (default 10000), {@code --test T} (default 10000), {@code --start S}
   * (200), {@code --batch B} (200), {@code --rounds R} (5), {@code --epochs E} (20), {@code --seeds a,b,c}
   * (1,2,3), {@code --methods random,margin,coreset}.
   */
  public static void main(String[] args) throws Exception {
    int pool = 10_000;
    int testSize = 10_000;
    int start = 200;
    int batch = 200;
    int rounds = 5;
    int epochs = 20;
    String seeds = "1,2,3";
    String methods = "random,margin,coreset";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pool" -> pool = Integer.parseInt(args[++i]);
        case "--test" -> testSize = Integer.parseInt(args[++i]);
        case "--start" -> start = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = args[++i];
        case "--methods" -> methods = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    FashionCnn.Images train = FashionCnn.read("train", pool);
    FashionCnn.Images test = FashionCnn.read("t10k", testSize);
    int[] testRows = java.util.stream.IntStream.range(0, test.size()).toArray();
    System.out.printf(Locale.ROOT, "active learning on Fashion-MNIST: pool %,d, test %,d, start %d, %d rounds of %d, "
        + "CNN %d epochs per round, methods %s, seeds %s; load average %s%n", train.size(), test.size(), start,
        rounds, batch, epochs, methods, seeds, LabelStoreBenchmark.load());
    // method -> round -> accuracy per seed
    Map<String, List<List<Double>>> acc = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    for (String s : seeds.split(",")) {
      long seed = Long.parseLong(s.trim());
      long[] perm = Seeds.permutation(seed, 0, train.size());
      for (String method : methods.split(",")) {
        List<Integer> labeled = new ArrayList<>();
        boolean[] taken = new boolean[train.size()];
        for (int i = 0; i < start; i++) {
          labeled.add((int) perm[i]);
          taken[(int) perm[i]] = true;
        }
        int nextRandom = start;
        List<List<Double>> perRound = acc.computeIfAbsent(method, k -> new ArrayList<>());
        for (int round = 0; round <= rounds; round++) {
          int[] rows = labeled.stream().mapToInt(Integer::intValue).toArray();
          long r0 = System.nanoTime();
          try (Model model = FashionCnn.train(train, rows, epochs, seed * 1_000 + round)) {
            double[][] tp = new double[testRows.length][];
            FashionCnn.predict(model, test, testRows, tp, null);
            int correct = 0;
            for (int i = 0; i < testRows.length; i++) {
              correct += FashionCnn.argmax(tp[i]) == test.labels()[i] ? 1 : 0;
            }
            double a = correct / (double) testRows.length;
            while (perRound.size() <= round) {
              perRound.add(new ArrayList<>());
            }
            perRound.get(round).add(a);
            List<Integer> picked = new ArrayList<>();
            if (round < rounds) {
              switch (method) {
                case "random" -> {
                  while (picked.size() < batch) {
                    int i = (int) perm[nextRandom++];
                    if (!taken[i]) {
                      picked.add(i);
                    }
                  }
                }
                case "margin", "entropy", "least" -> {
                  int[] unl = unlabeled(taken);
                  double[][] p = new double[unl.length][];
                  FashionCnn.predict(model, train, unl, p, null);
                  Map<String, double[]> probs = new HashMap<>();
                  for (int i = 0; i < unl.length; i++) {
                    probs.put(Integer.toString(unl[i]), p[i]);
                  }
                  Uncertainty u = method.equals("margin") ? Uncertainty.MARGIN
                      : method.equals("entropy") ? Uncertainty.ENTROPY : Uncertainty.LEAST_CONFIDENCE;
                  for (String id : ActiveLearning.uncertainty(u).setBatchSize(batch).optSeed(seed).build()
                      .select(probs)) {
                    picked.add(Integer.parseInt(id));
                  }
                }
                case "coreset" -> {
                  int[] all = java.util.stream.IntStream.range(0, train.size()).toArray();
                  double[][] p = new double[all.length][];
                  float[][] e = new float[all.length][];
                  FashionCnn.predict(model, train, all, p, e);
                  Map<String, float[]> lab = new HashMap<>();
                  Map<String, float[]> unl = new HashMap<>();
                  for (int i : all) {
                    (taken[i] ? lab : unl).put(Integer.toString(i), e[i]);
                  }
                  for (String id : ActiveLearning.coreSet().setBatchSize(batch).build().select(lab, unl)) {
                    picked.add(Integer.parseInt(id));
                  }
                }
                default -> throw new IllegalArgumentException("unknown method " + method
                    + "; known: random, margin, entropy, least, coreset");
              }
              for (int i : picked) {
                if (taken[i]) {
                  throw new IllegalStateException(method + " picked an already labeled record " + i);
                }
                taken[i] = true;
                labeled.add(i);
              }
            }
            System.out.printf(Locale.ROOT, "seed %d %-8s round %d: %,5d labels, test accuracy %.4f (%.1f s, load %s)%n",
                seed, method, round, rows.length, a, (System.nanoTime() - r0) / 1e9, LabelStoreBenchmark.load());
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%ntest accuracy by round, mean over seeds %s (each seed in brackets); total %.0f s, "
        + "load average %s%n", seeds, (System.nanoTime() - t0) / 1e9, LabelStoreBenchmark.load());
    StringBuilder head = new StringBuilder("| method |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (int r = 0; r <= rounds; r++) {
      head.append(String.format(Locale.ROOT, " %d labels |", start + r * batch));
      rule.append(" --- |");
    }
    System.out.println(head);
    System.out.println(rule);
    for (Map.Entry<String, List<List<Double>>> e : acc.entrySet()) {
      StringBuilder line = new StringBuilder("| " + e.getKey() + " |");
      for (List<Double> v : e.getValue()) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        line.append(String.format(Locale.ROOT, " %.4f (%s) |", mean, String.join(", ",
            v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList())));
      }
      System.out.println(line);
    }
  }

  private static int[] unlabeled(boolean[] taken) {
    return java.util.stream.IntStream.range(0, taken.length).filter(i -> !taken[i]).toArray();
  }
}
