package dev.datamgmt.train.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.sampler.Samplers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model trained from a dataset version can be traced back to that version and retrained to the same weights. */
class ModelLineageTest {

  static DatasetVersion commitSamples(Repository repo) throws Exception {
    SplittableRandom r = new SplittableRandom(9);
    var commit = repo.commit("main").setMessage("120 labelled points");
    for (int i = 0; i < 120; i++) {
      int c = i % 4 == 0 ? 1 : 0;
      commit.addRecord(Record.builder("s" + i).optLabel(ClassLabel.of(c))
          .addAttribute("x0", c * 3 + r.nextGaussian() * 0.5).addAttribute("x1", r.nextGaussian() * 0.5).build());
    }
    return commit.commit();
  }

  static TrainingReport train(Model model, DatasetVersion version, NDManager manager) throws Exception {
    List<Record> records = version.records();
    float[][] x = new float[records.size()][];
    float[] y = new float[records.size()];
    for (int i = 0; i < x.length; i++) {
      Record rec = records.get(i);
      x[i] = new float[] {((Number) rec.attributes().get("x0")).floatValue(),
          ((Number) rec.attributes().get("x1")).floatValue()};
      y[i] = ((ClassLabel) rec.label().orElseThrow()).index();
    }
    ArrayDataset ds = new ArrayDataset.Builder().setData(manager.create(x)).optLabels(manager.create(y))
        .setSampling(16, false).build();
    model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(2).build()));
    return TrainingLoop.builder().setModel(model).setTrainingData(ds).setInputShape(new Shape(1, 2)).setNumClasses(2)
        .setLoss(Losses.softmaxFocal().build()).setEpochs(2).optInitSeed(3)
        .optSampler(Samplers.random(16, 4))
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build(), "sgd(lr=0.1)")
        .optDatasetVersion(version.id().toString()).build().fit();
  }

  @Test
  void savedModel_tracesBackToItsDatasetVersion_andRetrainsToTheSameWeights(@TempDir Path tmp) throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore());
    DatasetVersion version = commitSamples(repo);
    Provenance provenance;
    float[] weights;
    try (NDManager manager = NDManager.newBaseManager("PyTorch"); Model model = Model.newInstance("m", "PyTorch")) {
      provenance = train(model, version, manager).provenance();
      ModelLineage.save(model, tmp, "m", provenance);
      weights = flat(model);
    }
    Provenance readBack = ModelLineage.read(tmp);
    assertThat(readBack).isEqualTo(provenance);
    DatasetVersion traced = Lineage.trace(repo, readBack);
    assertThat(traced.id()).isEqualTo(version.id());
    assertThat(traced.records()).isEqualTo(version.records());
    try (NDManager manager = NDManager.newBaseManager("PyTorch"); Model again = Model.newInstance("m", "PyTorch")) {
      train(again, traced, manager);
      assertThat(flat(again)).containsExactly(weights);
    }
    assertThat(Files.readString(tmp.resolve(ModelLineage.FILE))).contains("\"dataset-version\"")
        .contains(version.id().toString());
  }

  @Test
  void read_whenTheLineageFileIsMissingOrBroken_failsWithTypedErrors(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> ModelLineage.read(tmp)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("model lineage missing");
    Files.writeString(tmp.resolve(ModelLineage.FILE), "{\"kind\": 3, \"bogus\": true}");
    assertThatThrownBy(() -> ModelLineage.read(tmp)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining(ModelLineage.FILE);
  }

  static float[] flat(Model model) {
    return model.getBlock().getParameters().values().stream().map(p -> p.getArray().toFloatArray())
        .reduce(new float[0], (a, b) -> {
          float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, c, a.length, b.length);
          return c;
        });
  }
}
