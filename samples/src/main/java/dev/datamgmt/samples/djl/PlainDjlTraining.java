package dev.datamgmt.samples.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.augment.image.ImageOps;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * datamgmt's augmentation dropped into an existing, plain DJL training loop that knows nothing else of this SDK:
 * the data is read with a few lines of plain Java into a DJL {@code ArrayDataset}, the model and the loop are DJL's
 * own ({@code Trainer}, {@code EasyTrain.trainBatch}); the only additions are a {@link Pipeline} and one
 * {@link BatchTransform#applyTo} per batch, which augments the batch on its device with per-sample parameters from
 * (seed, epoch, sample index).
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.djl.PlainDjlTraining -Dsample.args="5000 3"
 * </pre>
 */
public final class PlainDjlTraining {
  /** The Fashion-MNIST subset, relative to the samples folder (where Maven runs samples). */
  public static final Path FASHION_MNIST = Path.of("../data/fashion-mnist-subset");

  private PlainDjlTraining() {}

  /** What a run measured. */
  public record Result(double testAccuracy, int batches, int epochs) {}

  /**
   * The augmentation: a horizontal flip (clothes stay clothes) and a small shift, seeded.
   *
   * @return the per-batch hook
   */
  public static BatchTransform augmentation() {
    // tour:augment-pipeline:start
    Pipeline pipeline = Pipeline.builder().setSeed(3)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.shift(0.1).withP(0.5))
        .build();
    BatchTransform augment = DeviceAugmenter.of(pipeline).asBatchTransform();   // float (N, C, H, W) in [0, 1]
    // tour:augment-pipeline:end
    return augment;
  }

  /**
   * Trains a small network on the first {@code trainCount} training images for {@code epochs} epochs with DJL's own
   * loop, augmenting each batch with {@code augmentOrNull} (or not, when null), and measures accuracy on the 2,000 test
   * images.
   *
   * @param trainCount training images, 1..10,000
   * @param epochs epochs
   * @param augmentOrNull the per-batch hook, or null for none
   * @return the test accuracy and the number of batches trained
   * @throws IOException if the data cannot be read
   * @throws TranslateException if DJL cannot batch the data
   */
  public static Result train(int trainCount, int epochs, BatchTransform augmentOrNull)
      throws IOException, TranslateException {
    Engine.getInstance().setRandomSeed(7);
    try (NDManager manager = NDManager.newBaseManager();
        Model model = Model.newInstance("fashion-mlp")) {
      ArrayDataset train = dataset(manager, "train", trainCount, 64, true);
      ArrayDataset test = dataset(manager, "t10k", 2000, 250, false);
      model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
          .add(Linear.builder().setUnits(10).build()));
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.002f)).build());
      BatchTransform augment = augmentOrNull != null ? augmentOrNull : (data, epoch, indices) -> data;
      int batches = 0;
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        for (int epoch = 0; epoch < epochs; epoch++) {
          // tour:augment-djl:start
          for (Batch batch : trainer.iterateDataset(train)) {             // your loop, as it was
            try (Batch b = augment.applyTo(batch, epoch)) {                // the one added call
              EasyTrain.trainBatch(trainer, b);
              trainer.step();
            }
          }
          // tour:augment-djl:end
          batches += (trainCount + 63) / 64;
          trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
        return new Result(accuracy(trainer, test), batches, epochs);
      }
    }
  }

  private static double accuracy(Trainer trainer, ArrayDataset test) throws IOException, TranslateException {
    long correct = 0, total = 0;
    for (Batch batch : trainer.iterateDataset(test)) {
      try (batch) {
        NDArray predicted = trainer.evaluate(batch.getData()).singletonOrThrow().argMax(1);
        NDArray labels = batch.getLabels().singletonOrThrow().toType(DataType.INT64, false);
        correct += predicted.eq(labels).countNonzero().getLong();
        total += labels.size();
      }
    }
    return (double) correct / total;
  }

  /** Plain Java, as an existing project would have it: an IDX gz file pair into a DJL ArrayDataset. */
  private static ArrayDataset dataset(NDManager manager, String part, int count, int batchSize, boolean shuffle)
      throws IOException {
    byte[] images = idx(FASHION_MNIST.resolve(part + "-images-idx3-ubyte.gz"), count * 28 * 28);
    byte[] labels = idx(FASHION_MNIST.resolve(part + "-labels-idx1-ubyte.gz"), count);
    float[] x = new float[images.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (images[i] & 0xff) / 255f;
    }
    float[] y = new float[labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[i];
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(x, new Shape(count, 1, 28, 28)))
        .optLabels(manager.create(y, new Shape(count)))
        .setSampling(batchSize, shuffle)
        .build();
  }

  /** The first {@code length} payload bytes of an IDX file (big-endian header: magic, then one int per dim). */
  private static byte[] idx(Path gz, int length) throws IOException {
    try (InputStream raw = Files.newInputStream(gz);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      int dims = in.readInt() & 0xff;
      long available = 1;
      for (int d = 0; d < dims; d++) {
        available *= in.readInt();
      }
      if (length > available) {
        throw new IOException(gz + ": asked for " + length + " bytes, the file holds " + available);
      }
      byte[] out = new byte[length];
      in.readFully(out);
      return out;
    }
  }

  /**
   * Entry point: trains without and with augmentation and prints both test accuracies.
   *
   * @param args training images (default 5000) and epochs (default 3)
   * @throws Exception if the data cannot be read or DJL fails
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (BatchTransform augment : new BatchTransform[] {null, augmentation()}) {
      long t0 = System.nanoTime();
      Result r = train(count, epochs, augment);
      System.out.printf("%-40s %d images x %d epochs: test accuracy %.3f (%.1f s)%n",
          augment == null ? "plain DJL loop" : "the same loop with datamgmt augmentation", count, epochs,
          r.testAccuracy(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
