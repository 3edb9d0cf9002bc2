package dev.datamgmt.benchmarks.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the reader benchmark at a tiny scale: it exports the full Fashion-MNIST ({@code dataset-fashion-mnist}) and
 * runs the torchvision peer ({@code python3-torchvision}), so it runs only in the {@code peers} profile.
 */
@Tag("peers")
class ReaderBenchmarkSmokeTest {
  @TempDir Path dir;

  @Test
  void benchmarkCodePath_atTinyScale_measuresAllReadersAndResumesWithoutLossOrRepeats() throws Exception {
    ReaderBenchmark.Result r = ReaderBenchmark.run(dir, 400, 1, true, true);
    assertEquals(400, r.samples());
    assertTrue(r.peer().get(0) > 0 && r.local().get(0) > 0 && r.s3().get(0) > 0, r.report());
    assertTrue(r.localRssKb() > 0 && r.peerRssKb() > 0, r.report());
    assertEquals(400, r.resumedDelivered(), r.report());
    assertEquals(0, r.resumedRepeats(), r.report());
    assertEquals(0, r.resumedMissing(), r.report());
    assertTrue(r.killedAfterBatches() >= 1, r.report());
  }
}
