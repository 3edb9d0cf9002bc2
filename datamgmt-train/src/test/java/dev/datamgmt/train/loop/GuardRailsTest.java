package dev.datamgmt.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.optim.ResumableAdam;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
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

/**
 * The loop's guard rails: resume that refuses what does not fit, validation checked like training, shape and label
 * errors in the loop's words before the first step, and provenance that identical runs share.
 */
class GuardRailsTest {
  private NDManager manager;
  private float[][] x;
  private int[] y;

  @BeforeEach
  void data() {
    manager = NDManager.newBaseManager("PyTorch");
    int[] sizes = {200, 60, 20};
    int n = Arrays.stream(sizes).sum();
    x = new float[n][];
    y = new int[n];
    SplittableRandom r = new SplittableRandom(5);
    float[][] centers = {{0, 0}, {3, 0}, {0, 3}};
    int o = 0;
    for (int c = 0; c < sizes.length; c++) {
      for (int i = 0; i < sizes[c]; i++) {
        x[o] = new float[] {centers[c][0] + (float) r.nextGaussian() * 0.6f,
            centers[c][1] + (float) r.nextGaussian() * 0.6f};
        y[o++] = c;
      }
    }
  }

  @AfterEach
  void close() {
    manager.close();
  }

  ArrayDataset dataset(float[][] features, float[] labels) {
    return new ArrayDataset.Builder().setData(manager.create(features)).optLabels(manager.create(labels))
        .setSampling(32, false).build();
  }

