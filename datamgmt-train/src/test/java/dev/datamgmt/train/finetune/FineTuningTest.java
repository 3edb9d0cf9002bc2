package dev.datamgmt.train.finetune;

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
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.train.lineage.ModelLineage;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.sampler.Samplers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning from weights the tests make and save themselves (and a TorchScript file made by make_golden.py). */
class FineTuningTest {
  private NDManager manager;
  private float[][] x;
  private int[] y3;
  private int[] y2;

  @BeforeEach
  void data() {
    manager = NDManager.newBaseManager("PyTorch");
    SplittableRandom r = new SplittableRandom(3);
    int n = 300;
    x = new float[n][];
    y3 = new int[n];
    y2 = new int[n];
    float[][] centers = {{0, 0, 1, 0}, {3, 0, 0, 1}, {0, 3, 1, 1}};
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      x[i] = new float[4];
      for (int d = 0; d < 4; d++) {
        x[i][d] = centers[c][d] + (float) r.nextGaussian() * 0.4f;
      }
      y3[i] = c;
      y2[i] = c == 0 ? 0 : 1;
    }
  }

  @AfterEach
  void close() {
    manager.close();
  }

  ArrayDataset dataset(int[] labels) {
    float[] yf = new float[labels.length];
    for (int i = 0; i < yf.length; i++) {
      yf[i] = labels[i];
    }
    return new ArrayDataset.Builder().setData(manager.create(x)).optLabels(manager.create(yf)).setSampling(32, false)
        .build();
  }

  static SequentialBlock mlp(int classes) {
    return new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(classes).build());
  }

  TrainingReport train(Model model, int[] labels, int classes, int epochs) throws Exception {
    return TrainingLoop.builder().setModel(model).setTrainingData(dataset(labels)).setInputShape(new Shape(1, 4))
        .setNumClasses(classes).setLoss(Losses.crossEntropy().build()).setEpochs(epochs).optInitSeed(5)
        .optSampler(Samplers.random(32, 1)).optValidationData(dataset(labels))
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.03f)).build(), "adam(lr=0.03)")
        .build().fit();
  }

  static float[] params(Block block) {
    return block.getParameters().values().stream().map(p -> p.getArray().toFloatArray())
        .reduce(new float[0], (a, b) -> {
          float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, c, a.length, b.length);
          return c;
        });
  }

  @Test
  void djlModel_savedThenLoaded_getsANewHead_andTrainsOnlyTheHeadWhileTheBodyIsFrozen(@TempDir Path tmp)
      throws Exception {
    Path saved = tmp.resolve("base");
    float[] baseWeights;
    try (Model base = Model.newInstance("mlp", "PyTorch")) {
      base.setBlock(mlp(3));
      TrainingReport r = train(base, y3, 3, 3);
      assertThat(r.finalValidation().orElseThrow().accuracy()).isGreaterThan(0.9);
      ModelLineage.save(base, saved, "mlp", r.provenance());
      baseWeights = params(base.getBlock());
    }
    try (Model tuned = FineTuning.loadDjl(saved, "mlp", mlp(3))) {
      assertThat(params(tuned.getBlock())).containsExactly(baseWeights);
      assertThat(ModelLineage.of(tuned)).isPresent();
      SequentialBlock withNewHead = FineTuning.replaceHead((SequentialBlock) tuned.getBlock(),
          Linear.builder().setUnits(2).build());
      FineTuning.freeze(withNewHead, 0, 2);
      tuned.setBlock(withNewHead);
      Block body = withNewHead.getChildren().get(0).getValue();
      float[] bodyBefore = params(body);
      String baseId = FineTuning.weightsId(saved.resolve("mlp-0000.params"));
      TrainingReport r = TrainingLoop.builder().setModel(tuned).setTrainingData(dataset(y2))
          .setInputShape(new Shape(1, 4)).setNumClasses(2).setLoss(Losses.crossEntropy().build()).setEpochs(3)
          .optSampler(Samplers.random(32, 2)).optValidationData(dataset(y2)).addLineageSource("base-model", baseId)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.03f)).build(), "adam(lr=0.03)")
          .build().fit();
      assertThat(params(body)).containsExactly(bodyBefore);
      assertThat(r.finalValidation().orElseThrow().accuracy()).isGreaterThan(0.9);
      assertThat(r.provenance().sources()).contains(new Provenance.Source("base-model", baseId));
      assertThat(baseId).startsWith("file:").contains("#sha256:");

      FineTuning.unfreeze(withNewHead, 0, 2);
      train(tuned, y2, 2, 1);
      assertThat(params(body)).isNotEqualTo(bodyBefore);
    }
  }

  @Test
  void torchScriptBackbone_getsAHead_andOnlyTheHeadTrains(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("tiny_backbone.pt");
    try (InputStream in = FineTuningTest.class.getResourceAsStream("/golden/tiny_backbone.pt")) {
      Files.copy(in, file);
    }
    try (Model model = FineTuning.loadTorchScript(file)) {
      Block backbone = model.getBlock();
      NDArray probe = manager.create(x[0]).reshape(1, 4);
      float[] before = backbone.forward(new ParameterStore(manager, false), new NDList(probe), false).head()
          .toFloatArray();
      assertThat(before).hasSize(8);
      model.setBlock(FineTuning.withHead(backbone, Linear.builder().setUnits(3).build(), true));
      TrainingReport r = train(model, y3, 3, 4);
      assertThat(r.finalValidation().orElseThrow().accuracy()).isGreaterThan(0.6);
      float[] after = backbone.forward(new ParameterStore(manager, false), new NDList(probe), false).head()
          .toFloatArray();
      assertThat(after).containsExactly(before);
    }
  }

  @Test
  void loading_badOrMissingWeights_failsWithTypedErrors(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> FineTuning.loadDjl(tmp.resolve("none"), "mlp", mlp(3)))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("model directory missing");
    assertThatThrownBy(() -> FineTuning.loadDjl(tmp, "mlp", mlp(3)))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no parameter file for mlp");
    Path saved = tmp.resolve("m");
    try (Model base = Model.newInstance("mlp", "PyTorch")) {
      base.setBlock(mlp(3));
      train(base, y3, 3, 1);
      base.save(saved, "mlp");
    }
    Block other = new SequentialBlock().add(Linear.builder().setUnits(5).build());
    assertThatThrownBy(() -> FineTuning.loadDjl(saved, "mlp", other))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("parameters do not fit the architecture");
    Path junk = tmp.resolve("junk.pt");
    Files.writeString(junk, "not a zip archive");
    assertThatThrownBy(() -> FineTuning.loadTorchScript(junk))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("unloadable TorchScript");
    assertThatThrownBy(() -> FineTuning.loadTorchScript(tmp.resolve("missing.pt")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> FineTuning.replaceHead(new SequentialBlock(), Linear.builder().setUnits(2).build()))
        .hasMessage("cannot replace the head of an empty SequentialBlock");
  }
}
