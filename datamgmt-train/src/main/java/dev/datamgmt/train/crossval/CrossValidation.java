package dev.datamgmt.train.crossval;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * K-fold training that returns, for every record, class probabilities from the model of the fold that held it
 * out: the out-of-sample probabilities a label-issue finder needs.
 *
 * <pre>{@code
 * OutOfSample oos = CrossValidation.builder()
 *     .setFeatures(features)                       // (N, ...), the caller keeps ownership
 *     .setLabels(labels)                           // int[N]
 *     .setNumClasses(3)
 *     .setFolds(5)
 *     .optSeed(7)
 *     .setModelFactory(fold -> { Model m = Model.newInstance("mlp"); m.setBlock(mlp()); return m; })
 *     .setLoop((fold, loop) -> loop.setInputShape(new Shape(1, 2)).setLoss(Losses.crossEntropy().build())
 *         .setEpochs(5).optSampler(Samplers.random(32, fold.index())))
 *     .build()
 *     .run();
 * float[] p = oos.probabilities(17);              // from the model that never saw record 17
 * }</pre>
 *
 * <p>Folds come from {@link StratifiedFolds} (stratified by class, seeded). For each fold the helper makes a model
 * with the factory (and closes it), gives the loop the model, the fold's training rows and the class count, lets
 * {@link FoldLoop} set the rest (input shape, loss, epochs, the sampler, which owns batching), trains, and predicts
 * the held-out rows with softmax over the model's output, in batches of 256. The loop callback must not set a model,
 * training data or validation data of its own: the helper sets model and training data after it.
 */
public final class CrossValidation {
  private static final int PREDICT_BATCH = 256;
  private final NDArray features;
  private final int[] labels;
  private final int numClasses;
  private final int folds;
  private final long seed;
  private final IntFunction<Model> modelFactory;
  private final FoldLoop loop;

  /** Sets up the loop of one fold: everything but the model and the training data. */
  @FunctionalInterface
  public interface FoldLoop {
    /**
     * Configures {@code loop} for {@code fold} (input shape, loss, epochs, sampler, optimizer...).
     *
     * @throws DataException if a setting cannot be made from the fold (e.g. a sampler from its labels)
     */
    void configure(Fold fold, TrainingLoop.Builder loop) throws DataException;
  }

  private CrossValidation(Builder b) {
    this.features = b.features;
    this.labels = b.labels.clone();
    this.numClasses = b.numClasses;
    this.folds = b.folds;
    this.seed = b.seed;
    this.modelFactory = b.modelFactory;
    this.loop = b.loop;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains one model per fold and predicts its held-out records.
   *
   * @throws DataException on a label out of range or bad data met while training (see {@link TrainingLoop#fit()})
   * @throws IOException if a fold's training fails to read data or write a checkpoint
   */
  public OutOfSample run() throws DataException, IOException {
    int n = labels.length;
    int[] fold = StratifiedFolds.assign(labels, numClasses, folds, seed);
    float[][] probabilities = new float[n][];
    List<TrainingReport> reports = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      Fold f = fold(k, fold);
      try (NDManager m = features.getManager().newSubManager(); Model model = modelFactory.apply(k)) {
        NDArray trainX = features.get(m.create(f.trainIndices()));
        trainX.attach(m);
        float[] trainY = new float[f.trainLabels().length];
        for (int i = 0; i < trainY.length; i++) {
          trainY[i] = f.trainLabels()[i];
        }
        TrainingLoop.Builder b = TrainingLoop.builder();
        loop.configure(f, b);
        b.setModel(model).setTrainingData(trainX, m.create(trainY)).setNumClasses(numClasses);
        reports.add(b.build().fit());
        predict(model, m, f.heldOutIndices(), probabilities);
      }
    }
    return new OutOfSample(probabilities, fold, reports);
  }

  private Fold fold(int k, int[] fold) {
    int held = 0;
    for (int f : fold) {
      held += f == k ? 1 : 0;
    }
    long[] train = new long[fold.length - held];
    int[] trainLabels = new int[train.length];
    long[] heldOut = new long[held];
    int t = 0;
    int h = 0;
    for (int i = 0; i < fold.length; i++) {
      if (fold[i] == k) {
        heldOut[h++] = i;
      } else {
        trainLabels[t] = labels[i];
        train[t++] = i;
      }
    }
    return new Fold(k, train, trainLabels, heldOut);
  }

  private void predict(Model model, NDManager m, long[] rows, float[][] out) {
    ParameterStore store = new ParameterStore(m, false);
    for (int from = 0; from < rows.length; from += PREDICT_BATCH) {
      int to = Math.min(rows.length, from + PREDICT_BATCH);
      try (NDManager batch = m.newSubManager()) {
        long[] idx = java.util.Arrays.copyOfRange(rows, from, to);
        NDArray x = features.get(batch.create(idx));
        x.attach(batch);
        NDArray logits = model.getBlock().forward(store, new NDList(x), false).head();
        float[] p = logits.softmax(-1).toFloatArray();
        for (int r = 0; r < idx.length; r++) {
          float[] row = new float[numClasses];
          System.arraycopy(p, r * numClasses, row, 0, numClasses);
          out[(int) idx[r]] = row;
        }
      }
    }
  }

  /** Builds a {@link CrossValidation}; see the class example. */
  public static final class Builder {
    private NDArray features;
    private int[] labels;
    private int numClasses;
    private int folds;
    private long seed;
    private IntFunction<Model> modelFactory;
    private FoldLoop loop;

    private Builder() {}

    /** The features, one record per row (N, ...). The caller keeps ownership. */
    public Builder setFeatures(NDArray features) {
      this.features = Objects.requireNonNull(features, "features");
      return this;
    }

    /** Each record's class, in [0, numClasses). */
    public Builder setLabels(int[] labels) {
      this.labels = Objects.requireNonNull(labels, "labels").clone();
      return this;
    }

    /** The number of classes. */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /** The number of folds, at least 2. */
    public Builder setFolds(int folds) {
      this.folds = folds;
      return this;
    }

    /** The seed of the fold assignment (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Makes a fresh model (with its block) for each fold; the helper closes it after predicting. */
    public Builder setModelFactory(IntFunction<Model> modelFactory) {
      this.modelFactory = Objects.requireNonNull(modelFactory, "modelFactory");
      return this;
    }

    /** Sets up each fold's training loop, except the model and the training data. */
    public Builder setLoop(FoldLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalStateException naming a missing setting
     * @throws IllegalArgumentException naming an invalid value, or features and labels of different lengths
     */
    public CrossValidation build() {
      if (features == null) {
        throw new IllegalStateException("features was not set: call setFeatures(NDArray)");
      }
      if (labels == null) {
        throw new IllegalStateException("labels was not set: call setLabels(int[])");
      }
      if (modelFactory == null) {
        throw new IllegalStateException("modelFactory was not set: call setModelFactory(IntFunction<Model>)");
      }
      if (loop == null) {
        throw new IllegalStateException("loop was not set: call setLoop(FoldLoop)");
      }
      if (numClasses < 1) {
        throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
      }
      if (folds < 2) {
        throw new IllegalArgumentException("folds must be >= 2: " + folds);
      }
      long rows = features.getShape().dimension() == 0 ? 0 : features.getShape().get(0);
      if (rows != labels.length) {
        throw new IllegalArgumentException("features and labels differ in length: " + features.getShape() + " vs "
            + labels.length + " labels");
      }
      if (labels.length < folds) {
        throw new IllegalArgumentException("fewer records than folds: " + labels.length + " < " + folds);
      }
      return new CrossValidation(this);
    }
  }
}
