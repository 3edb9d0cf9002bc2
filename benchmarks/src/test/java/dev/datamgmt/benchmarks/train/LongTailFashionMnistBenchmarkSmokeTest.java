package dev.datamgmt.benchmarks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the long-tail benchmark's own code path at a tiny scale (no PyTorch peer), so it cannot rot silently. The
 * tiny runs read the Fashion-MNIST subset committed to the repository; the check on the full data set's split runs
 * only in the {@code peers} profile (Debian package {@code dataset-fashion-mnist}).
 */
class LongTailFashionMnistBenchmarkSmokeTest {
  /** data/fashion-mnist-subset: the first 1,000 training and 200 test images of each class. */
  private static final Path SUBSET = Path.of(System.getProperty("basedir", "."))
      .resolve("../data/fashion-mnist-subset").normalize();

  @Test
  void longTailSizes_matchTheIssue() {
    assertEquals(List.of(6000, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60),
        java.util.Arrays.stream(FashionMnist.longTailSizes(1)).boxed().toList());
  }

  @Test
  void benchmark_runsBothConfigurations_atTinyScale() throws Exception {
    List<LongTailFashionMnistBenchmark.Outcome> out = LongTailFashionMnistBenchmark.run(Map.of("runs", "plain,balanced,sqrt-focal,balanced-softmax",
        "epochs", "1", "threads", "1", "peer", "false", "scale", "0.02", "testLimit", "200", "seed", "1",
        "data", SUBSET.toString()));
    assertEquals(4, out.size());
    for (LongTailFashionMnistBenchmark.Outcome o : out) {
      assertTrue(o.accuracy() > 0.1, o.toString());
      assertTrue(o.samplesPerSecond() > 0, o.toString());
    }
    LongTailFashionMnistBenchmark.print(out, Map.of("runs", "plain,balanced,sqrt-focal,balanced-softmax"));
  }

  @Test
  void recommended_runsWithValidationFigures_atTinyScale() throws Exception {
    List<LongTailFashionMnistBenchmark.Outcome> out = LongTailFashionMnistBenchmark.run(Map.of("runs",
        "recommended,sampler=cb/avg=swa0/tau=valmin", "epochs", "1", "threads", "1", "peer", "false", "scale", "0.02",
        "testLimit", "200", "seed", "1", "data", SUBSET.toString(), "valPerClass", "20"));
    assertEquals(2, out.size());
    for (LongTailFashionMnistBenchmark.Outcome o : out) {
      assertTrue(o.valBalancedAccuracy() > 0.1, o.toString());
      assertTrue(o.valSmallestClassRecall() >= 0, o.toString());
    }
  }

  @Test
  @Tag("peers")
  void validationSet_takesUnusedImagesFromTheEnd_disjointFromTheSubset() throws Exception {
    FashionMnist.Split train = FashionMnist.train(FashionMnist.DIR);
    int[] sizes = FashionMnist.longTailSizes(1);
    FashionMnist.Split val = FashionMnist.lastPerClass(train, sizes, 1000);
    long[] counts = dev.datamgmt.train.ClassWeights.countLabels(val.labels(), 10);
    // T-shirt: the subset uses all 6,000; every other class has at least 1,000 left over
    assertEquals(List.of(0L, 1000L, 1000L, 1000L, 1000L, 1000L, 1000L, 1000L, 1000L, 1000L),
        java.util.Arrays.stream(counts).boxed().toList());
    // checked on the pixels, independently of the index bookkeeping: no validation image equals a subset image
    // of its class (by content hash; Fashion-MNIST has no such duplicates across these two parts)
    FashionMnist.Split subset = FashionMnist.firstPerClass(train, sizes);
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < subset.size(); i++) {
      used.add(subset.labels()[i] + ":" + java.util.Arrays.hashCode(
          java.util.Arrays.copyOfRange(subset.pixels(), i * 784, (i + 1) * 784)));
    }
    int clashes = 0;
    for (int i = 0; i < val.size(); i++) {
      if (used.contains(val.labels()[i] + ":" + java.util.Arrays.hashCode(
          java.util.Arrays.copyOfRange(val.pixels(), i * 784, (i + 1) * 784)))) {
        clashes++;
      }
    }
    assertEquals(0, clashes, "validation images identical to subset images");
  }
}
