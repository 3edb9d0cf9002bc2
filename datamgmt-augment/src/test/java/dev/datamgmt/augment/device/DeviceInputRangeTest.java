package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device backend refuses float pixels outside the declared range instead of clamping them. */
class DeviceInputRangeTest {
  private static final Pipeline PIPE = Pipeline.builder().setSeed(9)
      .add(ImageOps.horizontalFlip(0.5)).add(ImageOps.brightness(0.8, 1.2)).build();
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray unitBatch() {
    List<Raster> images = List.of(TestImages.floats(3, 12, 10, 1), TestImages.floats(3, 12, 10, 2));
    return NdTestSupport.batch(manager, images);
  }

  @Test
  void floatsOn0To255_areRefusedByDefault_namingTheSampleAndRange() {
    NDArray x255 = unitBatch().mul(255f);
    assertThatThrownBy(() -> DeviceAugmenter.of(PIPE).apply(x255, 0, new long[] {0, 1}))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("sample at batch position 0")
        .hasMessageContaining("[0, 1.0]")
        .hasMessageContaining("withFloatRange");
  }

  @Test
  void negativeFloats_areRefused() {
    NDArray x = unitBatch().sub(0.5f);
    assertThatThrownBy(() -> DeviceAugmenter.of(PIPE).apply(x, 0, new long[] {0, 1}))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("outside the declared range");
  }

  @Test
  void declaredRange255_givesTheSameOutputAsUnitFloats() throws Exception {
    NDArray unit = unitBatch();
    NDArray x255 = unit.mul(255f);
    NDArray expected = DeviceAugmenter.of(PIPE).apply(unit, 2, new long[] {7, 8});
    NDArray actual = DeviceAugmenter.of(PIPE).withFloatRange(255).apply(x255, 2, new long[] {7, 8});
    for (int i = 0; i < 2; i++) {
      assertThat(NdTestSupport.maxAbsDiff(NdTestSupport.sampleOf(actual, i), NdTestSupport.sampleOf(expected, i)))
          .isLessThan(1e-6);
    }
  }

  @Test
  void replayOnAnotherSize_isRefused() throws Exception {
    AugmentParams p = PIPE.sample(0, 0, 20, 20);
    NDArray one = unitBatch().get("0:1");
    assertThatThrownBy(() -> DeviceAugmenter.of(PIPE).replay(one, List.of(p)))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("20x20").hasMessageContaining("10x12");
  }

  @Test
  void withFloatRange_nonPositive_isRejected() {
    assertThatThrownBy(() -> DeviceAugmenter.of(PIPE).withFloatRange(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0: 0.0");
  }
}
