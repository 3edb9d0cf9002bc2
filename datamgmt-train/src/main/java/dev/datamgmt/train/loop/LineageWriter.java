package dev.datamgmt.train.loop;

import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.lineage.GitCommit;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.train.loss.PerSampleLoss;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the {@link Provenance} of a trained model: the data (by dataset version when known, so that
 * {@link Lineage#trace} finds it again), the batch transform, the sampler, the training settings, the last
 * epoch's evaluation, the seeds, the code commit and the environment.
 */
final class LineageWriter {
  private final LoopSettings s;

  LineageWriter(LoopSettings s) {
    this.s = s;
  }

  Provenance write(List<EpochResult> history, int lastEpoch, boolean stoppedEarly, LoopState state) {
    Provenance.Builder p = Provenance.builder("model").optCreatedAt(s.clock.instant());
    // a versioned dataset is named so that Lineage.trace can check it out again; other data by its class
    p.addSource(s.datasetVersion != null ? new Provenance.Source(Lineage.DATASET_VERSION, s.datasetVersion)
        : new Provenance.Source("dataset", "djl-dataset:" + s.trainData.getClass().getName()));
    if (s.validationData != null) {
      p.addSource(s.validationVersion != null ? new Provenance.Source("validation-" + Lineage.DATASET_VERSION,
          s.validationVersion) : new Provenance.Source("validation", "djl-dataset:"
          + s.validationData.getClass().getName()));
    }
    s.extraSources.forEach(p::addSource);
    if (s.batchTransform != null) {
      p.addStep(new Provenance.Step("augment", Map.of("pipeline", s.batchTransform.describe())));
    }
    SortedMap<String, String> samplerSettings = samplerSettings(s);
    p.addStep(new Provenance.Step("sample", samplerSettings));
    TreeMap<String, String> train = new TreeMap<>();
    train.putAll(prefixed("loss.", describeLoss(s.loss)));
    if (s.reweightFrom >= 0) {
      train.put("deferredReweighting.fromEpoch", String.valueOf(s.reweightFrom));
      train.putAll(prefixed("deferredReweighting.loss.", describeLoss(s.reweightedLoss)));
    }
    train.put("optimizer", s.optimizerDescription);
    if (s.weightAveraging != null) {
      train.put("weightAveraging", s.weightAveraging.describe());
    }
    train.put("epochs", String.valueOf(s.epochs));
    train.put("epochsRun", String.valueOf(lastEpoch + 1));
    train.put("stoppedEarly", String.valueOf(stoppedEarly));
    train.put("inputShape", s.inputShape.toString());
    if (s.unlabeled) {
      train.put("labels", "none (self-supervised)");
    } else {
      train.put("numClasses", String.valueOf(s.numClasses));
    }
    train.put("block", s.model.getBlock() == null ? "none" : s.model.getBlock().getClass().getName());
    if (s.patience > 0) {
      train.put("earlyStopping", s.monitor + " patience " + s.patience + " minDelta " + s.minDelta);
    }
    p.addStep(new Provenance.Step("train", train));
    if (!history.isEmpty()) {
      EpochResult last = history.get(history.size() - 1);
      TreeMap<String, String> eval = new TreeMap<>();
      eval.put("trainLoss", String.format(Locale.ROOT, "%.6f", last.trainLoss()));
      // no timing here: identical runs have identical provenance; throughput is in the TrainingReport
      last.validation().ifPresent(cm -> eval.putAll(prefixed("validation.", cm.summary())));
      if (state.bestEpoch >= 0) {
        eval.put("bestEpoch", String.valueOf(state.bestEpoch));
      }
      p.addStep(new Provenance.Step("evaluate", eval));
    }
    if (samplerSettings.containsKey("seed")) {
      p.addSeed("sampler", Long.parseLong(samplerSettings.get("seed")));
    }
    p.addSeed("init", s.initSeed);
    s.extraSeeds.forEach(p::addSeed);
    p.optCodeCommit(s.codeCommit != null ? s.codeCommit : GitCommit.current().orElse(null));
    TreeMap<String, String> env = new TreeMap<>(Provenance.currentEnvironment());
    Engine engine = s.model.getNDManager().getEngine();
    env.put("djl.version", Engine.getDjlVersion());
    env.put("djl.engine", engine.getEngineName() + " " + engine.getVersion());
    p.optEnvironment(env);
    return p.build();
  }

  /** The sampler's settings, or {@code sampler=dataset-default} without one. */
  static SortedMap<String, String> samplerSettings(LoopSettings s) {
    return s.sampler != null ? s.sampler.describe() : new TreeMap<>(Map.of("sampler", "dataset-default"));
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
}
