package dev.datamgmt.benchmarks.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the long-tail benchmark's own code path at a tiny scale (no PyTorch peer), so it cannot rot silently. */
class LongTailFashionMnistBenchmarkSmokeTest {

  @Test
  void longTailSizes_matchTheIssue() {
    assertEquals(List.of(6000, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60),
        java.util.Arrays.stream(FashionMnist.longTailSizes(1)).boxed().toList());
  }

  @Test
  void benchmark_runsBothConfigurations_atTinyScale() throws Exception {
    List<LongTailFashionMnistBenchmark.Outcome> out = LongTailFashionMnistBenchmark.run(Map.of("runs", "plain,balanced,sqrt-focal,balanced-softmax",
        "epochs", "1", "threads", "1", "peer", "false", "scale", "0.02", "testLimit", "200", "seed", "1",
        "data", FashionMnist.DIR.toString()));
    assertEquals(4, out.size());
    for (LongTailFashionMnistBenchmark.Outcome o : out) {
      assertTrue(o.accuracy() > 0.1, o.toString());
      assertTrue(o.samplesPerSecond() > 0, o.toString());
    }
    LongTailFashionMnistBenchmark.print(out, Map.of("runs", "plain,balanced,sqrt-focal,balanced-softmax"));
  }
}