  ArrayDataset dataset(float[][] features, int[] labels) {
    float[] yf = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      yf[i] = labels[i];
    }
    return dataset(features, yf);
  }

  static Model model(int hidden, int outputs) {
    Model m = Model.newInstance("mlp", "PyTorch");
    Block block = new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(outputs).build());
    m.setBlock(block);
    return m;
  }

  TrainingLoop.Builder loop(Model model, int epochs, Path dir, boolean resume) {
    TrainingLoop.Builder b = TrainingLoop.builder().setModel(model).setTrainingData(dataset(x, y))
        .setInputShape(new Shape(1, 2)).setNumClasses(3).setLoss(Losses.softmaxFocal().build()).setEpochs(epochs)
        .optInitSeed(11).optSampler(Samplers.random(32, 4)).optCodeCommit("test")
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build(), "sgd(lr=0.05)");
    return dir == null ? b : b.optCheckpointDir(dir).optResume(resume);
  }

  @Test
  void resume_intoADifferentArchitecture_failsNamingTheFirstParameterThatDiffers(@TempDir Path tmp)
      throws Exception {
    try (Model model = model(16, 3)) {
      loop(model, 1, tmp, false).build().fit();
    }
    try (Model model = model(8, 3)) {
      assertThatThrownBy(() -> loop(model, 3, tmp, true).build().fit())
          .isInstanceOfSatisfying(ResumeException.class, e -> {
            assertThat(e.reason()).isEqualTo(ResumeException.Reason.ARCHITECTURE);
            assertThat(e.setting()).isEqualTo("parameter 01Linear_weight");
            assertThat(e.expected()).isEqualTo("(8, 2) (the model's)");
            assertThat(e.found()).isEqualTo("(16, 2) (the checkpoint's)");
          })
          .hasMessageStartingWith("checkpoint does not fit this loop at " + tmp.resolve("checkpoint.json"));
      // nothing was loaded: the model keeps its own shapes
      assertThat(model.getBlock().getParameters().get("01Linear_weight").getArray().getShape())
          .isEqualTo(new Shape(8, 2));
    }
  }

  @Test
  void resume_withADifferentOptimizerOrSampler_failsNamingIt(@TempDir Path tmp) throws Exception {
    try (Model model = model(16, 3)) {
      loop(model, 1, tmp, false).build().fit();
    }
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> loop(model, 3, tmp, true)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
          .build().fit())
          .isInstanceOfSatisfying(ResumeException.class,
              e -> assertThat(e.reason()).isEqualTo(ResumeException.Reason.OPTIMIZER))
          .hasMessageContaining(", optimizer: expected adam(lr=0.001) (this loop's), found sgd(lr=0.05) (the"
              + " checkpoint's)");
    }
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> loop(model, 3, tmp, true).optSampler(Samplers.random(32, 5)).build().fit())
          .isInstanceOfSatisfying(ResumeException.class, e -> {
            assertThat(e.reason()).isEqualTo(ResumeException.Reason.SAMPLER);
            assertThat(e.setting()).isEqualTo("sampler setting seed");
            assertThat(e.expected()).isEqualTo("5 (this loop's)");
            assertThat(e.found()).isEqualTo("4 (the checkpoint's)");
          });
    }
  }

  @Test
  void resume_ofAFinishedRun_saysSoInsteadOfTrainingNothing(@TempDir Path tmp) throws Exception {
    try (Model model = model(16, 3)) {
      loop(model, 2, tmp, false).build().fit();
    }
    for (int epochs : new int[] {2, 1}) {
      try (Model model = model(16, 3)) {
        assertThatThrownBy(() -> loop(model, epochs, tmp, true).build().fit())
            .isInstanceOfSatisfying(ResumeException.class,
                e -> assertThat(e.reason()).isEqualTo(ResumeException.Reason.RUN_FINISHED))
            .hasMessageStartingWith("run already finished at ")
            .hasMessageContaining("found 2 completed (epochs 0..1) of a run set to 2");
      }
    }
    try (Model model = model(16, 3)) {
      TrainingReport more = loop(model, 3, tmp, true).build().fit();
      assertThat(more.history()).extracting(EpochResult::epoch).containsExactly(2);
      assertThat(more.provenance().steps().get(1).settings()).containsEntry("epochs", "3")
          .containsEntry("epochsRun", "3");
    }
  }

  @Test
  void checkpoint_recordsArchitectureOptimizerSamplerAndEpochs_andSaysTheOptimizerStateRestarts(@TempDir Path tmp)
      throws Exception {
    try (Model model = model(16, 3)) {
      loop(model, 1, tmp, false).build().fit();
    }
    JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("checkpoint.json")));
    assertThat(json.get("format").asInt()).isEqualTo(2);
    assertThat(json.get("epochs").asInt()).isEqualTo(1);
    assertThat(json.get("optimizer").asText()).isEqualTo("sgd(lr=0.05)");
    assertThat(json.get("optimizerState").asText()).startsWith("not-saved");
    assertThat(json.get("sampler").get("seed").asText()).isEqualTo("4");
    assertThat(json.get("architecture").toString()).isEqualTo("[{\"name\":\"01Linear_weight\",\"shape\":[16,2]},"
        + "{\"name\":\"01Linear_bias\",\"shape\":[16]},{\"name\":\"03Linear_weight\",\"shape\":[3,16]},"
        + "{\"name\":\"03Linear_bias\",\"shape\":[3]}]");
  }

  @Test
  void validation_withNaNInputs_stopsNamingTheSamples() throws Exception {
    float[][] vx = Arrays.stream(x).map(float[]::clone).toArray(float[][]::new);
    vx[37] = new float[] {1f, Float.NaN};
    vx[40] = new float[] {Float.POSITIVE_INFINITY, 0f};
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> loop(model, 2, null, false).optValidationData(dataset(vx, y)).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessage("non-finite validation input at validation data in epoch 0, batch 1 (samples [32, 33, 34, 35,"
              + " 36, 37, 38, 39, ... 32 in all]): expected finite values, found NaN or infinite values in samples"
              + " [37, 40]");
    }
  }

  @Test
  void fit_whenTheInputShapeDiffers_failsBeforeTheFirstStepWithExpectedAndFound() throws Exception {
    float[][] wide = Arrays.stream(x).map(r -> new float[] {r[0], r[1], 0f}).toArray(float[][]::new);
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> loop(model, 1, null, false).setTrainingData(dataset(wide, y)).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessageStartingWith("training batch does not match setInputShape((1, 2)) at epoch 0, batch 0 (samples [")
          .hasMessageEndingWith("expected input of shape (N, 2), found (32, 3)");
    }
  }

  @Test
  void fit_whenTheModelOutputWidthIsNotTheClassCount_failsBeforeTheFirstStep() throws Exception {
    try (Model model = model(16, 4)) {
      assertThatThrownBy(() -> loop(model, 1, null, false).build().fit())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("model output does not match setNumClasses(3) for input (1, 2): expected (N, 3), found (1, 4)");
    }
  }

  @Test
  void fit_withANonIntegerLabel_reportsItAsSuch() throws Exception {
    float[] yf = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      yf[i] = y[i];
    }
    yf[7] = 1.5f;
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> loop(model, 1, null, false).setTrainingData(dataset(x, yf)).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessageStartingWith("class label is not an integer at epoch 0, batch ")
          .hasMessageEndingWith(", sample 7: expected an integer class in 0..2, found 1.5");
    }
  }

  @Test
  void fit_whenTrainingInputsHoldNaN_namesTheBatchAndTheSample() throws Exception {
    x[137] = new float[] {Float.NaN, 1f};
    try (Model model = model(16, 3)) {
      EpochSampler sampler = Samplers.random(32, 4);
      long[] order = sampler.epochOrder(0, y.length);
      int pos = 0;
      while (order[pos] != 137) {
        pos++;
      }
      assertThatThrownBy(() -> loop(model, 1, null, false).optSampler(sampler).build().fit())
          .isInstanceOf(InvalidDataException.class)
          .hasMessageStartingWith("non-finite training loss at epoch 0, batch " + pos / 32 + " (samples [")
          .hasMessageEndingWith("expected a finite loss, found NaN (non-finite inputs in samples [137])");
    }
  }

  @Test
  void provenance_ofIdenticalRuns_isIdentical_andHoldsNoTiming() throws Exception {
    Provenance[] p = new Provenance[2];
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-01-02T03:04:05Z"),
        java.time.ZoneOffset.UTC);
    for (int k = 0; k < 2; k++) {
      try (Model model = model(16, 3)) {
        TrainingReport report = loop(model, 2, null, false).optValidationData(dataset(x, y)).optClock(clock)
            .build().fit();
        p[k] = report.provenance();
        assertThat(report.medianSamplesPerSecond()).isPositive();
      }
    }
    assertThat(p[1]).isEqualTo(p[0]);
    assertThat(p[0].createdAt()).isEqualTo(clock.instant());
    assertThat(p[0].steps().stream().flatMap(s -> s.settings().keySet().stream()))
        .noneMatch(key -> key.toLowerCase(java.util.Locale.ROOT).contains("second"));
  }

  @Test
  void arrays_areBatchedOnlyByTheLoopsSampler_withoutASecondBatchSize() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    TrainingLoopListener sizesOf = new TrainingLoopListener() {
      @Override
      public void onBatch(BatchEvent event) {
        sizes.add(event.size());
      }
    };
    try (Model model = model(16, 3)) {
      TrainingReport report = TrainingLoop.builder().setModel(model)
          .setTrainingData(manager.create(x), manager.create(y)).setInputShape(new Shape(1, 2)).setNumClasses(3)
          .setLoss(Losses.crossEntropy().build()).setEpochs(1).optSampler(Samplers.random(50, 1))
          .optValidationData(manager.create(x), manager.create(y)).addListener(sizesOf).build().fit();
      assertThat(sizes).containsExactly(50, 50, 50, 50, 50, 30);
      assertThat(report.finalValidation().orElseThrow().total()).isEqualTo(y.length);
    }
  }

  @Test
  void aDatasetsOwnBatchSize_losesToTheLoopsSampler() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    try (Model model = model(16, 3)) {
      // the dataset says 32; the sampler given to the loop says 100, and wins
      loop(model, 1, null, false).optSampler(Samplers.random(100, 1)).addListener(new TrainingLoopListener() {
        @Override
        public void onBatch(BatchEvent event) {
          sizes.add(event.size());
        }
      }).build().fit();
    }
    assertThat(sizes).containsExactly(100, 100, 80);
  }

  @Test
  void arrays_withoutASampler_failAtBuildNamingBoth() {
    try (Model model = model(16, 3)) {
      assertThatThrownBy(() -> TrainingLoop.builder().setModel(model)
          .setTrainingData(manager.create(x), manager.create(y)).setInputShape(new Shape(1, 2)).setNumClasses(3)
          .setLoss(Losses.crossEntropy().build()).setEpochs(1).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("setTrainingData(NDArray, NDArray) needs optSampler, which owns batching; it was not set");
      assertThatThrownBy(() -> TrainingLoop.builder().setModel(model)
          .setTrainingData(manager.create(x), manager.create(new float[] {1, 2})).setInputShape(new Shape(1, 2))
          .setNumClasses(3).setLoss(Losses.crossEntropy().build()).setEpochs(1).optSampler(Samplers.random(50, 1))
          .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("setTrainingData: features and labels differ in their first dimension: (280, 2) vs (2)");
    }
  }

  TrainingLoop.Builder adamLoop(Model model, int epochs, Path dir, boolean resume, boolean resumable) {
    Optimizer adam = resumable ? ResumableAdam.builder().optLearningRateTracker(Tracker.fixed(0.01f)).build()
        : Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
    TrainingLoop.Builder b = loop(model, epochs, null, false).optOptimizer(adam, "adam(lr=0.01)");
    return dir == null ? b : b.optCheckpointDir(dir).optResume(resume);
  }

  @Test
  void resume_withResumableAdam_isExact_whileDjlsAdamRestartsItsMoments(@TempDir Path tmp) throws Exception {
    float[] straight;
    try (Model model = model(16, 3)) {
      adamLoop(model, 3, null, false, true).build().fit();
      straight = TrainingLoopTest.weights(model);
    }
    try (Model model = model(16, 3)) {
      adamLoop(model, 3, null, false, false).build().fit();
      // the same Adam update as DJL's, step for step
      assertThat(TrainingLoopTest.weights(model)).containsExactly(straight);
    }
    try (Model model = model(16, 3)) {
      adamLoop(model, 2, tmp.resolve("resumable"), false, true).build().fit();
    }
    JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("resumable/checkpoint.json")));
    assertThat(json.get("optimizerState").asText()).startsWith("saved");
    assertThat(json.get("optimizerStateFile").asText()).isEqualTo("epoch-0001.optimizer");
    try (Model model = model(16, 3)) {
      adamLoop(model, 3, tmp.resolve("resumable"), true, true).build().fit();
      assertThat(TrainingLoopTest.weights(model)).containsExactly(straight);
    }
    // DJL's Adam: the checkpoint says the moments restart, and the resumed weights differ
    try (Model model = model(16, 3)) {
      adamLoop(model, 2, tmp.resolve("djl"), false, false).build().fit();
    }
    json = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("djl/checkpoint.json")));
    assertThat(json.get("optimizerState").asText()).startsWith("not-saved");
    assertThat(json.get("optimizerStateFile").isNull()).isTrue();
    try (Model model = model(16, 3)) {
      adamLoop(model, 3, tmp.resolve("djl"), true, false).build().fit();
      assertThat(TrainingLoopTest.weights(model)).isNotEqualTo(straight);
    }
  }
}
