package dev.datamgmt.label.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.internal.json.Json;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement statistics against reference implementations: golden values from scikit-learn and statsmodels
 * (made by make_golden.py beside golden.json) and Krippendorff's own worked example.
 */
class AgreementTest {
  private static JsonNode golden() throws Exception {
    try (InputStream in = AgreementTest.class.getResourceAsStream("golden.json")) {
      return Json.mapper().readTree(in);
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static Stream<JsonNode> cohenCases() throws Exception {
    List<JsonNode> cases = new java.util.ArrayList<>();
    golden().get("cohen").forEach(cases::add);
    return cases.stream();
  }

  static Stream<JsonNode> fleissCases() throws Exception {
    List<JsonNode> cases = new java.util.ArrayList<>();
    golden().get("fleiss").forEach(cases::add);
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cohenCases")
  void cohenKappa_matchesScikitLearn(JsonNode c) {
    double kappa = Agreement.cohenKappa(ints(c.get("a")), ints(c.get("b")), c.get("numClasses").asInt(),
        Agreement.KappaWeights.valueOf(c.get("weights").asText()));
    assertThat(kappa).isCloseTo(c.get("kappa").asDouble(), within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("fleissCases")
  void fleissKappa_matchesStatsmodels(JsonNode c) {
    JsonNode rows = c.get("counts");
    int[][] counts = new int[rows.size()][];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = ints(rows.get(i));
    }
    assertThat(Agreement.fleissKappa(counts)).isCloseTo(c.get("kappa").asDouble(), within(1e-12));
  }

  @Test
  void goldenFile_hasTheCasesTheTestsExpect() throws Exception {
    assertThat(golden().get("cohen")).hasSize(36);
    assertThat(golden().get("fleiss")).hasSize(10);
  }

  /** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units. */
  @Test
  void krippendorffAlpha_matchesThePapersWorkedExample() {
    double n = Double.NaN;
    double[][] byObserver = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3},
        {n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n}};
    double[][] units = new double[12][4];
    for (int o = 0; o < 4; o++) {
      for (int u = 0; u < 12; u++) {
        units[u][o] = byObserver[o][u];
      }
    }
    assertThat(Agreement.krippendorffAlpha(units, Agreement.Level.NOMINAL)).isCloseTo(0.743, within(5e-4));
    assertThat(Agreement.krippendorffAlpha(units, Agreement.Level.ORDINAL)).isCloseTo(0.815, within(5e-4));
    assertThat(Agreement.krippendorffAlpha(units, Agreement.Level.INTERVAL)).isCloseTo(0.849, within(5e-4));
    assertThat(Agreement.krippendorffAlpha(units, Agreement.Level.RATIO)).isCloseTo(0.797, within(5e-4));
  }

  @Test
  void fleissKappa_withUnequalRatingsPerItem_isRefusedNamingTheItem() {
    assertThatThrownBy(() -> Agreement.fleissKappa(new int[][] {{2, 1}, {1, 1}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1 has 2 ratings");
  }

  @Test
  void cohenKappa_classOutOfRange_isRefused() {
    assertThatThrownBy(() -> Agreement.cohenKappa(new int[] {0, 3}, new int[] {0, 1}, 3,
        Agreement.KappaWeights.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a[1]");
  }

  @Property
  void cohenKappa_isSymmetric_andOneForIdenticalRaters(
      @ForAll @Size(min = 2, max = 40) List<@IntRange(min = 0, max = 3) Integer> a,
      @ForAll @Size(min = 2, max = 40) List<@IntRange(min = 0, max = 3) Integer> b) {
    int n = Math.min(a.size(), b.size());
    int[] x = a.stream().limit(n).mapToInt(Integer::intValue).toArray();
    int[] y = b.stream().limit(n).mapToInt(Integer::intValue).toArray();
    for (Agreement.KappaWeights w : Agreement.KappaWeights.values()) {
      double xy = Agreement.cohenKappa(x, y, 4, w);
      double yx = Agreement.cohenKappa(y, x, 4, w);
      if (!Double.isNaN(xy)) {
        assertThat(xy).isCloseTo(yx, within(1e-12));
      }
      boolean varied = java.util.Arrays.stream(x).distinct().count() > 1;
      if (varied) {
        assertThat(Agreement.cohenKappa(x, x, 4, w)).isCloseTo(1.0, within(1e-12));
      }
    }
  }

  @Test
  void krippendorffAlpha_ofClassRatings_withMissing_equalsNominalAlpha() {
    int m = Ratings.MISSING;
    Ratings r = Ratings.of(new int[][] {{0, 0, m}, {1, 1, 1}, {2, m, 2}, {0, 1, m}, {m, 2, 2}}, 3);
    double[][] v = {{0, 0, Double.NaN}, {1, 1, 1}, {2, Double.NaN, 2}, {0, 1, Double.NaN}, {Double.NaN, 2, 2}};
    assertThat(Agreement.krippendorffAlpha(r)).isEqualTo(Agreement.krippendorffAlpha(v, Agreement.Level.NOMINAL));
  }
}
