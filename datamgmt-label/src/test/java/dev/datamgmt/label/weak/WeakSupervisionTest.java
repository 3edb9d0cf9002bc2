package dev.datamgmt.label.weak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.label.qa.Consensus;
import dev.datamgmt.label.qa.Ratings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Labeling functions on simulated items with known truth: the label model beats majority vote. */
class WeakSupervisionTest {
  record Item(String id, int truth, long seed) {}

  /** A function that votes with probability {@code coverage}, right with probability {@code accuracy}. */
  static LabelingFunction<Item> simulated(String name, double coverage, double accuracy, int k, int salt) {
    return LabelingFunction.of(name, item -> {
      SplittableRandom r = new SplittableRandom(item.seed() * 1_000_003L + salt);
      if (r.nextDouble() >= coverage) {
        return LabelingFunction.ABSTAIN;
      }
      if (r.nextDouble() < accuracy) {
        return item.truth();
      }
      int w = r.nextInt(k - 1);
      return w >= item.truth() ? w + 1 : w;
    });
  }

  static final double[] ACCURACY = {0.95, 0.9, 0.45, 0.42, 0.4, 0.4};

  static List<LabelingFunction<Item>> functions(int k) {
    List<LabelingFunction<Item>> out = new ArrayList<>();
    for (int j = 0; j < ACCURACY.length; j++) {
      out.add(simulated("lf" + j, 0.7, ACCURACY[j], k, j));
    }
    return out;
  }

  static List<Item> items(int n, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Item("i" + i, r.nextInt(k), r.nextLong()));
    }
    return out;
  }

  @Test
  void labelModel_estimatesAccuracies_andBeatsMajorityVote() {
    int k = 3;
    for (long seed : new long[] {11, 12, 13}) {
      List<Item> items = items(3_000, k, seed);
      Ratings votes = WeakSupervision.apply(functions(k), items, Item::id, k);

      LabelModel.Fit fit = WeakSupervision.labelModel().build().fit(votes);
      int[] mv = Consensus.majorityVote(votes).labels();

      int lmRight = 0;
      int mvRight = 0;
      int voted = 0;
      for (int i = 0; i < items.size(); i++) {
        if (fit.label(i) == Ratings.MISSING) {
          continue;
        }
        voted++;
        lmRight += fit.label(i) == items.get(i).truth() ? 1 : 0;
        mvRight += mv[i] == items.get(i).truth() ? 1 : 0;
      }
      double lm = lmRight / (double) voted;
      double mvAcc = mvRight / (double) voted;
      assertThat(lm).as("seed %d: label model %.3f vs majority %.3f", seed, lm, mvAcc).isGreaterThan(mvAcc + 0.03);
      for (int j = 0; j < ACCURACY.length; j++) {
        assertThat(fit.accuracy(j)).as("seed %d, lf%d", seed, j).isCloseTo(ACCURACY[j], within(0.05));
      }
      double[] p = fit.probabilities(0);
      assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void summary_reportsCoverageOverlapsConflictsAndGoldAccuracy() {
    int m = Ratings.MISSING;
    Ratings votes = Ratings.of(List.of("a", "b", "c", "d"), List.of("f", "g"),
        new int[][] {{1, 1}, {0, 1}, {0, m}, {m, m}}, 2);
    List<WeakSupervision.Summary> s = WeakSupervision.summarize(votes, Map.of("a", 1, "b", 1, "c", 1));
    assertThat(s.get(0).name()).isEqualTo("f");
    assertThat(s.get(0).coverage()).isEqualTo(0.75);
    assertThat(s.get(0).overlaps()).isEqualTo(0.5);
    assertThat(s.get(0).conflicts()).isEqualTo(0.25);
    assertThat(s.get(0).goldVotes()).isEqualTo(3);
    assertThat(s.get(0).empiricalAccuracy()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(s.get(1).coverage()).isEqualTo(0.5);
    assertThat(s.get(1).empiricalAccuracy()).isEqualTo(1.0);
    assertThat(WeakSupervision.summarize(votes, Map.of()).get(0).empiricalAccuracy()).isNaN();
  }

  @Test
  void apply_rejectsAnOutOfRangeVote_namingFunctionAndItem() {
    LabelingFunction<Item> bad = LabelingFunction.of("bad", it -> 7);
    assertThatThrownBy(() -> WeakSupervision.apply(List.of(bad), items(2, 2, 1), Item::id, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad voted 7 on item i0");
    LabelingFunction<Item> a = LabelingFunction.of("same", it -> 0);
    assertThatThrownBy(() -> WeakSupervision.apply(List.of(a, a), items(2, 2, 1), Item::id, 2))
        .hasMessageContaining("named same");
  }
}
