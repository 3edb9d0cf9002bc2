package dev.datamgmt.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.internal.geometry.GridMap;
import dev.datamgmt.augment.internal.image.ImagePlan;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Masks store only the window around their non-zero classes: every move through a plan gives exactly the mask the
 * full-frame algorithm gives (the reference below is the pixel-by-pixel code masks used before windows), and a
 * mosaic's shift equals pasting the full frame.
 */
class MaskWindowPropertiesTest {
  private static final int W = 52, H = 44;

  /** The geometric ops of {@link TargetsPropertiesTest}, and warps with reflect and replicate borders. */
  @Provide
  Arbitrary<Op> geometricOps() {
    return Arbitraries.oneOf(new TargetsPropertiesTest().geometricOps(), Arbitraries.of(
        ImageOps.rotate(40).withBorder(BorderMode.REFLECT),
        ImageOps.affine(20, 0.15, 0.8, 1.2, 15).withBorder(BorderMode.REPLICATE),
        ImageOps.perspective(1, 0.9).withBorder(BorderMode.REFLECT),
        ImageOps.letterbox(64, 0)));
  }

  /** The full-frame move of the previous implementation, pixel by pixel. */
  static int[] reference(int[] cur, int w, int h, List<Step> plan, int[] size) {
    for (Step s : plan) {
      if (s instanceof ImageSteps.Warp warp) {
        double[] inv = Homography.invert(warp.matrix());
        int ow = warp.outWidth(), oh = warp.outHeight();
        int[] next = new int[ow * oh];
        for (int v = 0; v < oh; v++) {
          for (int u = 0; u < ow; u++) {
            double px = u + 0.5, py = v + 0.5;
            double z = inv[6] * px + inv[7] * py + inv[8];
            double sx = (inv[0] * px + inv[1] * py + inv[2]) / z;
            double sy = (inv[3] * px + inv[4] * py + inv[5]) / z;
            int x = warp.border().index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sx))), w);
            int y = warp.border().index((int) Math.max(-(1 << 30), Math.min(1 << 30, Math.floor(sy))), h);
            next[v * ow + u] = x >= 0 && y >= 0 ? cur[y * w + x] : 0;
          }
        }
        cur = next;
        w = ow;
        h = oh;
      } else if (s instanceof ImageSteps.GridWarp grid) {
        int[] next = new int[w * h];
        new GridMap(grid, w, h).nearestIndexMap(next);
        for (int k = 0; k < next.length; k++) {
          next[k] = next[k] < 0 ? 0 : cur[next[k]];
        }
        cur = next;
      }
    }
    size[0] = w;
    size[1] = h;
    return cur;
  }

  private static int[] blob(long seed, int x0, int y0, int bw, int bh) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] m = new int[W * H];
    for (int y = y0; y < Math.min(H, y0 + bh); y++) {
      for (int x = x0; x < Math.min(W, x0 + bw); x++) {
        m[y * W + x] = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(3);
      }
    }
    return m;
  }

  @Property(tries = 300)
  void windowedMove_equalsTheFullFrameMove(@ForAll("geometricOps") Op op,
      @ForAll @IntRange(min = 0, max = 1000) int index, @ForAll @IntRange(min = 0, max = 50) int x0,
      @ForAll @IntRange(min = 0, max = 42) int y0, @ForAll @IntRange(min = 0, max = 30) int bw,
      @ForAll @IntRange(min = 0, max = 30) int bh) {
    int[] m = blob(index, x0, y0, bw, bh);
    SegmentationMask mask = SegmentationMask.of(W, H, m);
    assertThat(mask.toArray()).isEqualTo(m);
    Pipeline p = Pipeline.builder().setSeed(index).add(op).add(ImageOps.horizontalFlip(0.5)).build();
    List<Step> plan = ImagePlan.of(p.sample(0, index, W, H).steps(), W, H);
    int[] size = new int[2];
    int[] expected = reference(m, W, H, plan, size);
    SegmentationMask moved = Targets.mask(mask, plan);
    assertThat(moved.width()).isEqualTo(size[0]);
    assertThat(moved.height()).isEqualTo(size[1]);
    assertThat(moved.toArray()).isEqualTo(expected);
    assertThat(moved.windowWidth() * moved.windowHeight()).isLessThanOrEqualTo(size[0] * size[1]);
  }

  @Property(tries = 200)
  void shiftMask_equalsPastingTheFullFrame(@ForAll @IntRange(min = 0, max = 1000) int seed,
      @ForAll @IntRange(min = -60, max = 60) int dx, @ForAll @IntRange(min = -50, max = 50) int dy,
      @ForAll @IntRange(min = 0, max = 52) int qx0, @ForAll @IntRange(min = 0, max = 44) int qy0,
      @ForAll @IntRange(min = 0, max = 52) int qw, @ForAll @IntRange(min = 0, max = 44) int qh) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] m = blob(seed, rng.nextInt(W), rng.nextInt(H), rng.nextInt(1, 40), rng.nextInt(1, 40));
    int x1 = Math.min(W, qx0 + qw), y1 = Math.min(H, qy0 + qh);
    int[] expected = new int[W * H];
    for (int y = qy0; y < y1; y++) {
      for (int x = qx0; x < x1; x++) {
        int sx = x - dx, sy = y - dy;
        expected[y * W + x] = sx >= 0 && sy >= 0 && sx < W && sy < H ? m[sy * W + sx] : 0;
      }
    }
    SegmentationMask shifted = Targets.shiftMask(SegmentationMask.of(W, H, m), dx, dy, qx0, qy0, x1, y1, W, H);
    assertThat(shifted.toArray()).isEqualTo(expected);
    for (int y = 0; y < H; y += 7) {
      for (int x = 0; x < W; x += 5) {
        assertThat(shifted.get(x, y)).isEqualTo(expected[y * W + x]);
      }
    }
  }
}
