package dev.datamgmt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded parameters carry the image size they were drawn for, and replay refuses another size. */
class ReplaySizeTest {
  private static final Pipeline CROP =
      Pipeline.builder().setSeed(5).add(ImageOps.randomResizedCrop(64, 48, 0.2, 0.6)).build();

  @Test
  void params_recordTheSampledSize_andRoundTripThroughJson() throws Exception {
    AugmentParams p = CROP.sample(0, 3, 320, 240);
    assertThat(p.width()).isEqualTo(320);
    assertThat(p.height()).isEqualTo(240);
    assertThat(p.toJson()).contains("\"height\":240").contains("\"width\":320");
    assertThat(AugmentParams.fromJson(p.toJson())).isEqualTo(p);
  }

  @Test
  void cpuReplay_onAnotherSize_failsNamingBothSizes() throws Exception {
    AugmentParams p = AugmentParams.fromJson(CROP.sample(0, 3, 320, 240).toJson());
    try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(CROP).build()) {
      ImageSample big = ImageSample.of("big", TestImages.uint8(3, 480, 640, 1));
      assertThatThrownBy(() -> cpu.replay(big, p))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("sample big")
          .hasMessageContaining("320x240")
          .hasMessageContaining("640x480");
      assertThatThrownBy(() -> cpu.replayBatch(List.of(big), List.of(p)))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("batch position 0");
      ImageSample right = ImageSample.of("right", TestImages.uint8(3, 240, 320, 1));
      assertThat(cpu.replay(right, p).image().toFloatChw())
          .containsExactly(cpu.apply(right, 0, 3).image().toFloatChw());
    }
  }

  @Test
  void paramsWithoutSize_fromOlderJson_replayUnchecked() throws Exception {
    String old = "{\"epoch\":3,\"index\":17,\"seed\":42,\"steps\":[{\"step\":\"brightness\",\"factor\":1.21}]}";
    AugmentParams p = AugmentParams.fromJson(old);
    assertThat(p.width()).isZero();
    assertThat(p.toJson()).isEqualTo(old);
    try (CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(CROP).build()) {
      assertThat(cpu.replay(ImageSample.of("x", TestImages.uint8(3, 7, 9, 2)), p).image().width()).isEqualTo(9);
    }
  }

  @Test
  void params_withHalfASize_areRejected() {
    assertThatThrownBy(() -> new AugmentParams(0, 0, 0, 5, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x0");
  }
}
