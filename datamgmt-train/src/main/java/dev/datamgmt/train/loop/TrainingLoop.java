package dev.datamgmt.train.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.lineage.GitCommit;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.train.loss.PerSampleLoss;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.HardExampleSampler;
import dev.datamgmt.train.sampler.SampleLossLog;
import dev.datamgmt.train.sampler.Samplers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a DJL model on single-label classification data, with the pieces imbalanced data needs.
 *
 * <pre>{@code
 * TrainingReport report = TrainingLoop.builder()
 *     .setModel(model)                                   // its block; the caller owns and closes the model
 *     .setTrainingData(trainSet)                         // any DJL Dataset; samplers need a RandomAccessDataset
 *     .setInputShape(new Shape(1, 1, 28, 28))
 *     .setNumClasses(10)
 *     .setLoss(Losses.softmaxFocal().build())
 *     .setEpochs(3)
 *     .optSampler(Samplers.classBalanced(labels, 10).setBatchSize(128).optSeed(7).build())
 *     .optBatchTransform(DeviceAugmenter.of(pipeline).asBatchTransform())
 *     .optValidationData(testSet)
 *     .optCheckpointDir(Path.of("checkpoints"))
 *     .optProgress(System.err)
 *     .build()
 *     .fit();
 * ModelLineage.save(model, dir, "classifier", report.provenance());
 * }</pre>
 *
 * <p>Every batch is checked: labels must be class indices in [0, numClasses) and the loss finite, otherwise
 * {@link #fit()} stops with an {@link InvalidDataException} that names the epoch, the batch and the samples.
 * Checkpoints hold the parameters, the loop's state and the last per-sample loss log; optimizer state (Adam's
 * moments) is not part of DJL's saved state, so a resumed run restarts it. With
 * {@link Builder#optWeightAveraging} the loop also keeps an average of the weights, validates it and leaves
 * it in the model at the end; checkpoints hold the trained weights.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  /** The validation metric early stopping and best-epoch tracking watch. */
  public enum Monitor {
    /** Mean per-class recall; higher is better. */
    BALANCED_ACCURACY,
    /** Mean per-class F1; higher is better. */
    MACRO_F1,
    /** Mean validation loss; lower is better. */
    VALIDATION_LOSS
  }

  private final Builder b;

  private TrainingLoop(Builder b) {
    this.b = b;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains for the configured epochs (or until early stopping), resuming from the checkpoint directory when
   * asked to.
   *
   * @throws InvalidDataException on an out-of-range label or a non-finite loss, naming epoch and batch
   * @throws DataException if a checkpoint cannot be read
   * @throws IOException if data cannot be read or a checkpoint cannot be written
   */
  public TrainingReport fit() throws DataException, IOException {
    Model model = b.model;
    Engine.getEngine(model.getNDManager().getEngine().getEngineName()).setRandomSeed((int) b.initSeed);
    EpochSampler sampler = b.sampler;
    long datasetSize = b.trainData instanceof RandomAccessDataset r ? r.size() : -1;
    boolean logSamples = datasetSize > 0 && (b.logSampleLosses || sampler instanceof HardExampleSampler);
    int startEpoch = 0;
    LoopState state = new LoopState();
    SampleLossLog resumedLog = null;
    Checkpoints checkpoints = b.checkpointDir == null ? null : new Checkpoints(b.checkpointDir);
    if (checkpoints != null && b.resume) {
      Optional<Checkpoints.Restored> restored = checkpoints.restore(model, b.inputShape);
      if (restored.isPresent()) {
        state = restored.get().state();
        startEpoch = state.epoch + 1;
        resumedLog = restored.get().sampleLog();
        LOG.info("resuming after epoch {} from {}", state.epoch, b.checkpointDir);
      }
    }
    if (resumedLog != null && sampler instanceof HardExampleSampler h) {
      h.observe(resumedLog);
    }
    List<EpochResult> history = new ArrayList<>();
    boolean stoppedEarly = false;
    int lastEpoch = startEpoch - 1;
    DefaultTrainingConfig config = new DefaultTrainingConfig(b.loss).optOptimizer(b.optimizer);
    WeightAverager averager = null;
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(b.inputShape);
      averager = b.weightAveraging == null ? null
          : new WeightAverager(b.weightAveraging, model.getBlock(), model.getNDManager());
      for (int epoch = startEpoch; epoch < b.epochs; epoch++) {
        Loss loss = b.reweightFrom >= 0 && epoch >= b.reweightFrom ? b.reweightedLoss : b.loss;
        SampleLossLog log = logSamples ? new SampleLossLog((int) datasetSize) : null;
        EpochResult result = runEpoch(trainer, epoch, loss, sampler, log, averager);
        if (log != null && sampler instanceof HardExampleSampler h) {
          h.observe(log);
        }
        history.add(result);
        lastEpoch = epoch;
        boolean improved = state.update(epoch, result, b.monitor, b.minDelta);
        for (TrainingLoopListener l : b.listeners) {
          l.onEpochEnd(result);
        }
        if (b.sampleLogSink != null && log != null) {
          b.sampleLogSink.accept(log);
        }
        if (checkpoints != null) {
          checkpoints.save(model, state, log);
        }
        if (!improved && b.patience > 0 && state.badEpochs >= b.patience && result.validation().isPresent()) {
          stoppedEarly = true;
          LOG.info("early stop after epoch {}: no improvement of {} for {} epochs", epoch, b.monitor, b.patience);
          break;
        }
      }
      if (averager != null && averager.hasAverage()) {
        averager.install();
      }
    } catch (TranslateException e) {
      throw new IOException("cannot read a batch: " + e.getMessage(), e);
    } finally {
      if (averager != null) {
        averager.close();
      }
    }
    Provenance provenance = provenance(history, lastEpoch, stoppedEarly, state);
    TrainingReport report = new TrainingReport(List.copyOf(history), lastEpoch, stoppedEarly, state.bestEpoch,
        provenance);
    for (TrainingLoopListener l : b.listeners) {
      l.onTrainingEnd(report);
    }
    return report;
  }

  private EpochResult runEpoch(Trainer trainer, int epoch, Loss loss, EpochSampler sampler, SampleLossLog log,
      WeightAverager averager) throws DataException, IOException, TranslateException {
    Iterable<Batch> batches;
    long[] order = null;
    long numBatches = -1;
    if (sampler != null) {
      RandomAccessDataset ds = (RandomAccessDataset) b.trainData;
      sampler.setEpoch(epoch);
      order = sampler.epochOrder(epoch, ds.size());
      int bs = sampler.getBatchSize();
      numBatches = sampler.dropLast() ? order.length / bs : (order.length + bs - 1) / bs;
      batches = ds.getData(trainer.getManager(), sampler);
    } else {
      batches = b.trainData.getData(trainer.getManager());
    }
    for (TrainingLoopListener l : b.listeners) {
      l.onEpochStart(epoch, b.epochs, numBatches);
    }
    long start = System.nanoTime();
    long samples = 0;
    double lossSum = 0;
    int batchNo = 0;
    int pos = 0;
    for (Batch batch : batches) {
      try (batch) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        int n = batch.getSize();
        long[] indices = indicesOf(batch, order, pos, n);
        int[] y = checkLabels(labels.head(), epoch, batchNo, indices);
        if (b.augmentation != null) {
          data = b.augmentation.apply(data, epoch, indices);
        }
        NDArray lossValue;
        NDArray perSample = null;
        NDList predictions;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          predictions = trainer.forward(data, labels);
          if (log != null && loss instanceof PerSampleLoss p) {
            perSample = p.perSample(labels, predictions);
            lossValue = p.reduce(perSample, labels);
          } else {
            lossValue = loss.evaluate(labels, predictions);
          }
          gc.backward(lossValue);
        }
        float value = lossValue.getFloat();
        if (!Float.isFinite(value)) {
          throw new InvalidDataException("non-finite training loss", "epoch " + epoch + ", batch " + batchNo
              + " (samples " + describeIndices(indices) + ")", "a finite loss", String.valueOf(value));
        }
        trainer.step();
        if (averager != null) {
          averager.afterStep(epoch);
        }
        if (log != null) {
          float[] per = perSample != null ? perSample.toFloatArray() : null;
          int[] predicted = predictions.head().argMax(-1).toType(DataType.INT32, false).toIntArray();
          for (int i = 0; i < n; i++) {
            log.record(indices[i], per != null ? per[i] : value, predicted[i] == y[i]);
          }
        }
        samples += n;
        lossSum += value;
        pos += n;
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingLoopListener.BatchEvent event = new TrainingLoopListener.BatchEvent(epoch, batchNo, numBatches, n,
            value, seconds > 0 ? samples / seconds : 0);
        for (TrainingLoopListener l : b.listeners) {
          l.onBatch(event);
        }
        batchNo++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double trainLoss = batchNo == 0 ? Double.NaN : lossSum / batchNo;
    double valLoss = Double.NaN;
    Optional<ConfusionMatrix> validation = Optional.empty();
    if (b.validationData != null) {
      // validation sees the weights the loop will hand back: the average, when one is kept
      NDArray[] trained = averager != null && averager.hasAverage() ? averager.swapIn() : null;
      try {
        ConfusionMatrix cm = new ConfusionMatrix(b.numClasses);
        double vSum = 0;
        long vCount = 0;
        for (Batch batch : b.validationData.getData(trainer.getManager())) {
          try (batch) {
            NDList predictions = trainer.evaluate(batch.getData());
            checkLabels(batch.getLabels().head(), epoch, -1, null);
            vSum += loss.evaluate(batch.getLabels(), predictions).getFloat() * batch.getSize();
            vCount += batch.getSize();
            cm.add(batch.getLabels().head(), predictions.head());
          }
        }
        valLoss = vCount == 0 ? Double.NaN : vSum / vCount;
        validation = Optional.of(cm);
      } finally {
        if (trained != null) {
          averager.restore(trained);
        }
      }
    }
    return new EpochResult(epoch, trainLoss, samples, seconds, valLoss, validation);
  }

  private static long[] indicesOf(Batch batch, long[] order, int pos, int n) {
    if (order != null && pos + n <= order.length) {
      return java.util.Arrays.copyOfRange(order, pos, pos + n);
    }
    List<?> idx = batch.getIndices();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx != null && i < idx.size() && idx.get(i) instanceof Number num ? num.longValue() : -1;
    }
    return out;
  }

  private int[] checkLabels(NDArray labels, int epoch, int batchNo, long[] indices) throws InvalidDataException {
    NDArray flat = labels.getShape().dimension() > 1 ? labels.reshape(-1) : labels;
    if (flat.getDataType().isFloating()) {
      float[] f = flat.toFloatArray();
      int[] y = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        if (f[i] != Math.rint(f[i])) {
          throw labelError(epoch, batchNo, indices, i, String.valueOf(f[i]));
        }
        y[i] = (int) f[i];
      }
      return checkRange(y, epoch, batchNo, indices);
    }
    return checkRange(flat.toType(DataType.INT32, false).toIntArray(), epoch, batchNo, indices);
  }

  private int[] checkRange(int[] y, int epoch, int batchNo, long[] indices) throws InvalidDataException {
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= b.numClasses) {
        throw labelError(epoch, batchNo, indices, i, String.valueOf(y[i]));
      }
    }
    return y;
  }

  private InvalidDataException labelError(int epoch, int batchNo, long[] indices, int i, String found) {
    String where = batchNo < 0 ? "validation data in epoch " + epoch + ", row " + i
        : "epoch " + epoch + ", batch " + batchNo + ", sample " + (indices != null && indices[i] >= 0 ? indices[i] : i);
    return new InvalidDataException("class label out of range", where, "an integer class in 0.." + (b.numClasses - 1),
        found);
  }

  private static String describeIndices(long[] indices) {
    if (indices.length <= 8) {
      return java.util.Arrays.toString(indices);
    }
    return java.util.Arrays.toString(java.util.Arrays.copyOf(indices, 8)).replace("]", ", ... " + indices.length + " in all]");
  }

  private Provenance provenance(List<EpochResult> history, int lastEpoch, boolean stoppedEarly, LoopState state) {
    Provenance.Builder p = Provenance.builder("model");
    // a versioned dataset is named so that Lineage.trace can check it out again; other data by its class
    p.addSource(b.datasetVersion != null ? new Provenance.Source(Lineage.DATASET_VERSION, b.datasetVersion)
        : new Provenance.Source("dataset", "djl-dataset:" + b.trainData.getClass().getName()));
    if (b.validationData != null) {
      p.addSource(b.validationVersion != null ? new Provenance.Source("validation-" + Lineage.DATASET_VERSION,
          b.validationVersion) : new Provenance.Source("validation", "djl-dataset:"
          + b.validationData.getClass().getName()));
    }
    b.extraSources.forEach(p::addSource);
    if (b.augmentation != null) {
      p.addStep(new Provenance.Step("augment", Map.of("pipeline", b.augmentation.describe())));
    }
    SortedMap<String, String> samplerSettings = b.sampler != null ? b.sampler.describe()
        : new TreeMap<>(Map.of("sampler", "dataset-default"));
    p.addStep(new Provenance.Step("sample", samplerSettings));
    TreeMap<String, String> train = new TreeMap<>();
    train.putAll(prefixed("loss.", describeLoss(b.loss)));
    if (b.reweightFrom >= 0) {
      train.put("deferredReweighting.fromEpoch", String.valueOf(b.reweightFrom));
      train.putAll(prefixed("deferredReweighting.loss.", describeLoss(b.reweightedLoss)));
    }
    train.put("optimizer", b.optimizerDescription);
    if (b.weightAveraging != null) {
      train.put("weightAveraging", b.weightAveraging.describe());
    }
    train.put("epochs", String.valueOf(b.epochs));
    train.put("epochsRun", String.valueOf(lastEpoch + 1));
    train.put("stoppedEarly", String.valueOf(stoppedEarly));
    train.put("inputShape", b.inputShape.toString());
    train.put("numClasses", String.valueOf(b.numClasses));
    train.put("block", b.model.getBlock() == null ? "none" : b.model.getBlock().getClass().getName());
    if (b.patience > 0) {
      train.put("earlyStopping", b.monitor + " patience " + b.patience + " minDelta " + b.minDelta);
    }
    p.addStep(new Provenance.Step("train", train));
    if (!history.isEmpty()) {
      EpochResult last = history.get(history.size() - 1);
      TreeMap<String, String> eval = new TreeMap<>();
      eval.put("trainLoss", String.format(java.util.Locale.ROOT, "%.6f", last.trainLoss()));
      eval.put("samplesPerSecond", String.format(java.util.Locale.ROOT, "%.1f", last.samplesPerSecond()));
      last.validation().ifPresent(cm -> eval.putAll(prefixed("validation.", cm.summary())));
      if (state.bestEpoch >= 0) {
        eval.put("bestEpoch", String.valueOf(state.bestEpoch));
      }
      p.addStep(new Provenance.Step("evaluate", eval));
    }
    if (samplerSettings.containsKey("seed")) {
      p.addSeed("sampler", Long.parseLong(samplerSettings.get("seed")));
    }
    p.addSeed("init", b.initSeed);
    b.extraSeeds.forEach(p::addSeed);
    p.optCodeCommit(b.codeCommit != null ? b.codeCommit : GitCommit.current().orElse(null));
    TreeMap<String, String> env = new TreeMap<>(Provenance.currentEnvironment());
    Engine engine = b.model.getNDManager().getEngine();
    env.put("djl.version", Engine.getDjlVersion());
    env.put("djl.engine", engine.getEngineName() + " " + engine.getVersion());
    p.optEnvironment(env);
    return p.build();
  }

  static SortedMap<String, String> describeLoss(Loss loss) {
    if (loss instanceof PerSampleLoss p) {
      return p.describe();
    }
    return new TreeMap<>(Map.of("loss", loss.getClass().getName(), "name", loss.getName()));
  }

  private static Map<String, String> prefixed(String prefix, Map<String, String> m) {
    TreeMap<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(prefix + k, v));
    return out;
  }

  /** Builds a {@link TrainingLoop}; see the class example. */
  public static final class Builder {
    private Model model;
    private Dataset trainData;
    private Shape inputShape;
    private int numClasses;
    private Loss loss;
    private int epochs;
    private EpochSampler sampler;
    private BatchTransform augmentation;
    private Optimizer optimizer;
    private String optimizerDescription;
    private Dataset validationData;
    private int reweightFrom = -1;
    private Loss reweightedLoss;
    private int patience;
    private double minDelta;
    private Monitor monitor = Monitor.BALANCED_ACCURACY;
    private Path checkpointDir;
    private boolean resume;
    private boolean logSampleLosses;
    private java.util.function.Consumer<SampleLossLog> sampleLogSink;
    private final List<TrainingLoopListener> listeners = new ArrayList<>();
    private long initSeed;
    private String datasetVersion;
    private String validationVersion;
    private final List<Provenance.Source> extraSources = new ArrayList<>();
    private final TreeMap<String, Long> extraSeeds = new TreeMap<>();
    private String codeCommit;
    private WeightAveraging weightAveraging;

    private Builder() {}

    /** The model to train; its block must be set. The caller keeps ownership (and closes it). */
    public Builder setModel(Model model) {
      this.model = model;
      return this;
    }

    /** Training data: any DJL Dataset; a {@link RandomAccessDataset} when a sampler is used. */
    public Builder setTrainingData(Dataset trainData) {
      this.trainData = trainData;
      return this;
    }

    /** The input shape the block is initialized with, batch dimension included (e.g. (1, 1, 28, 28)). */
    public Builder setInputShape(Shape inputShape) {
      this.inputShape = inputShape;
      return this;
    }

    /** The number of classes; labels must be in [0, numClasses). */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /** The training loss. Losses implementing {@link PerSampleLoss} also feed per-sample loss logs. */
    public Builder setLoss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** The total number of epochs (a resumed run continues up to it). */
    public Builder setEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** The sampler (default: the dataset's own sampler). The loop sets its epoch before each epoch. */
    public Builder optSampler(EpochSampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /**
     * The per-batch hook applied to each training batch on its device before the forward pass, typically
     * {@code DeviceAugmenter.of(pipeline).asBatchTransform()}; its {@link BatchTransform#describe()} is recorded in
     * the lineage. Default: none.
     */
    public Builder optBatchTransform(BatchTransform augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    /**
     * The optimizer (default Adam, learning rate 1e-3).
     *
     * @param description how it is recorded in the lineage, e.g. "adam(lr=0.001)"
     */
    public Builder optOptimizer(Optimizer optimizer, String description) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      this.optimizerDescription = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Keeps an average of the weights over the training steps (see {@link WeightAveraging}); validation
     * evaluates the average, and the model holds it when {@link TrainingLoop#fit()} returns. Default: none,
     * the model keeps the last step's weights.
     */
    public Builder optWeightAveraging(WeightAveraging averaging) {
      this.weightAveraging = Objects.requireNonNull(averaging, "averaging");
      return this;
    }

    /** Data evaluated after every epoch: loss and confusion matrix. */
    public Builder optValidationData(Dataset validationData) {
      this.validationData = validationData;
      return this;
    }

    /**
     * Deferred re-weighting (Cao et al. 2019): from epoch {@code fromEpoch} on, train with {@code reweighted}
     * (e.g. a class-balanced loss) instead of the main loss.
     */
    public Builder optDeferredReweighting(int fromEpoch, Loss reweighted) {
      this.reweightFrom = fromEpoch;
      this.reweightedLoss = Objects.requireNonNull(reweighted, "reweighted");
      return this;
    }

    /**
     * Stops when the monitored validation metric has not improved by {@code minDelta} for {@code patience}
     * epochs. Needs validation data.
     */
    public Builder optEarlyStopping(Monitor monitor, int patience, double minDelta) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      this.patience = patience;
      this.minDelta = minDelta;
      return this;
    }

    /** Writes a checkpoint after every epoch into {@code dir}. */
    public Builder optCheckpointDir(Path dir) {
      this.checkpointDir = dir;
      return this;
    }

    /** Continues from the latest checkpoint in the checkpoint directory, if there is one (default false). */
    public Builder optResume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Logs each sample's loss and correctness per epoch and hands the log to {@code sink} (on by default,
     * without a sink, for a {@link HardExampleSampler}).
     */
    public Builder optSampleLossLog(java.util.function.Consumer<SampleLossLog> sink) {
      this.logSampleLosses = true;
      this.sampleLogSink = sink;
      return this;
    }

    /** Adds a listener. */
    public Builder addListener(TrainingLoopListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Draws a {@link ConsoleProgressBar} on {@code out}. */
    public Builder optProgress(PrintStream out) {
      return addListener(new ConsoleProgressBar(out));
    }

    /** The engine seed for parameter initialization (default 0). */
    public Builder optInitSeed(long seed) {
      this.initSeed = seed;
      return this;
    }

    /**
     * The id of the dataset version trained on ({@code DatasetVersion.id().toString()}, a commit id
     * {@code sha256:...}); it is recorded under {@link Lineage#DATASET_VERSION} so that
     * {@link Lineage#trace} finds the data again.
     */
    public Builder optDatasetVersion(String versionId) {
      this.datasetVersion = versionId;
      return this;
    }

    /** The validation data's version id. */
    public Builder optValidationVersion(String versionId) {
      this.validationVersion = versionId;
      return this;
    }

    /** Adds a lineage source, e.g. ("base-model", path and hash of the weights fine-tuned from). */
    public Builder addLineageSource(String role, String id) {
      extraSources.add(new Provenance.Source(role, id));
      return this;
    }

    /** Adds a seed to the lineage, e.g. the augmentation's. */
    public Builder addLineageSeed(String purpose, long seed) {
      extraSeeds.put(purpose, seed);
      return this;
    }

    /** The code commit to record (default: {@link GitCommit#current()}, the checkout around the working directory). */
    public Builder optCodeCommit(String commit) {
      this.codeCommit = commit;
      return this;
    }

    /**
     * Builds the loop.
     *
     * @throws IllegalArgumentException naming the missing or invalid setting
     */
    public TrainingLoop build() {
      if (model == null || model.getBlock() == null) {
        throw new IllegalArgumentException("model must be set and have a block: " + model);
      }
      if (trainData == null) {
        throw new IllegalArgumentException("trainingData must be set");
      }
      if (inputShape == null) {
        throw new IllegalArgumentException("inputShape must be set");
      }
      if (numClasses < 1) {
        throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
      }
      if (loss == null) {
        throw new IllegalArgumentException("loss must be set");
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
      }
      if (sampler != null && !(trainData instanceof RandomAccessDataset)) {
        throw new IllegalArgumentException("a sampler needs a RandomAccessDataset, not " + trainData.getClass().getName());
      }
      if (reweightedLoss != null && reweightFrom < 0) {
        throw new IllegalArgumentException("deferredReweighting fromEpoch must be >= 0: " + reweightFrom);
      }
      if (patience < 0) {
        throw new IllegalArgumentException("early stopping patience must be >= 0: " + patience);
      }
      if (patience > 0 && validationData == null) {
        throw new IllegalArgumentException("early stopping needs validation data");
      }
      if (!(minDelta >= 0)) {
        throw new IllegalArgumentException("early stopping minDelta must be >= 0: " + minDelta);
      }
      if (weightAveraging != null && weightAveraging.kind() == WeightAveraging.Kind.UNIFORM
          && weightAveraging.fromEpoch() >= epochs) {
        throw new IllegalArgumentException("weightAveraging " + weightAveraging.describe() + " starts after the last of "
            + epochs + " epochs: nothing would be averaged");
      }
      if (resume && checkpointDir == null) {
        throw new IllegalArgumentException("resume needs a checkpoint directory");
      }
      if (optimizer == null) {
        optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        optimizerDescription = "adam(lr=0.001)";
      }
      return new TrainingLoop(this);
    }
  }
}
