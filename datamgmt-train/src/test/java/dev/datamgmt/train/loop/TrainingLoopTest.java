package dev.datamgmt.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.train.lineage.ModelLineage;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.HardExampleSampler;
import dev.datamgmt.train.sampler.SampleLossLog;
import dev.datamgmt.train.sampler.Samplers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop on small synthetic 2-D data: three Gaussian blobs with 400, 80 and 20 samples. */
class TrainingLoopTest {
  static final int[] SIZES = {400, 80, 20};
  static final String DATASET_ID = "sha256:" + "ab".repeat(32);
  private NDManager manager;
  private float[][] x;
  private int[] y;

  @BeforeEach
  void data() {
    manager = NDManager.newBaseManager("PyTorch");
    int n = Arrays.stream(SIZES).sum();
    x = new float[n][];
    y = new int[n];
    SplittableRandom r = new SplittableRandom(5);
    float[][] centers = {{0, 0}, {3, 0}, {0, 3}};
    int o = 0;
    for (int c = 0; c < SIZES.length; c++) {
      for (int i = 0; i < SIZES[c]; i++) {
        x[o] = new float[] {centers[c][0] + (float) r.nextGaussian() * 0.6f,
            centers[c][1] + (float) r.nextGaussian() * 0.6f};
        y[o++] = c;
      }
    }
  }

  float[][] x() {
    return x;
  }

  int[] y() {
    return y;
  }

  @AfterEach
  void close() {
    manager.close();
  }

