package dev.datamgmt.synth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/** The table-driven gray noise is the per-pixel formula, value for value and draw for draw. */
class PixelNoiseProperties {
  @Property(tries = 60)
  void fillGray_equalsFillThenTheFormula(@ForAll long seed, @ForAll @IntRange(min = 0, max = 255) int level,
      @ForAll @FloatRange(min = 0, max = 128) float sigma, @ForAll @IntRange(min = 0, max = 3000) int n) {
    float[] z = new float[n];
    int[] px = new int[n];
    SplittableRandom a = new SplittableRandom(seed), b = new SplittableRandom(seed);
    PixelNoise.fill(a, z, n);
    PixelNoise.fillGray(b, px, level, sigma);
    for (int i = 0; i < n; i++) {
      int v = Effects.clamp(Math.round(level + sigma * z[i]));
      assertThat(px[i]).as("pixel %d", i).isEqualTo(v << 16 | v << 8 | v);
    }
    assertThat(b.nextLong()).as("both consumed the same draws").isEqualTo(a.nextLong());
    // the thread's cached tables: another level in between, then the same level and sigma again
    PixelNoise.fillGray(new SplittableRandom(seed), new int[n], 255 - level, sigma);
    int[] again = new int[n];
    PixelNoise.fillGray(new SplittableRandom(seed), again, level, sigma);
    assertThat(again).isEqualTo(px);
  }
}
