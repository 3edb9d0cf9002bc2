package dev.datamgmt.train.loop;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.SampleLossLog;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The validated settings of one {@link TrainingLoop}, copied from its builder at {@code build()}: later calls on the
 * builder do not change a built loop. (The model, datasets, sampler and listeners are the caller's objects and
 * are shared, not copied.)
 */
final class LoopSettings {
  final Model model;
  final Dataset trainData;
  final Shape inputShape;
  final int numClasses;
  final Loss loss;
  final int epochs;
  final EpochSampler sampler;
  final BatchTransform batchTransform;
  final Optimizer optimizer;
  final String optimizerDescription;
  final Dataset validationData;
  final int reweightFrom;
  final Loss reweightedLoss;
  final int patience;
  final double minDelta;
  final TrainingLoop.Monitor monitor;
  final Path checkpointDir;
  final boolean resume;
  final boolean logSampleLosses;
  final Consumer<SampleLossLog> sampleLogSink;
  final List<TrainingLoopListener> listeners;
  final long initSeed;
  final String datasetVersion;
  final String validationVersion;
  final List<Provenance.Source> extraSources;
  final SortedMap<String, Long> extraSeeds;
  final String codeCommit;
  final WeightAveraging weightAveraging;
  final java.time.Clock clock;
  final boolean unlabeled;

  LoopSettings(TrainingLoop.Builder b, Dataset trainData, Dataset validationData, Optimizer optimizer,
      String optimizerDescription) {
    this.model = b.model;
    this.trainData = trainData;
    this.inputShape = b.inputShape;
    this.numClasses = b.numClasses;
    this.loss = b.loss;
    this.epochs = b.epochs;
    this.sampler = b.sampler;
    this.batchTransform = b.batchTransform;
    this.optimizer = optimizer;
    this.optimizerDescription = optimizerDescription;
    this.validationData = validationData;
    this.reweightFrom = b.reweightFrom;
    this.reweightedLoss = b.reweightedLoss;
    this.patience = b.patience;
    this.minDelta = b.minDelta;
    this.monitor = b.monitor;
    this.checkpointDir = b.checkpointDir;
    this.resume = b.resume;
    this.logSampleLosses = b.logSampleLosses;
    this.sampleLogSink = b.sampleLogSink;
    this.listeners = List.copyOf(b.listeners);
    this.initSeed = b.initSeed;
    this.datasetVersion = b.datasetVersion;
    this.validationVersion = b.validationVersion;
    this.extraSources = List.copyOf(b.extraSources);
    this.extraSeeds = Collections.unmodifiableSortedMap(new TreeMap<>(b.extraSeeds));
    this.codeCommit = b.codeCommit;
    this.weightAveraging = b.weightAveraging;
    this.clock = b.clock;
    this.unlabeled = b.unlabeled;
  }

  /** The loss of {@code epoch}: the re-weighted one from the deferred re-weighting epoch on. */
  Loss lossFor(int epoch) {
    return reweightFrom >= 0 && epoch >= reweightFrom ? reweightedLoss : loss;
  }
}
