package dev.datamgmt.storage.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.reader.BadRecordPolicy;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.Partition;
import dev.datamgmt.storage.reader.ReaderCheckpoint;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.TestRecords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DjlDatasetTrainingTest {
  private InMemoryBlobStore store;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    store = new InMemoryBlobStore();
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
    store.close();
  }

  /** 8x8 gray PNG: class 0 a bright top half, 1 a bright left half, 2 a bright main diagonal band; plus noise. */
  static byte[] png(int cls, SplittableRandom r) throws Exception {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    byte[] px = new byte[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        boolean on = switch (cls) {
          case 0 -> y < 4;
          case 1 -> x < 4;
          default -> Math.abs(x - y) <= 1;
        };
        px[y * 8 + x] = (byte) Math.min(255, (on ? 180 : 30) + r.nextInt(60));
      }
    }
    img.getRaster().setDataElements(0, 0, 8, 8, px);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private ShardSet pack(TestRecords data) throws Exception {
    return ShardWriter.builder().setStore(store).setBlobSource(data).optTargetShardBytes(8 * 1024).build()
        .write(data.records(), "synthetic");
  }

  private TestRecords shapes(int n, long seed) throws Exception {
    TestRecords data = new TestRecords();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      byte[] p = png(i % 3, r);
      data.add(Record.builder("img-" + i).optLabel(ClassLabel.of(i % 3)).optSplit(Split.TRAIN)
          .setBlob(BlobRef.of(p, "image/png")).build(), p);
    }
    return data;
  }

  private static Trainer trainer(Model model) {
    SequentialBlock net = new SequentialBlock()
        .add(Blocks.batchFlattenBlock(64))
        .add(Linear.builder().setUnits(32).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(3).build());
    model.setBlock(net);
    DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .addEvaluator(new Accuracy())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
    Trainer t = model.newTrainer(cfg);
    t.initialize(new Shape(1, 1, 8, 8));
    return t;
  }

  /** Fraction of one pass over {@code ds} that the model classifies correctly, batches closed as they go. */
  private float accuracy(Trainer trainer, ai.djl.training.dataset.Dataset ds) throws Exception {
    long right = 0;
    long total = 0;
    for (Batch b : trainer.iterateDataset(ds)) {
      try (b) {
        NDArray pred = trainer.evaluate(b.getData()).singletonOrThrow().argMax(1);
        float[] p = pred.toType(DataType.FLOAT32, false).toFloatArray();
        float[] l = b.getLabels().singletonOrThrow().toFloatArray();
        for (int i = 0; i < p.length; i++) {
          right += p[i] == l[i] ? 1 : 0;
        }
        total += p.length;
      }
    }
    return (float) right / total;
  }

  @Test
  void streamingDataset_trainsARealPyTorchModel_toHighAccuracy_andFreesEveryBatch() throws Exception {
    TestRecords data = shapes(300, 1);
    ShardSet set = pack(data);
    int before = manager.getManagedArrays().size();
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).optSeed(7)
            .optShuffleBuffer(64).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader)
            .setTensors(ImageTensors.builder().setSize(8, 8).build()).setBatchSize(32).optDecodeThreads(2).build();
        Model model = Model.newInstance("shapes", "PyTorch");
        Trainer trainer = trainer(model)) {
      assertThat(model.getNDManager().getEngine().getEngineName()).isEqualTo("PyTorch");
      float untrained = accuracy(trainer, ds);
      EasyTrain.fit(trainer, 6, ds, null);
      assertThat(ds.nextEpoch()).isEqualTo(7);
      assertThat(accuracy(trainer, ds)).isGreaterThan(0.9f).isGreaterThan(untrained + 0.3f);
      // the dataset iterated with its own manager; our manager got nothing left behind
      assertThat(manager.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void streamingDataset_everyBatchHoldsExactlyItsSamplesImages_acrossBatchesAndEpochs() throws Exception {
    // batches reuse the decode arrays of the batch before last: no image may carry over from an earlier batch
    TestRecords data = shapes(70, 3);
    ShardSet set = pack(data);
    for (DataType type : List.of(DataType.FLOAT32, DataType.UINT8)) {
      ImageTensors tensors = ImageTensors.builder().setSize(8, 8).optChannels(3).optDataType(type).build();
      try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).optSeed(5).build();
          ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(tensors)
              .setBatchSize(16).optDecodeThreads(2).build()) {
        for (int epoch = 0; epoch < 2; epoch++) {
          int checked = 0;
          for (Batch b : ds.getData(manager)) {
            try (b) {
              float[] got = b.getData().singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
              int ib = tensors.imageBytes();
              for (int j = 0; j < b.getSize(); j++) {
                byte[] px = new byte[ib];
                tensors.decode(reader.get((Long) b.getIndices().get(j)), px, 0);
                float[] want = new float[ib];
                if (type == DataType.FLOAT32) {
                  tensors.toFloats(px, want, 0, ib);
                } else {
                  for (int k = 0; k < ib; k++) {
                    want[k] = px[k] & 0xff;
                  }
                }
                assertThat(java.util.Arrays.copyOfRange(got, j * ib, (j + 1) * ib)).as("%s image %d", type, j)
                    .containsExactly(want);
                checked++;
              }
            }
          }
          assertThat(checked).isEqualTo(70);
        }
      }
    }
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  @Test
  void streamingDataset_batchesCoverTheEpochOnce_withImagesInChosenLayoutAndType() throws Exception {
    TestRecords data = shapes(70, 2);
    ShardSet set = pack(data);
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader)
            .setTensors(ImageTensors.builder().setSize(8, 8).optChannels(3)
                .optLayout(dev.datamgmt.storage.reader.ImageLayout.HWC).optDataType(DataType.UINT8).build())
            .setBatchSize(16).build()) {
      List<Long> seen = new ArrayList<>();
      int batches = 0;
      for (Batch b : ds.getData(manager)) {
        try (b) {
          NDArray img = b.getData().singletonOrThrow();
          assertThat(img.getDataType()).isEqualTo(DataType.UINT8);
          assertThat(img.getShape().slice(1)).isEqualTo(new Shape(8, 8, 3));
          assertThat(b.getLabels().singletonOrThrow().getShape()).isEqualTo(new Shape(b.getSize()));
          b.getIndices().forEach(i -> seen.add((Long) i));
          batches++;
        }
      }
      assertThat(batches).isEqualTo(5); // 4 x 16 + 6: the last batch is partial, nothing padded
      assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 70).boxed().toList());
      assertThat(manager.getManagedArrays()).isEmpty();
    }
  }

  @Test
  void streamingDataset_resumedFromLastCheckpoint_deliversExactlyTheRemainingSamples() throws Exception {
    TestRecords data = shapes(90, 3);
    ShardSet set = pack(data);
    ImageTensors t = ImageTensors.builder().setSize(8, 8).build();
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).optSeed(5).build()) {
      List<Long> first = new ArrayList<>();
      ReaderCheckpoint cp;
      try (ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t)
          .setBatchSize(10).optPartition(Partition.of(0, 1)).optEpoch(4).build()) {
        Iterator<Batch> it = ds.getData(manager).iterator();
        for (int i = 0; i < 3; i++) {
          try (Batch b = it.next()) {
            b.getIndices().forEach(x -> first.add((Long) x));
          }
        }
        cp = ReaderCheckpoint.fromJson(ds.lastCheckpoint().toJson(), "saved");
      } // "killed" here: a batch was already decoded ahead; it must not count
      List<Long> rest = new ArrayList<>();
      try (ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t)
          .setBatchSize(10).optResumeFrom(cp).build()) {
        for (Batch b : ds.getData(manager)) {
          try (b) {
            b.getIndices().forEach(x -> rest.add((Long) x));
          }
        }
        assertThat(ds.nextEpoch()).isEqualTo(5);
      }
      assertThat(first).hasSize(30);
      assertThat(first).doesNotContainAnyElementsOf(rest);
      List<Long> all = new ArrayList<>(first);
      all.addAll(rest);
      assertThat(all).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 90).boxed().toList());
    }
  }

  @Test
  void streamingDataset_resumedOnAnotherWorldSize_fromAllRanksCheckpoints_coversTheEpochOnce() throws Exception {
    TestRecords data = shapes(100, 6);
    ShardSet set = pack(data);
    ImageTensors t = ImageTensors.builder().setSize(8, 8).build();
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).optSeed(8).build()) {
      List<Long> delivered = new ArrayList<>();
      List<ReaderCheckpoint> cps = new ArrayList<>();
      for (int rank = 0; rank < 2; rank++) {
        try (ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t)
            .setBatchSize(8).optPartition(Partition.of(rank, 2)).build()) {
          Iterator<Batch> it = ds.getData(manager).iterator();
          for (int i = 0; i < 2 + rank; i++) {
            try (Batch b = it.next()) {
              b.getIndices().forEach(x -> delivered.add((Long) x));
            }
          }
          cps.add(ds.lastCheckpoint());
        }
      }
      for (int rank = 0; rank < 3; rank++) {
        try (ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t)
            .setBatchSize(8).optPartition(Partition.of(rank, 3)).optResumeFromAll(cps).build()) {
          for (Batch b : ds.getData(manager)) {
            try (b) {
              b.getIndices().forEach(x -> delivered.add((Long) x));
            }
          }
        }
      }
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 100).boxed().toList());
    }
  }

  @Test
  void randomAccessDataset_acceptsAnyDjlSampler_andTrains() throws Exception {
    TestRecords data = shapes(150, 4);
    ShardSet set = pack(data);
    Sampler sampler = new BatchSampler(new SequenceSampler(), 25, false);
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).build();
        Model model = Model.newInstance("shapes-ra", "PyTorch");
        Trainer trainer = trainer(model)) {
      ShardRandomAccessDataset ds = ShardRandomAccessDataset.builder().setReader(reader)
          .setTensors(ImageTensors.builder().setSize(8, 8).build()).setSampling(sampler).build();
      assertThat(ds.size()).isEqualTo(150);
      try (Batch b = ds.getData(manager).iterator().next()) {
        assertThat(b.getData().singletonOrThrow().getShape()).isEqualTo(new Shape(25, 1, 8, 8));
        float[] labels = b.getLabels().singletonOrThrow().toFloatArray();
        for (int i = 0; i < 25; i++) {
          assertThat((int) labels[i]).isEqualTo(reader.get(i).classIndex());
        }
      }
      EasyTrain.fit(trainer, 4, ds, null);
      assertThat(accuracy(trainer, ds)).isGreaterThan(0.85f);
    }
  }

  @Test
  void streamingDataset_boxesBecomePaddedTensors_andEachBatchCarriesItsSampleIndices() throws Exception {
    TestRecords data = new TestRecords();
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 12; i++) {
      byte[] p = png(0, r);
      List<Box> boxes = new ArrayList<>();
      for (int k = 0; k <= i % 3; k++) {
        boxes.add(new Box(k, k, k + 2, k + 3, k));
      }
      data.add(Record.builder("det-" + i).optLabel(new BoxesLabel(boxes)).setBlob(BlobRef.of(p, "image/png"))
          .build(), p);
    }
    ShardSet set = pack(data);
    int batches = 0;
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store)
            .optExpectedLabel(LabelKind.BOXES).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader)
            .setTensors(ImageTensors.builder().setSize(8, 8).optLabelKind(LabelKind.BOXES).optMaxBoxes(4).build())
            .setBatchSize(6)
            .build()) {
      for (Batch b : ds.getData(manager)) {
        try (b) {
          batches++;
          // the indices a per-batch hook (datamgmt-augment's BatchTransform) keys its per-sample randomness by
          assertThat(b.getIndices()).hasSize(6).allSatisfy(i -> assertThat(i).isInstanceOf(Long.class));
          NDArray boxes = b.getLabels().singletonOrThrow();
          assertThat(boxes.getShape()).isEqualTo(new Shape(6, 4, 5));
          float[] v = boxes.toFloatArray();
          for (int i = 0; i < 6; i++) {
            long idx = (Long) b.getIndices().get(i);
            int count = (int) reader.get(idx).label().maxClassIndex() + 1;
            assertThat(v[(i * 4 + count - 1) * 5]).isEqualTo(count - 1);
            if (count < 4) {
              assertThat(v[(i * 4 + count) * 5]).isEqualTo(-1f);
            }
          }
        }
      }
      assertThat(batches).isEqualTo(2);
    }
  }

  @Test
  void streamingDataset_undecodableImage_failsNamingShardAndRecord_orIsSkippedAndCounted() throws Exception {
    TestRecords data = shapes(20, 5);
    byte[] junk = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 1, 2, 3};
    data.add(Record.builder("broken").optLabel(ClassLabel.of(1)).setBlob(BlobRef.of(junk, "image/png")).build(), junk);
    ShardSet set = pack(data);
    ImageTensors t = ImageTensors.builder().setSize(8, 8).build();
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t).setBatchSize(7)
            .build()) {
      assertThatThrownBy(() -> {
        for (Batch b : ds.getData(manager)) {
          b.close();
        }
      }).isInstanceOf(UncheckedDataException.class)
          .hasMessageContaining("undecodable image at shards/")
          .hasMessageContaining("record broken");
    }
    try (DatasetReader reader = DatasetReader.builder().setShards(set).setStore(store)
            .optBadRecordPolicy(BadRecordPolicy.SKIP_AND_REPORT).build();
        ShardStreamingDataset ds = ShardStreamingDataset.builder().setReader(reader).setTensors(t).setBatchSize(7)
            .build()) {
      int n = 0;
      for (Batch b : ds.getData(manager)) {
        try (b) {
          n += b.getSize();
        }
      }
      assertThat(n).isEqualTo(20);
      assertThat(ds.decodeSkipped()).isEqualTo(1);
      assertThat(reader.report().counts()).containsEntry("undecodable image", 1L);
    }
  }
}
