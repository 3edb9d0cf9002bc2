package dev.datamgmt.benchmarks.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.datamgmt.train.loss.Losses;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward + backward of our NT-Xent loss against DJL's softmax cross-entropy (the target: NT-Xent within
 * 1.5x of cross-entropy "on the same batch of logits"). NT-Xent reads the (rows, dim) batch as 2N embeddings of two
 * views and builds (rows, rows) similarity logits from them. Two baselines, since "the same logits" can be read two
 * ways: {@code djlSoftmaxCrossEntropy} on the same (rows, dim) array as logits over {@code dim} classes, and
 * {@code djlSoftmaxCrossEntropySimilaritySized} on (rows, rows) logits, the size of the softmax NT-Xent computes.
 * Scores are microseconds per batch; the ratios are ntXent over each baseline for the same parameters.
 * {@code similarityProductOnly} times the similarity product and its backward by themselves: a floor no
 * formulation of NT-Xent with exact gradients goes below, on top of a softmax cross-entropy of (rows, rows).
 *
 * <pre>
 * flock "$HOME/.datamgmt-bench.lock" mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.args="NtXentBenchmark -f 1"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"})
public class NtXentBenchmark {
  /** Rows: 2N embeddings, or N logit rows for cross-entropy. */
  @Param({"256", "1024"})
  public int rows;

  /** Embedding width (classes for cross-entropy). */
  @Param({"128"})
  public int dim;

  private NDManager manager;
  private NDArray batch;
  private NDArray labels;
  private NDArray square;
  private NDArray squareLabels;
  private Loss ntXent;
  private Loss djlCrossEntropy;

  /** Makes the batch. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    batch = manager.randomNormal(new Shape(rows, dim));
    labels = manager.randomInteger(0, dim, new Shape(rows), DataType.INT64).toType(DataType.FLOAT32, false);
    square = manager.randomNormal(new Shape(rows, rows));
    squareLabels = manager.randomInteger(0, rows, new Shape(rows), DataType.INT64).toType(DataType.FLOAT32, false);
    ntXent = Losses.ntXent().optTemperature(0.5f).build();
    djlCrossEntropy = Loss.softmaxCrossEntropyLoss();
  }

  /** Frees the batch. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  private float step(Loss loss) {
    return step(loss, batch, labels);
  }

  private float step(Loss loss, NDArray input, NDArray target) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = input.duplicate();
      x.attach(sub);
      NDArray y = target.duplicate();
      y.attach(sub);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray l = loss.evaluate(new NDList(y), new NDList(x));
        gc.backward(l);
      }
      return x.getGradient().getFloat(0, 0);
    }
  }

  /** Our NT-Xent (temperature 0.5). */
  @Benchmark
  public float ntXent() {
    return step(ntXent);
  }

  /** DJL's SoftmaxCrossEntropyLoss on (rows, rows) logits: the softmax size of NT-Xent's similarities. */
  @Benchmark
  public float djlSoftmaxCrossEntropySimilaritySized() {
    return step(djlCrossEntropy, square, squareLabels);
  }

  /**
   * The (rows, rows) similarity product {@code x x^T} and its backward alone (summed to a scalar): the part of
   * NT-Xent that cross-entropy on given logits does not have, one matrix product forward and two backward.
   */
  @Benchmark
  public float similarityProductOnly() {
    return step(SIMILARITY_PRODUCT);
  }

  private static final Loss SIMILARITY_PRODUCT = new Loss("similarity-product") {
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      NDArray x = predictions.singletonOrThrow();
      return x.matMul(x.transpose()).sum();
    }
  };

  /** DJL's SoftmaxCrossEntropyLoss on the same array as logits. */
  @Benchmark
  public float djlSoftmaxCrossEntropy() {
    return step(djlCrossEntropy);
  }
}
