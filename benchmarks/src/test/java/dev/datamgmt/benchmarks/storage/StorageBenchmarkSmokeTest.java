package dev.datamgmt.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the storage benchmark's whole code path at a tiny size, so it cannot rot unnoticed. */
class StorageBenchmarkSmokeTest {
  @TempDir Path tmp;

  @Test
  void tinyRun_measuresEveryFigure() throws Exception {
    StorageBenchmark.Result r = StorageBenchmark.run(
        new StorageBenchmark.Options(4L << 20, 256 << 10, 2, 2, tmp, 4L << 20, 4));
    for (String figure : new String[] {"small.put.ours.MBps", "small.get.sdk.objps", "large.put.ours.MBps",
        "large.get.ours.MBps", "large.localcopy.MBps", "cache.memory.MBps", "cache.disk.MBps", "cache.readfile.MBps",
        "ratio.small.get.ours/sdk", "ratio.cache.disk/readfile"}) {
      assertTrue(r.get(figure) > 0, figure);
    }
  }
}
