package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceAugmenterTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static Pipeline flipShift() {
    return Pipeline.builder().setSeed(7).add(ImageOps.horizontalFlip(0.5)).add(ImageOps.shift(0.1)).build();
  }

  @Test
  void apply_onFashionMnistShapedBatch_matchesCpuBackendAndLeaksNothing() throws Exception {
    List<Raster> images = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      images.add(TestImages.floats(1, 28, 28, i));
    }
    long[] indices = new long[16];
    for (int i = 0; i < 16; i++) {
      indices[i] = 1000 + i;
    }
    NDArray batch = NdTestSupport.batch(manager, images);
    NDArray out = DeviceAugmenter.of(flipShift()).apply(batch, 3, indices);
    assertThat(out.getShape()).isEqualTo(new Shape(16, 1, 28, 28));
    assertThat(out.getDataType()).isEqualTo(DataType.FLOAT32);
    NdTestSupport.assertNoLeak(manager, 2);
    try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(flipShift()).build()) {
      for (int i = 0; i < 16; i++) {
        float[] expected = cpu.apply(ImageSample.of("s" + i, images.get(i)), 3, indices[i]).image().toFloatChw();
        assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(out, i), expected)).isLessThan(1e-4);
      }
    }
  }

  @Test
  void apply_sameIndicesInAnotherBatchOrder_givesSameSamples() throws Exception {
    List<Raster> images = List.of(TestImages.floats(1, 28, 28, 1), TestImages.floats(1, 28, 28, 2));
    DeviceAugmenter aug = DeviceAugmenter.of(flipShift());
    NDArray ab = aug.apply(NdTestSupport.batch(manager, images), 0, new long[] {5, 6});
    NDArray ba = aug.apply(NdTestSupport.batch(manager, List.of(images.get(1), images.get(0))), 0, new long[] {6, 5});
    assertThat(NdTestSupport.sampleOf(ab, 0)).containsExactly(NdTestSupport.sampleOf(ba, 1));
    assertThat(NdTestSupport.sampleOf(ab, 1)).containsExactly(NdTestSupport.sampleOf(ba, 0));
  }

  @Test
  void replay_ofRecordedParams_reproducesTheBatch() throws Exception {
    DeviceAugmenter aug = DeviceAugmenter.of(flipShift());
    NDArray batch = NdTestSupport.batch(manager, List.of(TestImages.floats(1, 28, 28, 1), TestImages.floats(1, 28, 28, 2)));
    List<AugmentParams> recorded = aug.params(batch, 4, new long[] {10, 11});
    List<AugmentParams> reloaded = new ArrayList<>();
    for (AugmentParams p : recorded) {
      reloaded.add(AugmentParams.fromJson(p.toJson()));
    }
    NDArray first = aug.apply(batch, 4, new long[] {10, 11});
    NDArray again = aug.replay(batch, reloaded);
    assertThat(again.toFloatArray()).containsExactly(first.toFloatArray());
  }

  @Test
  void asBatchTransform_augmentsTheFirstArrayAndPassesOtherArraysThrough() throws Exception {
    dev.datamgmt.augment.djl.BatchTransform hook = DeviceAugmenter.of(flipShift()).asBatchTransform();
    NDArray images = NdTestSupport.batch(manager, List.of(TestImages.floats(1, 28, 28, 1)));
    NDArray extra = manager.ones(new Shape(1, 3));
    ai.djl.ndarray.NDList out = hook.apply(new ai.djl.ndarray.NDList(images, extra), 2, new long[] {9});
    assertThat(out.get(0).toFloatArray())
        .containsExactly(DeviceAugmenter.of(flipShift()).apply(images, 2, new long[] {9}).toFloatArray());
    assertThat(out.get(1)).isSameAs(extra);
    assertThatThrownBy(() -> hook.apply(new ai.djl.ndarray.NDList(manager.zeros(new Shape(2, 2))), 0, new long[] {0}))
        .isInstanceOf(dev.datamgmt.core.error.UncheckedDataException.class).hasMessageContaining("rank 4");
  }

  @Test
  void apply_whenBatchHasWrongRank_namesRankInError() {
    NDArray bad = manager.zeros(new Shape(2, 28, 28));
    assertThatThrownBy(() -> DeviceAugmenter.of(flipShift()).apply(bad, 0, new long[] {0, 1}))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("expected rank 4")
        .hasMessageContaining("found rank 3");
  }

  @Test
  void apply_whenBatchHasWrongType_namesTypeInError() {
    NDArray bad = manager.zeros(new Shape(1, 1, 4, 4), DataType.INT32);
    assertThatThrownBy(() -> DeviceAugmenter.of(flipShift()).apply(bad, 0, new long[] {0}))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("float32 or uint8");
  }

  @Test
  void apply_whenSampleHasNaN_namesTheSample() {
    float[] v = new float[2 * 16];
    v[16 + 5] = Float.NaN;
    NDArray bad = manager.create(v, new Shape(2, 1, 4, 4));
    assertThatThrownBy(() -> DeviceAugmenter.of(flipShift()).apply(bad, 0, new long[] {0, 1}))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("batch position 1")
        .hasMessageContaining("NaN");
    NdTestSupport.assertNoLeak(manager, 1);
  }

  @Test
  void apply_whenIndicesDoNotMatchBatch_isRejected() {
    NDArray batch = manager.zeros(new Shape(2, 1, 4, 4));
    assertThatThrownBy(() -> DeviceAugmenter.of(flipShift()).apply(batch, 0, new long[] {0}))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("indices");
  }

  @Test
  void apply_onUint8Batch_scalesToUnitFloat() throws Exception {
    Pipeline identity = Pipeline.builder().setSeed(1).build();
    NDArray batch = manager.create(new byte[] {0, (byte) 255, (byte) 51, 102}, new Shape(1, 1, 2, 2)).toType(DataType.UINT8, false);
    NDArray out = DeviceAugmenter.of(identity).apply(batch, 0, new long[] {0});
    assertThat(out.toFloatArray()).containsExactly(0f, 1f, 0.2f, 0.4f);
  }
}
