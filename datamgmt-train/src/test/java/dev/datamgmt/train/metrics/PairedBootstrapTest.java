package dev.datamgmt.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.core.error.InvalidDataException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The paired bootstrap separates a real improvement from noise and is a pure function of its seed. */
class PairedBootstrapTest {
  /** 3 classes x 200 samples; A right with probability pA, B with pB, independently. */
  private static int[][] data(double pA, double pB, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 600;
    int[] y = new int[n];
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      a[i] = r.nextDouble() < pA ? y[i] : (y[i] + 1 + r.nextInt(2)) % 3;
      b[i] = r.nextDouble() < pB ? y[i] : (y[i] + 1 + r.nextInt(2)) % 3;
    }
    return new int[][] {y, a, b};
  }

  @Test
  void difference_ofAClearlyBetterModel_hasAnIntervalAboveZero_aroundTheTrueGap() throws Exception {
    int[][] d = data(0.70, 0.85, 1);
    PairedBootstrap.Interval i = PairedBootstrap.difference(d[0], d[1], d[2], 3, ConfusionMatrix::balancedAccuracy,
        1000, 0.95, 7);
    assertThat(i.low()).isGreaterThan(0);
    assertThat(i.estimate()).isBetween(i.low(), i.high()).isCloseTo(0.15, within(0.06));
    assertThat(i.fractionPositive()).isGreaterThan(0.99);
    // a model against itself: exactly zero every time
    PairedBootstrap.Interval same = PairedBootstrap.difference(d[0], d[1], d[1], 3,
        ConfusionMatrix::balancedAccuracy, 100, 0.95, 7);
    assertThat(same.low()).isZero();
    assertThat(same.high()).isZero();
  }

  @Test
  void difference_ofTwoEqualModels_hasAnIntervalAroundZero() throws Exception {
    int[][] d = data(0.8, 0.8, 2);
    PairedBootstrap.Interval i = PairedBootstrap.difference(d[0], d[1], d[2], 3, ConfusionMatrix::accuracy, 1000,
        0.95, 7);
    assertThat(i.low()).isLessThan(0);
    assertThat(i.high()).isGreaterThan(0);
  }

  @Property(tries = 20)
  void difference_isAPureFunctionOfItsInputsAndSeed_andSwappingNegatesIt(@ForAll @IntRange(min = 0, max = 1000)
      int seed) throws Exception {
    int[][] d = data(0.6, 0.75, seed);
    PairedBootstrap.Interval one = PairedBootstrap.difference(d[0], d[1], d[2], 3, ConfusionMatrix::macroF1, 50, 0.9,
        seed);
    PairedBootstrap.Interval two = PairedBootstrap.difference(d[0], d[1], d[2], 3, ConfusionMatrix::macroF1, 50, 0.9,
        seed);
    assertThat(two).isEqualTo(one);
    PairedBootstrap.Interval swapped = PairedBootstrap.difference(d[0], d[2], d[1], 3, ConfusionMatrix::macroF1, 50,
        0.9, seed);
    assertThat(swapped.estimate()).isCloseTo(-one.estimate(), within(1e-12));
    assertThat(swapped.low()).isCloseTo(-one.high(), within(1e-12));
  }

  @Test
  void difference_rejectsBadInput_namingWhat() {
    assertThatThrownBy(() -> PairedBootstrap.difference(new int[] {0, 1}, new int[] {0}, new int[] {0, 1}, 2,
        ConfusionMatrix::accuracy, 100, 0.95, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 labels, 1 and 2 predictions");
    assertThatThrownBy(() -> PairedBootstrap.difference(new int[] {0, 5}, new int[] {0, 1}, new int[] {0, 1}, 2,
        ConfusionMatrix::accuracy, 100, 0.95, 0)).isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> PairedBootstrap.difference(new int[] {0}, new int[] {0}, new int[] {0}, 2,
        ConfusionMatrix::accuracy, 5, 0.95, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resamples < 10");
  }
}
