package dev.datamgmt.core.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The seed function: the golden values FORMAT.md prints (and its Python snippet computes), and its invariants. */
class SeedsTest {

  @Test
  void derive_matchesTheGoldenValuesInFormatMd() {
    // the values printed by the Python snippet in FORMAT.md, section "Randomness"
    assertThat(Seeds.derive(42, 3, 17)).isEqualTo(0x0d8ea0d39c68c168L);
    assertThat(Seeds.derive(42, 17)).isEqualTo(0x09c760316c1adf62L);
    assertThat(Seeds.random(42, 3, 17).nextDouble()).isEqualTo(0.3388762623526881);
    assertThat(Seeds.permutation(7, 0, 10)).containsExactly(6, 5, 8, 4, 9, 7, 0, 1, 2, 3);
  }

  @Test
  void formatMd_printsTheseGoldenValuesUnderRandomness() throws java.io.IOException {
    java.nio.file.Path format = java.nio.file.Path.of("..", "FORMAT.md");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(format), "FORMAT.md beside the module");
    String text = java.nio.file.Files.readString(format);
    assertThat(text.substring(text.indexOf("## Randomness")))
        .contains("# 0xd8ea0d39c68c168 0x9c760316c1adf62 0.3388762623526881 [6, 5, 8, 4, 9, 7, 0, 1, 2, 3]");
  }

  @Test
  void derive_intAndLongEpochAgree_negativeEpochSignExtended() {
    int epoch = -5;
    assertThat(Seeds.derive(1, epoch, 2)).isEqualTo(Seeds.derive(1, -5L, 2));
  }

  @Test
  void bounded_rejectsAnEmptyRange() {
    assertThatThrownBy(() -> Seeds.bounded(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound must be >= 1: 0");
  }

  @Property
  void derive_isAPureFunction(@ForAll long seed, @ForAll int epoch, @ForAll long index) {
    assertThat(Seeds.derive(seed, epoch, index)).isEqualTo(Seeds.derive(seed, epoch, index));
    assertThat(Seeds.random(seed, epoch, index).nextLong()).isEqualTo(Seeds.random(seed, epoch, index).nextLong());
  }

  @Property
  void derive_equalsAbsorbOfTheEpochKey(@ForAll long seed, @ForAll int epoch, @ForAll long index) {
    assertThat(Seeds.absorb(Seeds.epochKey(seed, epoch), index)).isEqualTo(Seeds.derive(seed, epoch, index));
  }

  /** Argument lists that differ in one position never share a seed (each absorb step is a bijection). */
  @Property
  void derive_differsWhenOneArgumentDiffers(@ForAll long seed, @ForAll int epoch, @ForAll long index,
      @ForAll long other) {
    long d = Seeds.derive(seed, epoch, index);
    if (other != seed) {
      assertThat(Seeds.derive(other, epoch, index)).isNotEqualTo(d);
    }
    if (other != index) {
      assertThat(Seeds.derive(seed, epoch, other)).isNotEqualTo(d);
    }
    if ((int) other != epoch) {
      assertThat(Seeds.derive(seed, (int) other, index)).isNotEqualTo(d);
    }
    if (other != index) {
      assertThat(Seeds.derive(seed, other)).isNotEqualTo(Seeds.derive(seed, index));
    }
  }

  /** A grid of (seed, epoch, index) gives as many distinct streams (first draws) as it has points. */
  @Property(tries = 20)
  void derive_distinctTriplesGiveDistinctStreams(@ForAll long seed) {
    Set<Long> seeds = new HashSet<>();
    Set<Long> firstDraws = new HashSet<>();
    int points = 0;
    for (int k = 0; k < 8; k++) {
      long s = seed + k; // wraps near Long.MAX_VALUE, still 8 distinct seeds
      for (int e = 0; e < 8; e++) {
        for (long i = 0; i < 64; i++) {
          seeds.add(Seeds.derive(s, e, i));
          firstDraws.add(Seeds.random(s, e, i).nextLong());
          points++;
        }
      }
      for (long i = 0; i < 64; i++) {
        // the two-argument form never lands on a three-argument seed of the grid
        seeds.add(Seeds.derive(s, i));
        points++;
      }
    }
    assertThat(seeds).hasSize(points);
    assertThat(firstDraws).hasSize(8 * 8 * 64);
  }

  @Property
  void nth_isTheNthDrawOfSplittableRandom(@ForAll long streamSeed, @ForAll @IntRange(max = 50) int n) {
    SplittableRandom rng = new SplittableRandom(streamSeed);
    long v = 0;
    for (int k = 0; k <= n; k++) {
      v = rng.nextLong();
    }
    assertThat(Seeds.nth(streamSeed, n)).isEqualTo(v);
    assertThat(Seeds.unit(Seeds.nth(streamSeed, 0))).isEqualTo(new SplittableRandom(streamSeed).nextDouble());
  }

  @Property
  void bounded_staysInRange(@ForAll long bits, @ForAll @IntRange(min = 1) int bound) {
    assertThat(Seeds.bounded(bits, bound)).isBetween(0, bound - 1);
  }

  @Property
  void permutation_holdsEveryIndexOnce(@ForAll long seed, @ForAll int epoch, @ForAll @IntRange(max = 300) int n) {
    long[] p = Seeds.permutation(seed, epoch, n);
    assertThat(p).hasSize(n);
    assertThat(java.util.Arrays.stream(p).sorted().toArray())
        .isEqualTo(java.util.stream.LongStream.range(0, n).toArray());
  }
}
