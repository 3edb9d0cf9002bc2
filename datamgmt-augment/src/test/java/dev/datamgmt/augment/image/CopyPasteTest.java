package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simple copy-paste on the CPU backend: pasted pixels, boxes and masks, and occluded instances shrinking. */
class CopyPasteTest {
  private static final int W = 40, H = 30;

  private static SegmentationMask rect(Box b) {
    int[] m = new int[W * H];
    for (int y = (int) b.y1(); y < b.y2(); y++) {
      for (int x = (int) b.x1(); x < b.x2(); x++) {
        m[y * W + x] = 1;
      }
    }
    return SegmentationMask.of(W, H, m);
  }

  private static ImageSample sample(String id, int grey, Box box, float[] label) {
    byte[] px = new byte[W * H];
    Arrays.fill(px, (byte) grey);
    return ImageSample.of(id, Raster.wrapUint8(1, H, W, px)).withBoxes(List.of(box), BoxFormat.PIXEL_XYXY)
        .withInstanceMasks(List.of(rect(box))).withLabel(label);
  }

  private static ImageSample paste(ImageSample self, ImageSample partner, double share, BoxPolicy policy)
      throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optMixPartners(MixPartnerSource.of(List.of(partner))).optBoxPolicy(policy).build()) {
      return aug.replay(self, AugmentParams.of(new ImageSteps.CopyPaste(0.5, share, 7)));
    }
  }

  private static final ImageSample SELF = sample("self", 10, new Box(5, 5, 25, 20, 0), new float[] {1, 0});
  private static final ImageSample OTHER = sample("other", 200, new Box(15, 0, 40, 30, 1), new float[] {0, 1});

  @Test
  void pastedInstance_bringsItsPixelsBoxAndMask_andTheOccludedInstanceShrinks() throws Exception {
    ImageSample out = paste(SELF, OTHER, 1, new BoxPolicy(true, 0.25));
    byte[] px = out.image().uint8Array();
    for (int i = 0; i < px.length; i++) {
      assertThat(px[i] & 0xff).isEqualTo(i % W >= 15 ? 200 : 10);
    }
    assertThat(out.boxes()).containsExactly(new Box(5, 5, 15, 20, 0), new Box(15, 0, 40, 30, 1));
    assertThat(Arrays.stream(out.instanceMasks().get(0).toArray()).sum()).isEqualTo(150);
    assertThat(Arrays.stream(out.instanceMasks().get(1).toArray()).sum()).isEqualTo(750);
    // 750 of 1200 pixels came from the partner.
    assertThat(out.label()[0]).isEqualTo(0.375f);
    assertThat(out.label()[1]).isEqualTo(0.625f);
  }

  @Test
  void occludedInstanceBelowTheVisibility_isDroppedWithItsMask() throws Exception {
    ImageSample out = paste(SELF, OTHER, 1, new BoxPolicy(true, 0.6));
    assertThat(out.boxes()).containsExactly(new Box(15, 0, 40, 30, 1));
    assertThat(out.instanceMasks()).hasSize(1);
  }

  @Test
  void shareZero_pastesNothing() throws Exception {
    ImageSample out = paste(SELF, OTHER, 0, BoxPolicy.DEFAULT);
    assertThat(out.image().uint8Array()).containsExactly(SELF.image().uint8Array());
    assertThat(out.boxes()).containsExactly(new Box(5, 5, 25, 20, 0));
  }

  @Test
  void partnerWithoutInstanceMasks_isATypedError() {
    ImageSample bare = ImageSample.of("bare", OTHER.image()).withBoxes(List.of(new Box(1, 1, 5, 5, 0)),
        BoxFormat.PIXEL_XYXY);
    assertThatThrownBy(() -> paste(SELF, bare, 1, BoxPolicy.DEFAULT)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("partner bare").hasMessageContaining("one instance mask per box");
    assertThatThrownBy(() -> ImageOps.copyPaste(1, 1.5)).hasMessageContaining("copyPaste share");
  }
}
