package dev.datamgmt.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.label.Box;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link BoxPolicy.BoxWarp#ELLIPSE}: boxes of rotated objects that do not grow through chained rotations. */
class EllipseBoxWarpTest {
  private static final int W = 80, H = 60;
  private static final BoxPolicy CORNERS = new BoxPolicy(false, 0);
  private static final BoxPolicy ELLIPSE = CORNERS.withBoxWarp(BoxPolicy.BoxWarp.ELLIPSE);

  private static ImageSteps.Warp rotation(double degrees) {
    double t = Math.toRadians(degrees), c = Math.cos(t), s = Math.sin(t);
    double[] r = {c, -s, 0, s, c, 0, 0, 0, 1};
    return new ImageSteps.Warp(Homography.multiply(Homography.translate(W / 2.0, H / 2.0),
        Homography.multiply(r, Homography.translate(-W / 2.0, -H / 2.0))), W, H, Interpolation.NEAREST, 0);
  }

  private static Box move(BoxPolicy policy, Box b, List<Step> steps) {
    return Targets.boxes(List.of(b), BoxFormat.PIXEL_XYXY, W, H, steps, policy).get(0);
  }

  @Property(tries = 50)
  void rotationAndItsInverse_giveTheBoxBack(@ForAll @DoubleRange(min = -60, max = 60) double degrees,
      @ForAll @IntRange(min = 0, max = 4) int times) {
    Box b = new Box(30, 20, 50, 36, 1);
    List<Step> steps = new java.util.ArrayList<>();
    for (int i = 0; i < times; i++) {
      steps.add(rotation(degrees));
      steps.add(rotation(-degrees));
    }
    Box e = move(ELLIPSE, b, steps);
    assertThat(e.x1()).isCloseTo(30, within(1e-9));
    assertThat(e.y1()).isCloseTo(20, within(1e-9));
    assertThat(e.x2()).isCloseTo(50, within(1e-9));
    assertThat(e.y2()).isCloseTo(36, within(1e-9));
    if (times > 0 && Math.abs(degrees) > 5) {
      Box c = move(CORNERS, b, steps);
      assertThat(c.x2() - c.x1()).as("corner boxes grow").isGreaterThan(20.5);
    }
  }

  @Property(tries = 30)
  void axisAlignedWarps_moveBoxesAsTheCornersDo(@ForAll @DoubleRange(min = 0.5, max = 2) double sx,
      @ForAll @DoubleRange(min = 0.5, max = 2) double sy, @ForAll boolean flip) {
    double[] m = {flip ? -sx : sx, 0, flip ? W : 3, 0, sy, -2, 0, 0, 1};
    List<Step> steps = List.of(new ImageSteps.Warp(m, W, H, Interpolation.BILINEAR, 0));
    Box b = new Box(10, 12, 30, 40, 0);
    Box e = move(ELLIPSE, b, steps), c = move(CORNERS, b, steps);
    assertThat(e.x1()).isCloseTo(c.x1(), within(1e-9));
    assertThat(e.y2()).isCloseTo(c.y2(), within(1e-9));
  }

  @Property(tries = 20)
  void rotatedDisc_fitsItsEllipseBoxWithinAPixel(@ForAll @IntRange(min = 0, max = 1000) int index) throws Exception {
    // A disc drawn in its box: the ellipse box is the tight box of the rotated disc, up to the pixels of the
    // nearest-neighbour mask (half a pixel of the drawing, half an output pixel of the resampling, times the scale).
    Box b = new Box(25, 15, 55, 45, 1);
    int[] mask = new int[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double dx = x + 0.5 - 40, dy = y + 0.5 - 30;
        mask[y * W + x] = dx * dx + dy * dy <= 15 * 15 ? 1 : 0;
      }
    }
    Pipeline p = Pipeline.builder().setSeed(index)
        .add(new ImageOps.Affine(1, 45, 0.05, 0.8, 1.2, 0, Interpolation.NEAREST, 0)).build();
    ImageSample s = ImageSample.of("s", Raster.ofFloat(1, H, W, new float[W * H]))
        .withBoxes(List.of(b), BoxFormat.PIXEL_XYXY).withMask(SegmentationMask.of(W, H, mask));
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optBoxPolicy(ELLIPSE).build()) {
      ImageSample out = aug.apply(s, 0, index);
      double x1 = W, y1 = H, x2 = 0, y2 = 0;
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if (out.mask().get(x, y) == 1) {
            x1 = Math.min(x1, x);
            y1 = Math.min(y1, y);
            x2 = Math.max(x2, x + 1);
            y2 = Math.max(y2, y + 1);
          }
        }
      }
      Box e = out.boxes().get(0);
      assertThat(e.x1()).isCloseTo(x1, within(1.5));
      assertThat(e.y1()).isCloseTo(y1, within(1.5));
      assertThat(e.x2()).isCloseTo(x2, within(1.5));
      assertThat(e.y2()).isCloseTo(y2, within(1.5));
    }
  }

  @Test
  void perspectiveWarp_usesPointsOfTheEllipse() {
    double[] m = {1, 0.1, 0, 0.05, 1, 0, 0.001, 0.0005, 1};
    Box b = new Box(20, 20, 40, 30, 0);
    Box e = move(ELLIPSE, b, List.of(new ImageSteps.Warp(m, W, H, Interpolation.BILINEAR, 0)));
    Box c = move(CORNERS, b, List.of(new ImageSteps.Warp(m, W, H, Interpolation.BILINEAR, 0)));
    assertThat(e.x1()).isGreaterThan(c.x1());
    assertThat(e.x2()).isLessThan(c.x2());
    double[] centre = Homography.apply(m, 30, 25);
    assertThat((e.x1() + e.x2()) / 2).isCloseTo(centre[0], within(0.5));
  }
}
