package dev.datamgmt.synth.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.synth.InvalidSettingException;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DistributionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Provide
  Arbitrary<Distribution> distributions() {
    Arbitrary<Double> v = Arbitraries.doubles().between(-1e6, 1e6);
    Arbitrary<Double> pos = Arbitraries.doubles().between(1e-6, 1e6).ofScale(8);
    Arbitrary<Double> sd = Arbitraries.doubles().between(0, 1e3);
    return Arbitraries.oneOf(
        v.map(Distribution::constant),
        Combinators.combine(v, v).as((a, b) -> Distribution.uniform(Math.min(a, b), Math.max(a, b))),
        Combinators.combine(v, sd).as(Distribution::normal),
        Combinators.combine(v, sd, v, v).as((m, s, a, b) -> Distribution.truncatedNormal(m, s, Math.min(a, b),
            Math.max(a, b))),
        Combinators.combine(pos, pos).as((a, b) -> Distribution.logUniform(Math.min(a, b), Math.max(a, b))));
  }

  @Property(tries = 200)
  void json_roundTripsToAnEqualDistribution(@ForAll("distributions") Distribution d) throws Exception {
    String json = JSON.writerFor(Distribution.class).writeValueAsString(d);
    assertThat(JSON.readValue(json, Distribution.class)).isEqualTo(d);
  }

  @Property(tries = 200)
  void sample_staysWithinItsBounds_andIsAPureFunctionOfTheStream(
      @ForAll("distributions") Distribution d, @ForAll long seed) {
    for (int i = 0; i < 50; i++) {
      double x = d.sample(Seeds.random(seed, i));
      assertThat(x).isBetween(d.lowest(), d.highest());
      assertThat(d.sample(Seeds.random(seed, i))).isEqualTo(x);
    }
  }

  @Test
  void json_hasTheDocumentedShape() throws Exception {
    assertThat(JSON.writerFor(Distribution.class).writeValueAsString(Distribution.uniform(1, 2)))
        .isEqualTo("{\"type\":\"uniform\",\"min\":1.0,\"max\":2.0}");
  }

  @Test
  void invertedOrNegativeSettings_failNamingTheSettingAndValue() {
    assertThatThrownBy(() -> Distribution.uniform(3, 1)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("uniform").hasMessageContaining("[3.0, 1.0]");
    assertThatThrownBy(() -> Distribution.normal(0, -1)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("normal.sd").hasMessageContaining("-1.0");
    assertThatThrownBy(() -> Distribution.truncatedNormal(0, 1, 2, -2)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("truncatedNormal");
    assertThatThrownBy(() -> Distribution.logUniform(0, 1)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("logUniform.min");
    assertThatThrownBy(() -> Distribution.uniform(Double.NaN, 1)).isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> JSON.readValue("{\"type\":\"uniform\",\"min\":5,\"max\":1}", Distribution.class))
        .hasRootCauseInstanceOf(InvalidSettingException.class);
  }

  @Test
  void moments_matchTheDeclaredDistributions() {
    int n = 40_000;
    double[] normal = draw(Distribution.normal(3, 2), n);
    assertThat(mean(normal)).isCloseTo(3, org.assertj.core.data.Offset.offset(0.05));
    assertThat(Math.sqrt(variance(normal))).isCloseTo(2, org.assertj.core.data.Offset.offset(0.05));
    // Normal(0,1) truncated to [0, inf-ish): the half-normal, mean sqrt(2/pi)
    double[] half = draw(Distribution.truncatedNormal(0, 1, 0, 50), n);
    assertThat(mean(half)).isCloseTo(Math.sqrt(2 / Math.PI), org.assertj.core.data.Offset.offset(0.02));
    // a range far in the tail still lands in it, with one draw
    double[] tail = draw(Distribution.truncatedNormal(0, 1, 6, 7), 1000);
    assertThat(java.util.Arrays.stream(tail).min().orElseThrow()).isGreaterThanOrEqualTo(6.0);
    assertThat(java.util.Arrays.stream(tail).max().orElseThrow()).isLessThanOrEqualTo(7.0);
    double[] logs = draw(Distribution.logUniform(1, 1000), n);
    long belowTen = java.util.Arrays.stream(logs).filter(x -> x < 10).count();
    assertThat(belowTen / (double) n).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void weightedChoice_drawsInProportion_andNeverAZeroWeight() {
    WeightedChoice c = new WeightedChoice(List.of("a", "b", "c"), List.of(3.0, 1.0, 0.0));
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(0);
    for (int i = 0; i < 40_000; i++) {
      counts[c.sampleIndex(rng)]++;
    }
    assertThat(counts[2]).isZero();
    assertThat(counts[0] / 40_000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.01));
    assertThat(c.probability(1)).isEqualTo(0.25);
  }

  @Test
  void weightedChoice_roundTripsThroughJson_andRejectsBadWeights() throws Exception {
    WeightedChoice c = new WeightedChoice(List.of("x", "y"), List.of(2.0, 5.0));
    assertThat(JSON.readValue(JSON.writeValueAsString(c), WeightedChoice.class)).isEqualTo(c);
    assertThatThrownBy(() -> new WeightedChoice(List.of("x", "y"), List.of(1.0)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("weightedChoice.weights");
    assertThatThrownBy(() -> new WeightedChoice(List.of("x"), List.of(-1.0)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> new WeightedChoice(List.of("x", "y"), List.of(0.0, 0.0)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("positive sum");
    assertThatThrownBy(() -> new WeightedChoice(List.of("x", "x"), List.of(1.0, 1.0)))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("distinct");
    assertThatThrownBy(() -> new WeightedChoice(List.of(), List.of()))
        .isInstanceOf(InvalidSettingException.class);
  }

  @Test
  void gaussianHelpers_areAccurate() {
    assertThat(Gaussian.cdf(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(Gaussian.cdf(1.959964)).isCloseTo(0.975, org.assertj.core.data.Offset.offset(1e-6));
    for (double p : new double[] {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999}) {
      assertThat(Gaussian.cdf(Gaussian.inverseCdf(p))).isCloseTo(p, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  private static double[] draw(Distribution d, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = d.sample(Seeds.random(11, i));
    }
    return out;
  }

  private static double mean(double[] x) {
    return java.util.Arrays.stream(x).average().orElseThrow();
  }

  private static double variance(double[] x) {
    double m = mean(x);
    return java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
  }
}
