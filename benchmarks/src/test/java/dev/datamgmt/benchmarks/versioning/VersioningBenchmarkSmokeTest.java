package dev.datamgmt.benchmarks.versioning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the versioning benchmark's whole code path (child JVMs, git-lfs, sha256sum, S3Proxy, a
 * resident command-line server) at a tiny scale. It runs {@code git lfs} (Debian package {@code git-lfs}), so it
 * runs only in the {@code peers} profile. */
@Tag("peers")
class VersioningBenchmarkSmokeTest {
  @TempDir Path tmp;

  @Test
  void benchmark_atTinyScale_runsEveryStepAndReportsEveryFigure() throws Exception {
    Map<String, Double> med = VersioningBenchmark.runAll(
        new VersioningBenchmark.Options(tmp.resolve("work"), 60, 1, 1, true, true, false).withServer());
    for (String k : new String[] {"sha256sum", "first commit", "git-lfs first commit", "one-file commit",
        "git-lfs one-file commit", "log+diff", "one-file commit (warm JVM)", "log+diff (warm JVM)", "S3 first commit",
        "server start", "server start and warm-up", "server: first commit", "server: one-file commit", "server: log+diff"}) {
      assertTrue(med.containsKey(k) && med.get(k) > 0, k + " measured: " + med);
    }
  }
}
