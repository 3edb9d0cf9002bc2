package dev.datamgmt.benchmarks.train;

import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Weighted draws per second on one thread: our alias-method sampler (a whole epoch of draws, as the loop asks
 * for it) against the usual cumulative-sum + binary-search draw. Scores are draws per second.
 *
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests -Dbench.args="WeightedSamplingBenchmark -f 1"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class WeightedSamplingBenchmark {
  static final int DRAWS = 1_000_000;

  /** Number of samples (weights). */
  @Param({"15000", "1000000"})
  public int n;

  private EpochSampler alias;
  private double[] cdf;
  private int epoch;

  /** Builds long-tailed weights. */
  @Setup
  public void setUp() {
    double[] w = new double[n];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / (1 + r.nextInt(1000));
    }
    alias = Samplers.weighted(w).setBatchSize(128).optSeed(7).optEpochLength(DRAWS).build();
    cdf = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += w[i];
      cdf[i] = s;
    }
  }

  /** An epoch of one million draws from our alias sampler. */
  @Benchmark
  @OperationsPerInvocation(DRAWS)
  public long[] aliasEpoch() {
    return alias.epochOrder(epoch++, n);
  }

  /** One million draws by binary search over the cumulative weights (the common baseline). */
  @Benchmark
  @OperationsPerInvocation(DRAWS)
  public long[] cdfBinarySearch() {
    SplittableRandom r = new SplittableRandom(epoch++);
    long[] out = new long[DRAWS];
    double total = cdf[cdf.length - 1];
    for (int j = 0; j < DRAWS; j++) {
      int i = Arrays.binarySearch(cdf, r.nextDouble() * total);
      out[j] = i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
    }
    return out;
  }
}
