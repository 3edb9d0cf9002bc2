package dev.datamgmt.train.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
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
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.HardExampleSampler;
import dev.datamgmt.train.sampler.SampleLossLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Every batch is checked, training and validation alike, before the engine sees it: the input must have the
 * shape of {@link Builder#setInputShape} after the batch dimension, labels must be integer class indices in
 * [0, numClasses), the model's output must be (N, numClasses) (checked once after initialization, before the first
 * step) and the loss finite; validation inputs must be finite too. Otherwise {@link #fit()} stops with an
 * {@link InvalidDataException} that names the epoch, the batch and the samples (for a NaN loss, also the samples
 * whose inputs are not finite), or, for a model whose output width is not the class count, an
 * {@link IllegalStateException} with the expected and found shapes.
 *
 * <p>Checkpoints hold the parameters, the loop's state, the last per-sample loss log and what they were written
 * for: the architecture signature (parameter names and shapes), the optimizer's description, the sampler's settings
 * and the epoch count. Resuming into a different architecture, optimizer or sampler, or resuming a run that already
 * completed its epochs, fails with a {@link ResumeException} naming the first thing that does not fit, before
 * anything is loaded. With {@link dev.datamgmt.train.optim.ResumableAdam} as the optimizer, checkpoints also hold
 * Adam's moments and step counts ({@code "optimizerState": "saved: ..."}) and a resumed run continues exactly.
 * Other optimizers' state (DJL's Adam moments, SGD momentum) is not reachable through DJL's API, so it is not
 * saved: the checkpoint says so ({@code "optimizerState": "not-saved: ..."}), a resumed run restarts it and logs a
 * warning; only a stateless optimizer (SGD without momentum) then resumes exactly. With
 * {@link Builder#optWeightAveraging} the loop also keeps an average of the weights, validates it and leaves
 * it in the model at the end; checkpoints hold the trained weights.
 *
 * <p>A built loop keeps a copy of its builder's settings and never changes; {@link #fit()} may be called again
 * (it trains the same model further, or resumes from the checkpoints). Inside, package-private collaborators do
 * the work: an epoch runner (batches, hook, loss, step), the validation pass and the lineage writer.
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

  private final LoopSettings s;

  private TrainingLoop(LoopSettings settings) {
    this.s = settings;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains for the configured epochs (or until early stopping), resuming from the checkpoint directory when
   * asked to.
   *
   * @throws InvalidDataException on a batch of the wrong shape, a label that is not a class index, a non-finite
   *     loss or non-finite validation inputs, naming epoch, batch and samples
   * @throws ResumeException when resuming a checkpoint written for a different architecture, optimizer or sampler,
   *     or a run that already completed {@code setEpochs} epochs
   * @throws IllegalStateException if the model's output width is not the class count
   * @throws DataException if a checkpoint cannot be read
   * @throws IOException if data cannot be read or a checkpoint cannot be written
   */
  public TrainingReport fit() throws DataException, IOException {
    Model model = s.model;
    Engine.getEngine(model.getNDManager().getEngine().getEngineName()).setRandomSeed((int) s.initSeed);
    EpochSampler sampler = s.sampler;
    long datasetSize = s.trainData instanceof RandomAccessDataset r ? r.size() : -1;
    boolean logSamples = !s.unlabeled && datasetSize > 0
        && (s.logSampleLosses || sampler instanceof HardExampleSampler);
    int startEpoch = 0;
    LoopState state = new LoopState();
    SampleLossLog resumedLog = null;
    Checkpoints checkpoints = s.checkpointDir == null ? null : new Checkpoints(s.checkpointDir);
    if (checkpoints != null && s.resume) {
      Optional<Checkpoints.State> latest = checkpoints.latest();
      if (latest.isPresent()) {
        // the model's own signature, from its initialized block, before the checkpoint's weights replace it
        Block block = model.getBlock();
        if (!block.isInitialized()) {
          block.initialize(model.getNDManager(), model.getDataType(), s.inputShape);
        }
        checkpoints.check(latest.get(), fitSettings(Checkpoints.signature(block)), s.optimizer);
        Checkpoints.Restored restored = checkpoints.restore(model, latest.get(), s.optimizer);
        state = restored.state();
        startEpoch = state.epoch + 1;
        resumedLog = restored.sampleLog();
        LOG.info("resuming after epoch {} from {}", state.epoch, s.checkpointDir);
      }
    }
    if (resumedLog != null && sampler instanceof HardExampleSampler h) {
      h.observe(resumedLog);
    }
    BatchLabels labels = new BatchLabels(s.numClasses);
    EpochRunner runner = new EpochRunner(s, labels);
    Validation validation = s.validationData == null ? null : new Validation(s, labels);
    List<EpochResult> history = new ArrayList<>();
    boolean stoppedEarly = false;
    int lastEpoch = startEpoch - 1;
    DefaultTrainingConfig config = new DefaultTrainingConfig(s.loss).optOptimizer(s.optimizer);
    WeightAverager averager = null;
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(s.inputShape);
      if (!s.unlabeled) {
        BatchChecks.checkOutput(model.getBlock(), s.inputShape, s.numClasses);
      }
      Checkpoints.Fit fit = checkpoints == null ? null : fitSettings(Checkpoints.signature(model.getBlock()));
      averager = s.weightAveraging == null ? null
          : new WeightAverager(s.weightAveraging, model.getBlock(), model.getNDManager());
      for (int epoch = startEpoch; epoch < s.epochs; epoch++) {
        Loss loss = s.lossFor(epoch);
        SampleLossLog log = logSamples ? new SampleLossLog((int) datasetSize) : null;
        EpochRunner.Outcome trained = runner.run(trainer, epoch, loss, log, averager);
        // validation sees the weights the loop will hand back: the average, when one is kept
        Validation.Outcome validated = validation == null ? null : validation.run(trainer, epoch, loss, averager);
        EpochResult result = new EpochResult(epoch, trained.trainLoss(), trained.samples(), trained.seconds(),
            validated == null ? Double.NaN : validated.loss(),
            validated == null ? Optional.empty() : Optional.of(validated.matrix()));
        if (log != null && sampler instanceof HardExampleSampler h) {
          h.observe(log);
        }
        history.add(result);
        lastEpoch = epoch;
        boolean improved = state.update(epoch, result, s.monitor, s.minDelta);
        for (TrainingLoopListener l : s.listeners) {
          l.onEpochEnd(result);
        }
        if (s.sampleLogSink != null && log != null) {
          s.sampleLogSink.accept(log);
        }
        if (checkpoints != null) {
          checkpoints.save(model, state, log, fit, s.optimizer);
        }
        if (!improved && s.patience > 0 && state.badEpochs >= s.patience && result.validation().isPresent()) {
          stoppedEarly = true;
          LOG.info("early stop after epoch {}: no improvement of {} for {} epochs", epoch, s.monitor, s.patience);
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
    Provenance provenance = new LineageWriter(s).write(history, lastEpoch, stoppedEarly, state);
    TrainingReport report = new TrainingReport(List.copyOf(history), lastEpoch, stoppedEarly, state.bestEpoch,
        provenance);
    for (TrainingLoopListener l : s.listeners) {
      l.onTrainingEnd(report);
    }
    return report;
  }

  private Checkpoints.Fit fitSettings(List<Checkpoints.Param> architecture) {
    return new Checkpoints.Fit(s.epochs, s.optimizerDescription, LineageWriter.samplerSettings(s), architecture);
  }

  /** Builds a {@link TrainingLoop}; see the class example. */
  public static final class Builder {
    Model model;
    Dataset trainData;
    NDArray[] trainArrays;
    boolean unlabeled;
    NDArray[] validationArrays;
    Shape inputShape;
    int numClasses;
    Loss loss;
    int epochs;
    EpochSampler sampler;
    BatchTransform batchTransform;
    Optimizer optimizer;
    String optimizerDescription;
    Dataset validationData;
    int reweightFrom = -1;
    Loss reweightedLoss;
    int patience;
    double minDelta;
    Monitor monitor = Monitor.BALANCED_ACCURACY;
    Path checkpointDir;
    boolean resume;
    boolean logSampleLosses;
    java.util.function.Consumer<SampleLossLog> sampleLogSink;
    final List<TrainingLoopListener> listeners = new ArrayList<>();
    long initSeed;
    String datasetVersion;
    String validationVersion;
    final List<Provenance.Source> extraSources = new ArrayList<>();
    final TreeMap<String, Long> extraSeeds = new TreeMap<>();
    String codeCommit;
    WeightAveraging weightAveraging;
    java.time.Clock clock = java.time.Clock.systemUTC();

    private Builder() {}

    /** The model to train; its block must be set. The caller keeps ownership (and closes it). */
    public Builder setModel(Model model) {
      this.model = model;
      return this;
    }

    /**
     * Training data: any DJL Dataset; a {@link RandomAccessDataset} when a sampler is used. With
     * {@link #optSampler} the loop's sampler owns batching: the dataset's own sampling (the batch size and
     * shuffling given to its builder's {@code setSampling}) is not used for training. Replaces
     * {@link #setTrainingData(NDArray, NDArray)}.
     */
    public Builder setTrainingData(Dataset trainData) {
      this.trainData = trainData;
      this.trainArrays = null;
      return this;
    }

    /**
     * Training data from arrays: features (N, ...) and class-index labels (N) or (N, 1), batched only by the
     * sampler of {@link #optSampler}, which is then required; there is no second batch size to set (or to
     * contradict). The caller keeps ownership of the arrays. Replaces {@link #setTrainingData(Dataset)}.
     *
     * @param labels the class indices, or null with {@link #optUnlabeled()}
     */
    public Builder setTrainingData(NDArray features, NDArray labels) {
      this.trainArrays = new NDArray[] {Objects.requireNonNull(features, "features"), labels};
      this.trainData = null;
      return this;
    }

    /** The input shape the block is initialized with, batch dimension included (e.g. (1, 1, 28, 28)). */
    public Builder setInputShape(Shape inputShape) {
      this.inputShape = inputShape;
      return this;
    }

    /** The number of classes; labels must be in [0, numClasses). Not used with {@link #optUnlabeled()}. */
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

    /**
     * The sampler (default: the dataset's own sampler). It owns batching: its batch size and order win over
     * any sampling set on the training dataset, which the loop does not use. The loop sets its epoch before each
     * epoch.
     */
    public Builder optSampler(EpochSampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /**
     * The per-batch hook applied to each training batch on its device before the forward pass, typically
     * {@code DeviceAugmenter.of(pipeline).asBatchTransform()}; its {@link BatchTransform#describe()} is recorded in
     * the lineage. Default: none.
     */
    public Builder optBatchTransform(BatchTransform transform) {
      this.batchTransform = transform;
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

    /**
     * Self-supervised training: the data's labels (if any) are neither read nor checked, the loss is given an empty
     * label list, and the model's output is not checked against a class count, e.g. for embeddings of two views
     * ({@code optBatchTransform(ViewBatches.of(pipeline, 2).asBatchTransform())}) under
     * {@code Losses.ntXent()}. Conflicts with validation data, per-sample loss logs and hard-example sampling, which
     * need labels; {@code setNumClasses} is then not required.
     */
    public Builder optUnlabeled() {
      this.unlabeled = true;
      return this;
    }

    /**
     * Data evaluated after every epoch: loss and confusion matrix, batched by the dataset's own sampling.
     * Replaces {@link #optValidationData(NDArray, NDArray)}.
     */
    public Builder optValidationData(Dataset validationData) {
      this.validationData = validationData;
      this.validationArrays = null;
      return this;
    }

    /**
     * Validation data from arrays, evaluated in order in batches of the loop sampler's batch size (256 without
     * a sampler). The caller keeps ownership of the arrays. Replaces {@link #optValidationData(Dataset)}.
     */
    public Builder optValidationData(NDArray features, NDArray labels) {
      this.validationArrays = new NDArray[] {Objects.requireNonNull(features, "features"),
          Objects.requireNonNull(labels, "labels")};
      this.validationData = null;
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

    /**
     * The clock that stamps the lineage's {@code createdAt} (default: the system clock, UTC). The lineage holds no
     * other time: throughput and epoch times are in the {@link TrainingReport}, so two identical runs with a fixed
     * clock produce equal provenance.
     */
    public Builder optClock(java.time.Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The code commit to record (default: {@link GitCommit#current()}, the checkout around the working directory). */
    public Builder optCodeCommit(String commit) {
      this.codeCommit = commit;
      return this;
    }

    /**
     * Validates the settings and builds the loop, which keeps a copy of them: later calls on this builder do not
     * change it.
     *
     * @throws IllegalStateException naming a missing required setting, or both settings of a conflicting pair
     * @throws IllegalArgumentException naming a setting and its invalid value
     */
    public TrainingLoop build() {
      if (model == null) {
        throw new IllegalStateException("model was not set: call setModel(Model)");
      }
      if (model.getBlock() == null) {
        throw new IllegalArgumentException("model must have a block: " + model);
      }
      if (trainData == null && trainArrays == null) {
        throw new IllegalStateException("trainingData was not set: call setTrainingData(Dataset) or"
            + " setTrainingData(NDArray, NDArray)");
      }
      if (trainArrays != null && sampler == null) {
        throw new IllegalStateException("setTrainingData(NDArray, NDArray) needs optSampler, which owns batching;"
            + " it was not set");
      }
      Dataset training = trainArrays != null ? ArrayData.training(trainArrays[0], trainArrays[1]) : trainData;
      Dataset validating = validationArrays == null ? validationData : ArrayData.validation(validationArrays[0],
          validationArrays[1], sampler != null ? sampler.getBatchSize() : 256);
      if (inputShape == null) {
        throw new IllegalStateException("inputShape was not set: call setInputShape(Shape)");
      }
      if (!unlabeled && numClasses < 1) {
        throw new IllegalArgumentException("numClasses must be >= 1: " + numClasses);
      }
      if (unlabeled && (validationData != null || validationArrays != null)) {
        throw new IllegalStateException("optUnlabeled conflicts with optValidationData: validation needs labels");
      }
      if (unlabeled && logSampleLosses) {
        throw new IllegalStateException("optUnlabeled conflicts with optSampleLossLog: the log records correctness");
      }
      if (unlabeled && sampler instanceof HardExampleSampler) {
        throw new IllegalStateException("optUnlabeled conflicts with a hard-example optSampler: it needs labels");
      }
      if (!unlabeled && trainArrays != null && trainArrays[1] == null) {
        throw new IllegalStateException("setTrainingData(features, null) needs optUnlabeled(), which was not set");
      }
      if (loss == null) {
        throw new IllegalStateException("loss was not set: call setLoss(Loss)");
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
      }
      if (sampler != null && !(training instanceof RandomAccessDataset)) {
        throw new IllegalStateException("optSampler needs setTrainingData to be a RandomAccessDataset, not "
            + training.getClass().getName());
      }
      if (reweightedLoss != null && reweightFrom < 0) {
        throw new IllegalArgumentException("deferredReweighting fromEpoch must be >= 0: " + reweightFrom);
      }
      if (patience < 0) {
        throw new IllegalArgumentException("early stopping patience must be >= 0: " + patience);
      }
      if (patience > 0 && validating == null) {
        throw new IllegalStateException("optEarlyStopping (patience " + patience
            + ") needs optValidationData, which was not set");
      }
      if (validationVersion != null && validating == null) {
        throw new IllegalStateException("optValidationVersion (" + validationVersion
            + ") needs optValidationData, which was not set");
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
        throw new IllegalStateException("optResume(true) needs optCheckpointDir, which was not set");
      }
      Optimizer opt = optimizer;
      String optDescription = optimizerDescription;
      if (opt == null) {
        opt = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        optDescription = "adam(lr=0.001)";
      }
      return new TrainingLoop(new LoopSettings(this, training, validating, opt, optDescription));
    }
  }
}
