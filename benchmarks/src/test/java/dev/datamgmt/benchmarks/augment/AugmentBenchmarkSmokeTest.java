package dev.datamgmt.benchmarks.augment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the benchmark's code paths at tiny scale so they cannot rot; says nothing about speed. */
class AugmentBenchmarkSmokeTest {
  /** Runs /usr/bin/python3 with torchvision and OpenCV (Debian packages): only in the {@code peers} profile. */
  @Test
  @Tag("peers")
  void benchmark_runsOursAndBothPeersAtTinyScale() throws Exception {
    Map<String, Double> m = AugmentBenchmark.run(8, 1, 4, true);
    for (String k : List.of("cpu1", "cpu2", "device", "opencv1", "torchvision1", "torchvision2")) {
      assertTrue(m.get(k) > 0, k + " measured");
    }
  }

  @Test
  void randAugmentPipeline_runsOnBothBackendsAtTinyScale() throws Exception {
    // Python-free: the RandAugment peers are exercised by the benchmark itself (pipeline=randaugment).
    String before = AugmentBenchmark.pipelineName;
    AugmentBenchmark.pipelineName = "randaugment";
    try {
      Map<String, Double> m = AugmentBenchmark.run(8, 1, 4, false, true);
      for (String k : List.of("cpu1", "cpu2", "device")) {
        assertTrue(m.get(k) > 0, k + " measured");
      }
    } finally {
      AugmentBenchmark.pipelineName = before;
    }
  }

  @Test
  void detectionPipeline_runsMosaicWithBoxesAndMasksAtTinyScale() throws Exception {
    String before = AugmentBenchmark.pipelineName;
    AugmentBenchmark.pipelineName = "detection";
    try {
      Map<String, Double> m = AugmentBenchmark.run(8, 1, 4, false, false);
      for (String k : List.of("cpu1", "cpu2")) {
        assertTrue(m.get(k) > 0, k + " measured");
      }
    } finally {
      AugmentBenchmark.pipelineName = before;
    }
  }

  /** Runs /usr/bin/python3 with OpenCV (Debian package): only in the {@code peers} profile. */
  @Test
  @Tag("peers")
  void detectionPeer_runsAtTinyScale() throws Exception {
    List<Double> rates = PythonPeers.run("opencv-det", 1, 8, 1);
    assertTrue(rates.get(0) > 0, "opencv-det measured");
  }

  @Test
  void streamHeap_staysWithinAFewBatches() throws Exception {
    double[] heap = AugmentBenchmark.streamHeap(10, 4);
    assertTrue(heap[1] - heap[0] < 20 * heap[2] + 32, "heap grew from " + heap[0] + " to " + heap[1] + " MB");
  }
}
