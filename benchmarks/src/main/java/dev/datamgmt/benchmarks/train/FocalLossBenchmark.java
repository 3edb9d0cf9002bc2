package dev.datamgmt.benchmarks.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * Forward + backward of our softmax focal loss against DJL's softmax cross-entropy on the same batch of
 * logits (the target: focal within 1.3x of cross-entropy). Scores are microseconds per batch.
 *
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests -Dbench.args="FocalLossBenchmark -f 1"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"})
public class FocalLossBenchmark {
  /** Batch size. */
  @Param({"128", "1024"})
  public int batch;

  /** Classes. */
  @Param({"10", "1000"})
  public int classes;

  private NDManager manager;
  private NDArray logits;
  private NDArray labels;
  private Loss focal;
  private Loss djlCrossEntropy;
  private Loss ourCrossEntropy;

  /** Makes the batch. */
  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager("PyTorch");
    logits = manager.randomNormal(new Shape(batch, classes)).mul(3);
    labels = manager.randomInteger(0, classes, new Shape(batch), ai.djl.ndarray.types.DataType.INT64)
        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    focal = Losses.softmaxFocal().optGamma(2f).build();
    djlCrossEntropy = Loss.softmaxCrossEntropyLoss();
    ourCrossEntropy = Losses.crossEntropy().build();
  }

  /** Frees the batch. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  private float step(Loss loss) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = logits.duplicate();
      x.attach(sub);
      NDArray y = labels.duplicate();
      y.attach(sub);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray l = loss.evaluate(new NDList(y), new NDList(x));
        gc.backward(l);
      }
      return x.getGradient().getFloat(0, 0);
    }
  }

  /** Our softmax focal loss (gamma 2). */
  @Benchmark
  public float softmaxFocal() {
    return step(focal);
  }

  /** DJL's SoftmaxCrossEntropyLoss. */
  @Benchmark
  public float djlSoftmaxCrossEntropy() {
    return step(djlCrossEntropy);
  }

  /** Our cross-entropy (same code path as class-weighted/label-smoothed CE, without either). */
  @Benchmark
  public float ourCrossEntropy() {
    return step(ourCrossEntropy);
  }
}
