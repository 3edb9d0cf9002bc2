package dev.datamgmt.label.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ActiveLearningTest {
  @Test
  void uncertaintyMeasures_onAKnownDistribution() {
    double[] p = {0.5, 0.3, 0.2};
    assertThat(Uncertainty.LEAST_CONFIDENCE.score(p)).isCloseTo(0.5, within(1e-12));
    assertThat(Uncertainty.MARGIN.score(p)).isCloseTo(0.8, within(1e-12));
    assertThat(Uncertainty.ENTROPY.score(p))
        .isCloseTo(-(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2)), within(1e-12));
    assertThat(Uncertainty.MARGIN.score(new double[] {1, 0})).isZero();
    assertThatThrownBy(() -> Uncertainty.MARGIN.score(new double[] {0.5, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void select_picksTheMostUncertainFirst() {
    Map<String, double[]> probs = Map.of(
        "sure", new double[] {0.99, 0.01},
        "coin", new double[] {0.5, 0.5},
        "lean", new double[] {0.7, 0.3},
        "mild", new double[] {0.6, 0.4});
    for (Uncertainty u : Uncertainty.values()) {
      assertThat(ActiveLearning.uncertainty(u).setBatchSize(3).build().select(probs))
          .containsExactly("coin", "mild", "lean");
    }
  }

  @Property(tries = 50)
  void select_isSeededPureFunction_ofTheInput(@ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 1, max = 20) int k, @ForAll long seed) {
    Random rnd = new Random(n * 31L + k);
    List<String> ids = new ArrayList<>();
    Map<String, double[]> probs = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double a = Math.round(rnd.nextDouble() * 4) / 4.0; // coarse: many ties
      probs.put("id" + i, new double[] {a, 1 - a});
      ids.add("id" + i);
    }
    Collections.shuffle(ids, rnd);
    Map<String, double[]> shuffled = new HashMap<>();
    ids.forEach(id -> shuffled.put(id, probs.get(id)));

    var selector = ActiveLearning.uncertainty(Uncertainty.ENTROPY).setBatchSize(k).optSeed(seed).build();
    List<String> a = selector.select(probs);
    List<String> b = selector.select(shuffled);

    assertThat(a).isEqualTo(b).hasSize(Math.min(k, n)).doesNotHaveDuplicates();
    for (int i = 1; i < a.size(); i++) {
      assertThat(Uncertainty.ENTROPY.score(probs.get(a.get(i))))
          .isLessThanOrEqualTo(Uncertainty.ENTROPY.score(probs.get(a.get(i - 1))));
    }
  }

  @Test
  void coreSet_picksTheFarthestPointEachTime() {
    Map<String, float[]> labeled = Map.of("l", new float[] {0});
    Map<String, float[]> pool = Map.of("a", new float[] {1}, "b", new float[] {2}, "c", new float[] {10},
        "d", new float[] {11});
    assertThat(ActiveLearning.coreSet().setBatchSize(3).build().select(labeled, pool))
        .containsExactly("d", "b", "a");
    assertThat(ActiveLearning.coreSet().setBatchSize(9).build().select(Map.of(), pool)).hasSize(4)
        .startsWith("a", "d");
  }

  @Test
  void builders_requireTheBatchSize() {
    assertThatThrownBy(() -> ActiveLearning.uncertainty(Uncertainty.MARGIN).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> ActiveLearning.coreSet().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("batchSize");
  }

  @Test
  void thresholdForPrecision_isTheLowestThatReachesTheTarget() {
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5};
    boolean[] pos = {true, true, false, true, false};
    Thresholds.Choice c = Thresholds.forPrecision(scores, pos, 0.75).orElseThrow();
    assertThat(c.threshold()).isEqualTo(0.6);
    assertThat(c.precision()).isEqualTo(0.75);
    assertThat(c.recall()).isEqualTo(1.0);
    Thresholds.Choice strict = Thresholds.forPrecision(scores, pos, 1.0).orElseThrow();
    assertThat(strict.threshold()).isEqualTo(0.8);
    assertThat(strict.recall()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(Thresholds.forPrecision(new double[] {0.9, 0.1}, new boolean[] {false, true}, 0.9)).isEmpty();
  }

  @Test
  void thresholdForPrecision_keepsTiedScoresTogether() {
    // a tie at 0.8 with one negative: 0.8 cannot be chosen for precision 1
    Thresholds.Choice c = Thresholds.forPrecision(new double[] {0.9, 0.8, 0.8}, new boolean[] {true, true, false},
        1.0).orElseThrow();
    assertThat(c.threshold()).isEqualTo(0.9);
  }

  @Test
  void uncertainAndDiverse_picksSpreadOutCasesAmongTheUncertain() {
    // four uncertain records, two of them near-copies; one sure record far away
    Map<String, double[]> probs = Map.of(
        "u1", new double[] {0.5, 0.5}, "u1-copy", new double[] {0.5, 0.5},
        "u2", new double[] {0.55, 0.45}, "u3", new double[] {0.6, 0.4}, "sure", new double[] {0.99, 0.01});
    Map<String, float[]> emb = Map.of("u1", new float[] {0, 0}, "u1-copy", new float[] {0.01f, 0},
        "u2", new float[] {5, 0}, "u3", new float[] {0, 5}, "sure", new float[] {100, 100});
    List<String> pick = ActiveLearning.uncertainAndDiverse(Uncertainty.MARGIN).setBatchSize(2).optCandidateFactor(2)
        .build().select(probs, Map.of("seen", new float[] {0, 0}), emb);
    // candidates: u1, u1-copy, u2, u3 (top 4); the diverse two are u2 and u3, not the copies nor the sure one
    assertThat(pick).containsExactlyInAnyOrder("u2", "u3");
  }

  @Test
  void pseudoLabels_keepOnlyConfidentRecords() {
    Map<String, Integer> p = ActiveLearning.pseudoLabels(Map.of("a", new double[] {0.97, 0.03},
        "b", new double[] {0.6, 0.4}, "c", new double[] {0.01, 0.99}), 0.95);
    assertThat(p).containsExactly(Map.entry("a", 0), Map.entry("c", 1));
  }
}
