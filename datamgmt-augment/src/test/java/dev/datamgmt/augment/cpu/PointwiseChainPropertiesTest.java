package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.internal.cpu.CpuKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fused chain gives exactly the pixels of the single-step kernels run one after another, for random runs of
 * the colour steps RandAugment draws (invert, solarize, posterize beside brightness, contrast, saturation): fusing
 * them changes no output bit, so no golden value changes.
 */
class PointwiseChainPropertiesTest {
  @Property(tries = 200)
  void chain_equalsSingleStepKernelsInOrder(
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed, @ForAll boolean gray,
      @ForAll @IntRange(min = 1, max = 5) int length) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = gray ? 1 : 3, plane = 1 + r.nextInt(700); // not a multiple of the block size
    float[] x = new float[c * plane];
    for (int i = 0; i < x.length; i++) {
      // Exact 8-bit levels (uint8 input), off-level values (after a bilinear warp) and the edges 0 and 1.
      int kind = r.nextInt(4);
      x[i] = kind == 0 ? r.nextInt(256) / 255f : kind == 1 ? (float) r.nextDouble() : (float) r.nextInt(2);
    }
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < length; k++) {
      steps.add(switch (r.nextInt(6)) {
        case 0 -> new ImageSteps.Invert();
        // Thresholds on the 8-bit levels too, where ">=" against ">" shows.
        case 1 -> new ImageSteps.Solarize(r.nextBoolean() ? r.nextInt(256) / 255.0 : r.nextInt(257) / 256.0);
        case 2 -> new ImageSteps.Posterize(r.nextInt(9));
        case 3 -> new ImageSteps.Brightness(0.1 + 1.8 * r.nextDouble());
        case 4 -> new ImageSteps.Contrast(0.1 + 1.8 * r.nextDouble());
        default -> new ImageSteps.Saturation(0.1 + 1.8 * r.nextDouble());
      });
    }
    float[] expected = x.clone();
    for (Step s : steps) {
      if (s instanceof ImageSteps.Invert) {
        CpuKernels.invert(expected);
      } else if (s instanceof ImageSteps.Solarize so) {
        CpuKernels.solarize(expected, (float) so.threshold());
      } else if (s instanceof ImageSteps.Posterize ps) {
        CpuKernels.posterize(expected, ps.bits());
      } else if (s instanceof ImageSteps.Brightness b) {
        CpuKernels.brightness(expected, (float) b.factor());
      } else if (s instanceof ImageSteps.Contrast k) {
        CpuKernels.contrast(expected, c, plane, (float) k.factor());
      } else if (s instanceof ImageSteps.Saturation sat) {
        CpuKernels.saturation(expected, c, plane, (float) sat.factor());
      }
    }
    assertThat(steps).allMatch(PointwiseChain::isPointwise);
    PointwiseChain.run(x, c, plane, steps, new float[0][], new float[0][]);
    // A clamped -0.0 in a single kernel is +0.0 in the chain (see PointwiseChain); compare as values.
    for (int i = 0; i < x.length; i++) {
      assertThat(x[i] == 0f ? 0f : x[i]).as("pixel %d of %s", i, steps).isEqualTo(expected[i] == 0f ? 0f : expected[i]);
    }
  }
}
