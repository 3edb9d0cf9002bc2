package dev.datamgmt.benchmarks.label;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.sampler.Samplers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The small Fashion-MNIST CNN of the training benchmarks (conv 32 - pool - conv 64 - pool - dense 128 - dense 10,
 * as {@code LongTailFashionMnistBenchmark}), trained with datamgmt-train's {@link TrainingLoop} (Adam 1e-3,
 * cross-entropy, a seeded random sampler), and its predictions: softmax probabilities and the 128-wide
 * penultimate activations as embeddings.
 */
final class FashionCnn {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
  static final int PIXELS = 784;

  /** Pixels in [0, 1] (N * 784, row-major) and labels. */
  record Images(float[] pixels, int[] labels) {
    int size() {
      return labels.length;
    }

    /** The images at {@code rows}, as an (n, 1, 28, 28) array in {@code m}. */
    NDArray features(NDManager m, int[] rows) {
      float[] px = new float[rows.length * PIXELS];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(pixels, rows[i] * PIXELS, px, i * PIXELS, PIXELS);
      }
      return m.create(px, new Shape(rows.length, 1, 28, 28));
    }
  }

  private FashionCnn() {}

  /** The first {@code n} images of {@code split} ("train" or "t10k") of Debian's dataset-fashion-mnist. */
  static Images read(String split, int n) throws DataException {
    IdxDataset d = Idx.read(DIR.resolve(split + "-images-idx3-ubyte.gz"), DIR.resolve(split + "-labels-idx1-ubyte.gz"));
    byte[] px = d.images().pixels();
    int m = Math.min(n, d.labels().length);
    float[] f = new float[m * PIXELS];
    for (int i = 0; i < f.length; i++) {
      f[i] = (px[i] & 0xFF) / 255f;
    }
    return new Images(f, java.util.Arrays.copyOf(d.labels(), m));
  }

  static Block network() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(10).build());
  }

  static Model newModel(String name) {
    Model model = Model.newInstance(name, "PyTorch");
    model.setBlock(network());
    return model;
  }

  /** Sets up a loop the way both label benchmarks train: Adam 1e-3, cross-entropy, random batches of 64. */
  static TrainingLoop.Builder configure(TrainingLoop.Builder loop, int epochs, long seed) {
    return loop.setInputShape(new Shape(1, 1, 28, 28)).setNumClasses(10).setEpochs(epochs)
        .setLoss(Losses.crossEntropy().build()).optInitSeed(seed).optSampler(Samplers.random(64, seed))
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)");
  }

  /** A new model trained on {@code rows} of {@code data}; the caller closes it. */
  static Model train(Images data, int[] rows, int epochs, long seed) throws DataException, IOException {
    Model model = newModel("fmnist-al");
    try (NDManager m = model.getNDManager().newSubManager()) {
      float[] y = new float[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = data.labels()[rows[i]];
      }
      configure(TrainingLoop.builder(), epochs, seed).setModel(model)
          .setTrainingData(data.features(m, rows), m.create(y)).build().fit();
    } catch (DataException | IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * Forward passes over {@code rows} in batches of 500: softmax probabilities into {@code probs} and, when
   * {@code embeddings} is not null, the penultimate layer (128 wide, after its ReLU) into it.
   */
  static void predict(Model model, Images data, int[] rows, double[][] probs, float[][] embeddings) {
    ParameterStore ps = new ParameterStore(model.getNDManager(), false);
    List<Block> layers = model.getBlock().getChildren().values();
    for (int from = 0; from < rows.length; from += 500) {
      int n = Math.min(500, rows.length - from);
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDList x = new NDList(data.features(m, java.util.Arrays.copyOfRange(rows, from, from + n)));
        for (int l = 0; l < layers.size() - 1; l++) {
          x = layers.get(l).forward(ps, x, false);
        }
        if (embeddings != null) {
          float[] e = x.head().toFloatArray();
          int width = e.length / n;
          for (int i = 0; i < n; i++) {
            embeddings[from + i] = java.util.Arrays.copyOfRange(e, i * width, (i + 1) * width);
          }
        }
        float[] p = layers.get(layers.size() - 1).forward(ps, x, false).head().softmax(-1).toFloatArray();
        for (int i = 0; i < n; i++) {
          double[] row = new double[10];
          for (int c = 0; c < 10; c++) {
            row[c] = p[i * 10 + c];
          }
          probs[from + i] = row;
        }
      }
    }
  }

  static int argmax(double[] p) {
    int b = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[b]) {
        b = j;
      }
    }
    return b;
  }
}