  ArrayDataset dataset(float[][] features, int[] labels) {
    float[] yf = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      yf[i] = labels[i];
    }
    return new ArrayDataset.Builder().setData(manager.create(features)).optLabels(manager.create(yf))
        .setSampling(32, false).build();
  }

  static Block mlp() {
    return new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(3).build());
  }

  static Model model() {
    Model m = Model.newInstance("mlp", "PyTorch");
    m.setBlock(mlp());
    return m;
  }

  TrainingLoop.Builder loop(Model model, int epochs) {
    return TrainingLoop.builder().setModel(model).setTrainingData(dataset(x, y)).setInputShape(new Shape(1, 2))
        .setNumClasses(3).setLoss(Losses.softmaxFocal().build()).setEpochs(epochs).optInitSeed(11)
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.02f)).build(), "adam(lr=0.02)");
  }

  @Test
  void fit_withClassBalancedSamplingAndFocalLoss_learnsTheRareClasses_andRecordsLineage(@TempDir Path tmp)
      throws Exception {
    try (Model model = model()) {
      EpochSampler sampler = Samplers.classBalanced(y, 3).setBatchSize(32).optSeed(3).build();
      TrainingReport report = loop(model, 6).optSampler(sampler).optValidationData(dataset(x, y))
          .optDatasetVersion(DATASET_ID).addLineageSeed("augmentation", 99).build().fit();
      ConfusionMatrix cm = report.finalValidation().orElseThrow();
      assertThat(cm.balancedAccuracy()).isGreaterThan(0.9);
      assertThat(cm.recall(2)).isGreaterThan(0.85);
      assertThat(report.history()).hasSize(6);
      assertThat(report.medianSamplesPerSecond()).isPositive();

      Provenance p = report.provenance();
      assertThat(p.kind()).isEqualTo("model");
      assertThat(p.sources()).contains(new Provenance.Source("dataset-version", DATASET_ID));
      assertThat(p.seeds()).containsEntry("sampler", 3L).containsEntry("init", 11L).containsEntry("augmentation", 99L);
      assertThat(p.steps()).extracting(Provenance.Step::name).containsExactly("sample", "train", "evaluate");
      assertThat(p.steps().get(0).settings()).containsEntry("sampler", "class-balanced")
          .containsEntry("classCounts", "[400, 80, 20]");
      assertThat(p.steps().get(1).settings()).containsEntry("loss.loss", "softmax-focal")
          .containsEntry("loss.gamma", "2.0").containsEntry("optimizer", "adam(lr=0.02)");
      assertThat(p.steps().get(2).settings()).containsKey("validation.balancedAccuracy");
      assertThat(p.environment()).containsKeys("djl.version", "djl.engine", "java.version", "os.name");
      // whatever checkout the tests run in (GitCommitTest covers the reading itself)
      assertThat(p.codeCommit()).isEqualTo(dev.datamgmt.storage.lineage.GitCommit.current());

      ModelLineage.save(model, tmp, "mlp", p);
      assertThat(ModelLineage.read(tmp)).isEqualTo(p);
      try (Model loaded = Model.newInstance("mlp", "PyTorch")) {
        loaded.setBlock(mlp());
        loaded.load(tmp, "mlp");
        assertThat(ModelLineage.of(loaded)).contains(p);
      }
    }
  }

  @Test
  void resume_fromACheckpoint_endsWithTheSameWeightsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    float[] straight;
    try (Model model = model()) {
      sgdLoop(model, 3, tmp.resolve("a"), false).fit();
      straight = weights(model);
    }
    try (Model model = model()) {
      TrainingReport first = sgdLoop(model, 2, tmp.resolve("b"), false).fit();
      assertThat(first.lastEpoch()).isEqualTo(1);
    }
    assertThat(Files.list(tmp.resolve("b")).map(f -> f.getFileName().toString()).sorted().toList())
        .containsExactly("checkpoint.json", "epoch-0001.params", "epoch-0001.samples");
    try (Model model = model()) {
      TrainingReport resumed = sgdLoop(model, 3, tmp.resolve("b"), true).fit();
      assertThat(resumed.history()).extracting(EpochResult::epoch).containsExactly(2);
      assertThat(weights(model)).containsExactly(straight);
    }
  }

  TrainingLoop sgdLoop(Model model, int epochs, Path dir, boolean resume) {
    HardExampleSampler sampler = Samplers.hardExample(y.length).setBatchSize(32).optSeed(4).build();
    return loop(model, epochs).optSampler(sampler).optCheckpointDir(dir).optResume(resume)
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build(), "sgd(lr=0.05)").build();
  }

  static float[] weights(Model model) {
    List<Float> all = new ArrayList<>();
    model.getBlock().getParameters().values().forEach(p -> {
      for (float f : p.getArray().toFloatArray()) {
        all.add(f);
      }
    });
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  @Test
  void fit_whenTheLossTurnsNaN_failsNamingEpochBatchAndSamples() throws Exception {
    x[137] = new float[] {Float.NaN, 1f};
    try (Model model = model()) {
      EpochSampler sampler = Samplers.random(32, 1);
      long[] order = sampler.epochOrder(0, y.length);
      int pos = 0;
      while (order[pos] != 137) {
        pos++;
      }
      int batch = pos / 32;
      assertThatThrownBy(() -> loop(model, 2).optSampler(sampler).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessageStartingWith("non-finite training loss at epoch 0, batch " + batch + " (samples [")
          .hasMessageEndingWith("expected a finite loss, found NaN (non-finite inputs in samples [137])");
    }
  }

  @Test
  void fit_whenALabelIsOutOfRange_failsNamingTheSample() throws Exception {
    y[7] = 3;
    try (Model model = model()) {
      assertThatThrownBy(() -> loop(model, 1).optSampler(Samplers.random(32, 1)).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("class label out of range at epoch 0, batch ")
          .hasMessageContaining("sample 7: expected an integer class in 0..2, found 3");
    }
  }

  @Test
  void earlyStopping_whenValidationStopsImproving_endsTrainingAfterThePatience() throws Exception {
    try (Model model = model()) {
      TrainingReport report = loop(model, 10)
          .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build(), "sgd(lr=0)")
          .optValidationData(dataset(x, y)).optEarlyStopping(TrainingLoop.Monitor.BALANCED_ACCURACY, 2, 0)
          .build().fit();
      // with a learning rate of 0 nothing improves after epoch 0
      assertThat(report.stoppedEarly()).isTrue();
      assertThat(report.history()).hasSize(3);
      assertThat(report.bestEpoch()).isZero();
    }
  }

  @Test
  void deferredReweighting_switchesLossAtTheGivenEpoch() throws Exception {
    List<Integer> mainEpochs = new ArrayList<>();
    List<Integer> reweightedEpochs = new ArrayList<>();
    int[] epoch = {0};
    Loss main = new RecordingLoss(Losses.crossEntropy().build(), () -> mainEpochs.add(epoch[0]));
    Loss reweighted = new RecordingLoss(
        Losses.crossEntropy().optClassWeights(dev.datamgmt.train.ClassWeights.effectiveNumber(new long[] {400, 80, 20},
            0.99)).build(), () -> reweightedEpochs.add(epoch[0]));
    try (Model model = model()) {
      TrainingReport report = loop(model, 4).setLoss(main).optDeferredReweighting(2, reweighted)
          .addListener(new TrainingLoopListener() {
            @Override
            public void onEpochStart(int e, int epochs, long batches) {
              epoch[0] = e;
            }
          }).build().fit();
      assertThat(mainEpochs).containsOnly(0, 1).isNotEmpty();
      assertThat(reweightedEpochs).containsOnly(2, 3).isNotEmpty();
      assertThat(report.provenance().steps().get(1).settings()).containsEntry("deferredReweighting.fromEpoch", "2");
    }
  }

  /** A real loss that also notes each call, so the test sees which loss trained which epoch. */
  static final class RecordingLoss extends Loss {
    private final Loss inner;
    private final Runnable onCall;

    RecordingLoss(Loss inner, Runnable onCall) {
      super(inner.getName());
      this.inner = inner;
      this.onCall = onCall;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      onCall.run();
      return inner.evaluate(labels, predictions);
    }
  }

  @Test
  void sampleLossLog_coversEveryIndex_andHardExampleSamplerObservesEachEpoch() throws Exception {
    List<SampleLossLog> logs = new ArrayList<>();
    List<long[]> augmented = new ArrayList<>();
    try (Model model = model()) {
      EpochSampler sampler = Samplers.random(32, 8);
      loop(model, 2).optSampler(sampler).optSampleLossLog(logs::add)
          .optBatchTransform((data, e, idx) -> {
            augmented.add(idx);
            return new NDList(data.head().add(0f));
          }).build().fit();
      assertThat(logs).hasSize(2);
      assertThat(logs.get(0).seenCount()).isEqualTo(y.length);
      long[] epoch0 = augmented.stream().limit((y.length + 31) / 32).flatMapToLong(Arrays::stream).toArray();
      assertThat(epoch0).containsExactly(sampler.epochOrder(0, y.length));
    }
    try (Model model = model()) {
      HardExampleSampler hard = Samplers.hardExample(y.length).setBatchSize(32).optSeed(2).build();
      loop(model, 3).optSampler(hard).build().fit();
      assertThat(hard.describe()).containsEntry("observedEpochs", "3");
    }
  }

  @Test
  void progressBar_showsBatchesLossThroughputAndEta() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Model model = model(); PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      loop(model, 1).optSampler(Samplers.random(32, 1)).optValidationData(dataset(x, y)).optProgress(out)
          .build().fit();
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("epoch 1/1 [########################] 16/16 loss ").contains("samples/s")
        .contains("ETA 0:00").contains("epoch 1/1 done: loss ").contains("balanced ");
    ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(new ByteArrayOutputStream()));
    bar.onEpochStart(0, 3, 100);
    assertThat(bar.line(new TrainingLoopListener.BatchEvent(0, 49, 100, 128, 0.5f, 1000)))
        .isEqualTo("epoch 1/3 [############............] 50/100 loss 0.5000 1000 samples/s ETA 0:06");
  }

  @Test
  void fit_leavesNoArraysBehindPerBatch_soMemoryDoesNotGrowWithEpochs() throws Exception {
    int[] managed = new int[2];
    int[] epochs = {1, 4};
    for (int k = 0; k < 2; k++) {
      try (Model model = model()) {
        loop(model, epochs[k]).optSampler(Samplers.classBalanced(y, 3).setBatchSize(32).optSeed(1).build())
            .optSampleLossLog(log -> { }).optValidationData(dataset(x, y)).build().fit();
        managed[k] = model.getNDManager().getManagedArrays().size();
      }
    }
    // 16 batches per epoch: a per-batch leak would add dozens of arrays per extra epoch
    assertThat(managed[1]).as("arrays after 4 epochs vs 1: %s", Arrays.toString(managed)).isEqualTo(managed[0]);
  }

  @Test
  void builder_rejectsMissingAndInvalidSettings_namingThem() {
    try (Model model = model()) {
      assertThatThrownBy(() -> loop(model, 0).build()).hasMessage("epochs must be >= 1: 0");
      assertThatThrownBy(() -> loop(model, 1).setNumClasses(0).build()).hasMessage("numClasses must be >= 1: 0");
      assertThatThrownBy(() -> TrainingLoop.builder().setTrainingData(dataset(x, y)).build())
          .isInstanceOf(IllegalStateException.class).hasMessage("model was not set: call setModel(Model)");
      assertThatThrownBy(() -> TrainingLoop.builder().setModel(model).setTrainingData(dataset(x, y))
          .setInputShape(new Shape(1, 2)).setNumClasses(3).setEpochs(1).build())
          .isInstanceOf(IllegalStateException.class).hasMessage("loss was not set: call setLoss(Loss)");
    }
  }

  @Test
  void builder_rejectsConflictingSettings_namingBoth() {
    try (Model model = model()) {
      assertThatThrownBy(() -> loop(model, 1).optEarlyStopping(TrainingLoop.Monitor.MACRO_F1, 2, 0).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("optEarlyStopping (patience 2) needs optValidationData, which was not set");
      assertThatThrownBy(() -> loop(model, 1).optResume(true).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("optResume(true) needs optCheckpointDir, which was not set");
      assertThatThrownBy(() -> loop(model, 1).optValidationVersion("sha256:abc").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("optValidationVersion (sha256:abc) needs optValidationData, which was not set");
    }
  }

  @Test
  void build_copiesTheBuilder_soLaterBuilderCallsDoNotChangeABuiltLoop() throws Exception {
    try (Model model = model()) {
      List<EpochResult> seen = new ArrayList<>();
      TrainingLoop.Builder builder = loop(model, 1);
      TrainingLoop built = builder.build();
      builder.setEpochs(3).optValidationData(dataset(x, y)).addListener(new TrainingLoopListener() {
        @Override
        public void onEpochEnd(EpochResult result) {
          seen.add(result);
        }
      }).addLineageSeed("augment", 5).optCodeCommit("later");
      TrainingReport report = built.fit();
      assertThat(report.history()).hasSize(1);
      assertThat(report.history().get(0).validation()).isEmpty();
      assertThat(seen).isEmpty();
      assertThat(report.provenance().seeds()).doesNotContainKey("augment");
      assertThat(report.provenance().codeCommit()).isNotEqualTo(java.util.Optional.of("later"));
    }
  }
}
