package dev.datamgmt.label.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Majority vote and Dawid–Skene on simulated annotators of known quality. */
class ConsensusTest {
  static final int ITEMS = 2_000;
  static final int CLASSES = 4;
  // two careful annotators and five careless ones: majority vote follows the careless majority
  static final double[] ACCURACY = {0.92, 0.88, 0.45, 0.42, 0.40, 0.38, 0.35};

  /** Each annotator labels each item with probability 0.8; wrong labels are uniform over the other classes. */
  static int[] simulate(long seed, int[][] out) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] truth = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      // unbalanced classes: 0 is common
      double u = rnd.nextDouble();
      truth[i] = u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
      out[i] = new int[ACCURACY.length];
      for (int r = 0; r < ACCURACY.length; r++) {
        if (rnd.nextDouble() >= 0.8) {
          out[i][r] = Ratings.MISSING;
        } else if (rnd.nextDouble() < ACCURACY[r]) {
          out[i][r] = truth[i];
        } else {
          int wrong = rnd.nextInt(CLASSES - 1);
          out[i][r] = wrong >= truth[i] ? wrong + 1 : wrong;
        }
      }
    }
    return truth;
  }

  static double accuracy(int[] predicted, int[] truth) {
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      right += predicted[i] == truth[i] ? 1 : 0;
    }
    return right / (double) truth.length;
  }

  @Test
  void dawidSkene_recoversAnnotatorAccuracies_andBeatsMajorityVote() {
    for (long seed : new long[] {1, 2, 3}) {
      int[][] m = new int[ITEMS][];
      int[] truth = simulate(seed, m);
      Ratings ratings = Ratings.of(m, CLASSES);

      ConsensusResult mv = Consensus.majorityVote(ratings);
      ConsensusResult ds = Consensus.dawidSkene(ratings).build().fit();

      double mvAcc = accuracy(mv.labels(), truth);
      double dsAcc = accuracy(ds.labels(), truth);
      assertThat(dsAcc).as("seed %d: DS %.3f vs MV %.3f", seed, dsAcc, mvAcc).isGreaterThan(mvAcc + 0.05);
      for (int r = 0; r < ACCURACY.length; r++) {
        assertThat(ds.estimatedAccuracy(r)).as("seed %d, annotator %d", seed, r)
            .isCloseTo(ACCURACY[r], within(0.05));
      }
      assertThat(ds.iterations()).as("converged before the limit").isLessThan(500);
    }
  }

  @Test
  void dawidSkene_isDeterministic() {
    int[][] m = new int[ITEMS][];
    simulate(7, m);
    Ratings ratings = Ratings.of(m, CLASSES);
    ConsensusResult a = Consensus.dawidSkene(ratings).build().fit();
    ConsensusResult b = Consensus.dawidSkene(ratings).build().fit();
    assertThat(a.labels()).isEqualTo(b.labels());
    assertThat(a.posterior(5)).isEqualTo(b.posterior(5));
  }

  @Test
  void majorityVote_breaksTiesToTheLowestClass_andMarksUnratedItems() {
    int m = Ratings.MISSING;
    Ratings r = Ratings.of(new int[][] {{2, 1}, {2, 2}, {m, m}, {0, 2, }}, 3);
    ConsensusResult mv = Consensus.majorityVote(r);
    assertThat(mv.labels()).containsExactly(1, 2, Ratings.MISSING, 0);
    assertThat(mv.confidence(0)).isEqualTo(0.5);
    assertThat(mv.confidence(2)).isZero();
    assertThat(mv.confusion(0)).isEmpty();
  }

  @Test
  void goldStandard_scoresEachAnnotatorOnTheGoldItemsOnly() {
    int m = Ratings.MISSING;
    Ratings r = Ratings.of(java.util.List.of("a", "b", "c", "d"), java.util.List.of("alice", "bob"),
        new int[][] {{0, 1}, {1, 1}, {2, m}, {0, 0}}, 3);
    var scores = GoldStandard.evaluate(r, java.util.Map.of("a", 0, "b", 1, "c", 2, "zzz", 1));
    assertThat(scores.get(0).annotator()).isEqualTo("alice");
    assertThat(scores.get(0).rated()).isEqualTo(3);
    assertThat(scores.get(0).accuracy()).isEqualTo(1.0);
    assertThat(scores.get(1).rated()).isEqualTo(2);
    assertThat(scores.get(1).accuracy()).isEqualTo(0.5);
    assertThat(scores.get(1).confusion()[0][1]).isEqualTo(1);
  }
}
