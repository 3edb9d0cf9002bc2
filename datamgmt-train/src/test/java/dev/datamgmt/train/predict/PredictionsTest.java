package dev.datamgmt.train.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.metrics.LogitAdjustment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Predictions over a real reader of a packed version agree with a direct forward pass, record by record. */
class PredictionsTest {
  private static final int SIDE = 4;

  /** 23 labeled records (classes 0..2) and 7 unlabeled ones, random 4x4 gray images. */
  private static DatasetVersion version(Repository repo) throws Exception {
    CommitBuilder c = repo.commit("main").setMessage("30 small images");
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 30; i++) {
      byte[] px = new byte[SIDE * SIDE];
      for (int p = 0; p < px.length; p++) {
        px[p] = (byte) r.nextInt(256);
      }
      Record.Builder b = Record.builder(String.format("img-%02d", i))
          .setBlob(c.putBlob(Png.encode(px, SIDE, SIDE, 1), "image/png")).optSplit(Split.TRAIN);
      if (i < 23) {
        b.optLabel(ClassLabel.of(i % 3));
      }
      c.addRecord(b.build());
    }
    return c.commit();
  }

  @Test
  void of_matchesADirectForwardPass_inReaderOrder_withUnlabeledRecordsAsMinusOne() throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore());
    DatasetVersion v = version(repo);
    ShardSet shards = VersionShards.pack(repo, v, ShardWriter.builder());
    ImageTensors tensors = ImageTensors.builder().setSize(SIDE, SIDE).build();
    try (DatasetReader reader = DatasetReader.builder().setShards(shards).setStore(repo.store())
            .optBlobSource(v::readBlob).build();
        Model model = Model.newInstance("p", "PyTorch")) {
      model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(3).build()));
      model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, SIDE, SIDE));
      Predictions p = Predictions.of(model, reader, tensors, 7); // batches of 7 over 30 records: a partial last one
      assertThat(p.size()).isEqualTo(30);
      assertThat(p.numClasses()).isEqualTo(3);
      float[] logits = p.logits();
      for (int i = 0; i < 30; i++) {
        var s = reader.get(i);
        assertThat(p.ids().get(i)).isEqualTo(s.id());
        assertThat(p.labels()[i]).isEqualTo(s.classIndex());
        byte[] px = new byte[tensors.imageBytes()];
        tensors.decode(s, px, 0);
        try (NDManager m = model.getNDManager().newSubManager()) {
          float[] direct = model.getBlock().forward(new ParameterStore(m, false),
              new NDList(tensors.images(m, px, 1)), false).head().toFloatArray();
          for (int c = 0; c < 3; c++) {
            assertThat(logits[i * 3 + c]).isCloseTo(direct[c], within(1e-5f));
          }
        }
      }
      assertThat(Arrays.stream(p.labels()).filter(l -> l < 0).count()).isEqualTo(7);
      // the unlabeled ones have probabilities but no correctness
      assertThatThrownBy(p::correct).isInstanceOf(IllegalStateException.class).hasMessageContaining("has no label");

      try (DatasetReader labeled = DatasetReader.builder().setShards(shards).setStore(repo.store())
          .optBlobSource(v::readBlob).optFilter(ShardFilter.builder().addClass(0).addClass(1).addClass(2).build())
          .build()) {
        Predictions q = Predictions.of(model, labeled, tensors, 64);
        ConfusionMatrix cm = q.confusion();
        assertThat(cm.total()).isEqualTo(23);
        boolean[] ok = q.correct();
        long right = 0;
        for (boolean b : ok) {
          right += b ? 1 : 0;
        }
        assertThat(cm.accuracy()).isCloseTo(right / 23.0, within(1e-12));
      }
    }
  }

  @Test
  void probabilities_sumToOne_andAdjustmentShiftsEachClassByItsOffset() {
    List<String> ids = List.of("a", "b");
    float[] logits = {2f, 1f, 0f, -1f, 3f, 3f};
    Predictions p = Predictions.of(ids, logits, new int[] {0, 2}, 3);
    for (int i = 0; i < 2; i++) {
      assertThat(Arrays.stream(p.probabilities(i)).sum()).isCloseTo(1.0, within(1e-12));
    }
    assertThat(p.predicted()).containsExactly(0, 1); // a tie goes to the lower class
    assertThat(p.correct()).containsExactly(true, false);
    LogitAdjustment adj = LogitAdjustment.of(new long[] {80, 15, 5}, 1.0);
    Predictions q = p.adjusted(adj);
    float[] off = adj.offsets();
    for (int i = 0; i < logits.length; i++) {
      assertThat(q.logits()[i]).isCloseTo(logits[i] - off[i % 3], within(1e-6f));
    }
    assertThat(q.predicted()).isEqualTo(adj.predict(logits));
    Map<String, double[]> byId = q.probabilitiesById();
    assertThat(byId.keySet()).containsExactly("a", "b");
    assertThat(q.confidence()[1]).isEqualTo(Arrays.stream(byId.get("b")).max().orElseThrow());
  }

  @Test
  void of_rejectsMismatchedArrays_andLabelsOutOfRange() {
    assertThatThrownBy(() -> Predictions.of(List.of("a"), new float[2], new int[] {0}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 x 3 logits");
    assertThatThrownBy(() -> Predictions.of(List.of("a"), new float[3], new int[] {3}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label of a is 3");
  }
}
