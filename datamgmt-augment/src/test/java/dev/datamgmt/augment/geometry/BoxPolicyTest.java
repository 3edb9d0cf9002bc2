package dev.datamgmt.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxPolicyTest {
  private static final Raster IMG = Raster.ofFloat(1, 20, 20, new float[400]);

  private static ImageSample shifted(BoxPolicy policy, Box box, double dx) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optBoxPolicy(policy).build()) {
      AugmentParams shift = AugmentParams.of(
          new ImageSteps.Warp(Homography.translate(dx, 0), 20, 20, Interpolation.BILINEAR, 0));
      return aug.replay(ImageSample.of("s", IMG).withBoxes(List.of(box), BoxFormat.PIXEL_XYXY)
          .withKeypoints(List.of(new Keypoint(15, 5, Keypoint.VISIBLE))), shift);
    }
  }

  @Test
  void boxPushedHalfOut_isClippedWhenVisibleEnough() throws Exception {
    ImageSample out = shifted(new BoxPolicy(true, 0.4), new Box(10, 0, 20, 10, 3), 5);
    assertThat(out.boxes()).containsExactly(new Box(15, 0, 20, 10, 3));
  }

  @Test
  void boxPushedHalfOut_isDroppedBelowVisibilityThreshold() throws Exception {
    ImageSample out = shifted(new BoxPolicy(true, 0.6), new Box(10, 0, 20, 10, 3), 5);
    assertThat(out.boxes()).isEmpty();
  }

  @Test
  void boxPushedHalfOut_keepsFullExtentWithoutClipping() throws Exception {
    ImageSample out = shifted(new BoxPolicy(false, 0.4), new Box(10, 0, 20, 10, 3), 5);
    assertThat(out.boxes()).containsExactly(new Box(15, 0, 25, 10, 3));
  }

  @Test
  void boxPushedWhollyOut_isAlwaysDropped() throws Exception {
    ImageSample out = shifted(new BoxPolicy(false, 0), new Box(10, 0, 20, 10, 3), 15);
    assertThat(out.boxes()).isEmpty();
  }

  @Test
  void keypointPushedOut_becomesNotLabeledButKeepsItsPlace() throws Exception {
    ImageSample out = shifted(BoxPolicy.DEFAULT, new Box(0, 0, 5, 5, 0), 8);
    assertThat(out.keypoints()).containsExactly(new Keypoint(23, 5, Keypoint.NOT_LABELED));
  }

  @Test
  void horizontalFlip_swapsMirroredKeypointsByFlipIndex_andTwoFlipsDoNot() throws Exception {
    ImageSample s = ImageSample.of("pose", IMG)
        .withKeypoints(List.of(new Keypoint(4, 5, Keypoint.VISIBLE), new Keypoint(14, 5, Keypoint.VISIBLE),
            new Keypoint(9, 2, Keypoint.VISIBLE)))
        .withKeypointFlipIndex(new int[] {1, 0, 2});
    ImageSteps.Warp flip = new ImageSteps.Warp(new double[] {-1, 0, 20, 0, 1, 0, 0, 0, 1}, 20, 20,
        Interpolation.NEAREST, 0);
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      // Index 0 ("left") moved from x=4 to x=16, which is now on the right: index 0 takes the old right point.
      assertThat(aug.replay(s, AugmentParams.of(flip)).keypoints()).containsExactly(
          new Keypoint(6, 5, Keypoint.VISIBLE), new Keypoint(16, 5, Keypoint.VISIBLE), new Keypoint(11, 2, Keypoint.VISIBLE));
      assertThat(aug.replay(s, AugmentParams.of(flip, flip)).keypoints()).isEqualTo(s.keypoints());
    }
  }

  @Test
  void flipIndexThatIsNoInvolution_isRejected() {
    ImageSample s = ImageSample.of("pose", IMG)
        .withKeypoints(List.of(new Keypoint(4, 5, 2), new Keypoint(14, 5, 2))).withKeypointFlipIndex(new int[] {1, 1});
    assertThatThrownBy(s::validate).isInstanceOf(InvalidDataException.class).hasMessageContaining("flip index");
  }

  @Test
  void boxPolicy_rejectsVisibilityOutsideUnitRange() {
    assertThatThrownBy(() -> new BoxPolicy(true, 1.5)).hasMessageContaining("minVisibility").hasMessageContaining("1.5");
  }

  @Test
  void maskOfOtherSize_isRejectedNamingTheSample() {
    ImageSample s = ImageSample.of("rec-42", IMG).withMask(SegmentationMask.of(10, 20, new int[200]));
    assertThatThrownBy(s::validate)
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("sample rec-42")
        .hasMessageContaining("expected mask 20x20")
        .hasMessageContaining("found mask 10x20");
  }

  @Test
  void boxWithX2BeforeX1_isRejectedAtConstruction() {
    assertThatThrownBy(() -> new Box(10, 0, 5, 10, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x1 <= x2");
  }

  @Test
  void normalizedBoxOutsideUnitRange_isRejectedNamingTheBox() {
    ImageSample s = ImageSample.of("rec-7", IMG).withBoxes(List.of(new Box(0.1, 0.1, 1.5, 0.5, 0)), BoxFormat.NORMALIZED_XYXY);
    assertThatThrownBy(s::validate)
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("sample rec-7 box 0")
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void pixelBoxOutsideTheImage_isRejectedNamingTheBoxAndTheImageSize() {
    ImageSample s = ImageSample.of("rec-8", IMG)
        .withBoxes(List.of(new Box(0, 0, 20, 20, 0), new Box(5, 5, 21, 10, 1)), BoxFormat.PIXEL_XYXY);
    assertThatThrownBy(s::validate)
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("sample rec-8 box 1")
        .hasMessageContaining("x in [0, 20], y in [0, 20]")
        .hasMessageContaining("[5.0, 5.0, 21.0, 10.0]");
    ImageSample negative = ImageSample.of("rec-9", IMG).withBoxes(List.of(new Box(-1, 0, 5, 5, 0)), BoxFormat.PIXEL_XYXY);
    assertThatThrownBy(negative::validate).isInstanceOf(InvalidDataException.class).hasMessageContaining("rec-9 box 0");
  }

  @Test
  void pixelBoxOnTheImageEdges_isAccepted() throws Exception {
    ImageSample.of("edge", IMG).withBoxes(List.of(new Box(0, 0, 20, 20, 0)), BoxFormat.PIXEL_XYXY).validate();
  }

  /** A box scaled about the image centre by {@code s}, through a policy. */
  private static List<Box> scaled(BoxPolicy policy, Box box, double s) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build())
        .optBoxPolicy(policy).build()) {
      double[] m = {s, 0, 10 - 10 * s, 0, s, 10 - 10 * s, 0, 0, 1};
      return aug.replay(ImageSample.of("s", IMG).withBoxes(List.of(box), BoxFormat.PIXEL_XYXY),
          AugmentParams.of(new ImageSteps.Warp(m, 20, 20, Interpolation.BILINEAR, 0))).boxes();
    }
  }

  @Test
  void sizeFilters_dropBoxesBelowAreaWidthHeightOrAboveAspect() throws Exception {
    Box b = new Box(6, 8, 14, 12, 1);   // 8 x 4 px; halved: 4 x 2 px, area 8, aspect 2
    assertThat(scaled(BoxPolicy.DEFAULT.withMinArea(8), b, 0.5)).hasSize(1);
    assertThat(scaled(BoxPolicy.DEFAULT.withMinArea(8.5), b, 0.5)).isEmpty();
    assertThat(scaled(BoxPolicy.DEFAULT.withMinSize(4, 2), b, 0.5)).hasSize(1);
    assertThat(scaled(BoxPolicy.DEFAULT.withMinSize(4.5, 0), b, 0.5)).isEmpty();
    assertThat(scaled(BoxPolicy.DEFAULT.withMinSize(0, 2.5), b, 0.5)).isEmpty();
    assertThat(scaled(BoxPolicy.DEFAULT.withMaxAspectRatio(2), b, 0.5)).hasSize(1);
    assertThat(scaled(BoxPolicy.DEFAULT.withMaxAspectRatio(1.9), b, 0.5)).isEmpty();
    assertThat(scaled(BoxPolicy.DEFAULT.withMinArea(20), b, 1)).hasSize(1);
  }

  @Test
  void sizeFilters_withBadValues_areRejectedNamingThem() {
    assertThatThrownBy(() -> BoxPolicy.DEFAULT.withMinArea(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minArea").hasMessageContaining("-1.0");
    assertThatThrownBy(() -> BoxPolicy.DEFAULT.withMinSize(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minHeight");
    assertThatThrownBy(() -> BoxPolicy.DEFAULT.withMaxAspectRatio(0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAspectRatio must be >= 1");
  }
}
