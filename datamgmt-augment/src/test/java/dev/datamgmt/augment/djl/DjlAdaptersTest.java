package dev.datamgmt.augment.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DjlAdaptersTest {
  private static final int N = 10;
  private NDManager manager;
  private float[] pixels;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    pixels = new float[N * 64];
    for (int i = 0; i < N; i++) {
      System.arraycopy(TestImages.floats(1, 8, 8, i).floatArray(), 0, pixels, i * 64, 64);
    }
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static Pipeline pipeline() {
    return Pipeline.builder().setSeed(21).add(ImageOps.horizontalFlip(0.5)).add(ImageOps.shift(0.1)).build();
  }

  private ArrayDataset source(int batch, boolean shuffle) {
    NDArray data = manager.create(pixels, new Shape(N, 1, 8, 8));
    NDArray labels = manager.arange(0f, (float) N);
    return new ArrayDataset.Builder().setData(data).optLabels(labels).setSampling(batch, shuffle).build();
  }

  /** What the device augmenter gives record {@code i} in {@code epoch}. */
  private float[] expected(int i, long epoch) throws Exception {
    try (NDManager m = manager.newSubManager()) {
      NDArray one = m.create(java.util.Arrays.copyOfRange(pixels, i * 64, (i + 1) * 64), new Shape(1, 1, 8, 8));
      return DeviceAugmenter.of(pipeline()).apply(one, epoch, new long[] {i}).toFloatArray();
    }
  }

  @Test
  void batchTransform_applyTo_usesRecordIndicesSoShuffledBatchesMatchPerRecordResults() throws Exception {
    BatchTransform aug = DeviceAugmenter.of(pipeline()).asBatchTransform();
    int seen = 0;
    try (NDManager iter = manager.newSubManager()) {
      for (Batch batch : source(4, true).getData(iter)) {
        Batch augmented = aug.applyTo(batch, 5);   // the one line of a user's own DJL loop
        assertThat(augmented.getLabels()).isSameAs(batch.getLabels());
        NDList data = augmented.getData();
        List<?> idx = batch.getIndices();
        float[] labels = batch.getLabels().head().toFloatArray();
        for (int k = 0; k < batch.getSize(); k++) {
          int record = ((Number) idx.get(k)).intValue();
          assertThat(labels[k]).isEqualTo((float) record);
          assertThat(data.head().get(k).toFloatArray()).containsExactly(expected(record, 5));
          seen++;
        }
        batch.close();
      }
    }
    assertThat(seen).isEqualTo(N);
  }

  @Test
  void segmentationBatch_movesMasksWithTheImagesByRecordIndex() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(4).add(ImageOps.horizontalFlip(0.5)).add(ImageOps.rotate(30)).build();
    int[] masks = new int[N * 64];
    for (int k = 0; k < masks.length; k++) {
      masks[k] = (k % 8) < 4 ? 1 + k / 64 : 0; // left half of record i has class i + 1
    }
    ArrayDataset ds = new ArrayDataset.Builder().setData(manager.create(pixels, new Shape(N, 1, 8, 8)))
        .optLabels(manager.create(masks, new Shape(N, 8, 8))).setSampling(4, true).build();
    DeviceAugmenter aug = DeviceAugmenter.of(p);
    int seen = 0;
    try (NDManager iter = manager.newSubManager()) {
      for (Batch batch : ds.getData(iter)) {
        Batch out = aug.applySegmentation(batch, 2);
        List<?> idx = batch.getIndices();
        for (int k = 0; k < batch.getSize(); k++) {
          int record = ((Number) idx.get(k)).intValue();
          int[] cls = java.util.Arrays.copyOfRange(masks, record * 64, (record + 1) * 64);
          try (dev.datamgmt.augment.cpu.CpuAugmenter cpu =
              dev.datamgmt.augment.cpu.CpuAugmenter.builder().setPipeline(p).build()) {
            dev.datamgmt.augment.geometry.ImageSample s = cpu.apply(dev.datamgmt.augment.geometry.ImageSample.of(
                    "r" + record, TestImages.floats(1, 8, 8, record))
                .withMask(dev.datamgmt.augment.geometry.SegmentationMask.of(8, 8, cls)), 2, record);
            int[] dev = out.getLabels().head().get(k).toIntArray();
            int differ = 0;
            for (int q = 0; q < 64; q++) {
              differ += dev[q] != s.mask().toArray()[q] ? 1 : 0;
              assertThat(dev[q]).isIn(0, record + 1);
            }
            assertThat(differ).as("record %d mask pixels off by a pixel-centre tie", record).isLessThanOrEqualTo(1);
          }
          seen++;
        }
        out.close();
      }
    }
    assertThat(seen).isEqualTo(N);
  }

  @Test
  void augmentedDataset_givesEachRecordItsOwnEpochParameters() throws Exception {
    AugmentedDataset ds = AugmentedDataset.builder().setSource(source(3, false))
        .setTransform(DeviceAugmenter.of(pipeline()).asBatchTransform()).setSampling(3, true).build();
    for (int epoch : new int[] {0, 1}) {
      ds.setEpoch(epoch);
      List<Integer> records = new ArrayList<>();
      try (NDManager iter = manager.newSubManager()) {
        for (Batch batch : ds.getData(iter)) {
          float[] labels = batch.getLabels().head().toFloatArray();
          for (int k = 0; k < batch.getSize(); k++) {
            int record = (int) labels[k];
            records.add(record);
            assertThat(batch.getData().head().get(k).toFloatArray()).containsExactly(expected(record, epoch));
          }
          batch.close();
        }
      }
      assertThat(records).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void batchWithoutIndices_isRejected() {
    NDArray data = manager.zeros(new Shape(2, 1, 4, 4));
    Batch b = new Batch(manager.newSubManager(), new NDList(data), new NDList(), 2, null, null, 0, 1);
    assertThatThrownBy(() -> DeviceAugmenter.of(pipeline()).asBatchTransform().applyTo(b, 0))
        .isInstanceOf(UncheckedDataException.class).hasMessageContaining("record indices")
        .cause().isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> DeviceAugmenter.of(pipeline()).applySegmentation(b, 0))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("no masks");
  }

  @Test
  void augmentedDataset_builderNamesMissingSettings() {
    BatchTransform t = DeviceAugmenter.of(pipeline()).asBatchTransform();
    assertThatThrownBy(() -> AugmentedDataset.builder().setTransform(t).setSampling(2, false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("setSource");
    assertThatThrownBy(() -> AugmentedDataset.builder().setSource(source(2, false)).setSampling(2, false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("setTransform");
  }

  @Test
  void describedAs_runsTheTransform_andDescribesItAsGiven() {
    NDArray x = manager.create(new float[] {1, 2, 3});
    int[] seenEpoch = {-1};
    BatchTransform a = BatchTransform.describedAs("{\"pipeline\":1}", (data, epoch, idx) -> {
      seenEpoch[0] = epoch;
      return new NDList(data.head().mul(idx.length));
    });
    NDList out = a.apply(new NDList(x), 4, new long[] {7, 8});
    assertThat(out.head().toFloatArray()).containsExactly(2f, 4f, 6f);
    assertThat(seenEpoch[0]).isEqualTo(4);
    assertThat(a.describe()).isEqualTo("{\"pipeline\":1}");
    assertThat(DeviceAugmenter.of(pipeline()).asBatchTransform().describe()).isEqualTo(pipeline().toJson());
    assertThatThrownBy(() -> BatchTransform.describedAs(null, (d, e, i) -> d)).isInstanceOf(NullPointerException.class);
  }
}
