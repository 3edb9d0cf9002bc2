package dev.datamgmt.benchmarks.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.label.store.Annotation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the label benchmarks at a tiny scale (a real PostgreSQL included), so they cannot rot silently. */
class LabelBenchmarksSmokeTest {
  static String captured(ThrowingRunnable r) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    return out;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void annotations_areSeededAndShaped() {
    List<Annotation> a = LabelStoreBenchmark.annotations(50, 19);
    assertEquals(a, LabelStoreBenchmark.annotations(50, 19));
    assertEquals("rec-9", a.get(49).recordId());
    assertEquals("annotator-4", a.get(49).annotator());
  }

  @Test
  void labelStoreBenchmark_runsOnBothBackends() throws Exception {
    String out = captured(() -> LabelStoreBenchmark.main(new String[] {"--runs", "1", "--annotations", "2000"}));
    assertTrue(out.contains("sqlite: raw JDBC"), out);
    assertTrue(out.contains("postgres: raw JDBC"), out);
  }

  /** Reads Debian's dataset-fashion-mnist: only in the {@code peers} profile. */
  @Test
  @Tag("peers")
  void labelIssuesBenchmark_runsOnFashionMnist() throws Exception {
    String out = captured(() -> LabelIssuesBenchmark.main(new String[] {"--n", "900", "--seeds", "1", "--epochs",
        "1", "--model", "softmax", "--no-peer"}));
    assertTrue(out.contains("seed 1: out-of-sample accuracy"), out);
    String cnn = captured(() -> LabelIssuesBenchmark.main(new String[] {"--n", "600", "--seeds", "1", "--model",
        "cnn", "--cnn-epochs", "1"}));
    assertTrue(cnn.contains("seed 1: out-of-sample accuracy"), cnn);
    assertTrue(cnn.contains("seed 1: peer (cleanlab"), cnn);
  }

  /** Reads Debian's dataset-fashion-mnist: only in the {@code peers} profile. */
  @Test
  @Tag("peers")
  void activeLearningBenchmark_runsEveryMethod() throws Exception {
    String out = captured(() -> ActiveLearningBenchmark.main(new String[] {"--pool", "600", "--test", "300",
        "--start", "40", "--batch", "20", "--rounds", "1", "--epochs", "1", "--seeds", "1"}));
    for (String method : new String[] {"| random |", "| margin |", "| coreset |"}) {
      assertTrue(out.contains(method), out);
    }
  }
}
