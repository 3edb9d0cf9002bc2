package dev.datamgmt.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void confusionMatrix_derivesPrecisionRecallF1_andBalancedAccuracy() throws Exception {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    // class 0: 8 samples, 6 right, 2 called 1; class 1: 4 samples, 3 right, 1 called 2; class 2: 2, both called 0
    int[] y = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
    int[] p = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 0, 0};
    cm.add(y, p);
    assertThat(cm.accuracy()).isCloseTo(9 / 14.0, offset(1e-12));
    assertThat(cm.precision(0)).isCloseTo(6 / 8.0, offset(1e-12));
    assertThat(cm.recall(0)).isCloseTo(6 / 8.0, offset(1e-12));
    assertThat(cm.precision(1)).isCloseTo(3 / 5.0, offset(1e-12));
    assertThat(cm.recall(1)).isCloseTo(3 / 4.0, offset(1e-12));
    assertThat(cm.f1(1)).isCloseTo(2 * 0.6 * 0.75 / 1.35, offset(1e-12));
    assertThat(cm.precision(2)).isZero();
    assertThat(cm.f1(2)).isZero();
    assertThat(cm.balancedAccuracy()).isCloseTo((0.75 + 0.75 + 0) / 3, offset(1e-12));
    assertThat(cm.macroF1()).isCloseTo((0.75 + 2 * 0.6 * 0.75 / 1.35 + 0) / 3, offset(1e-12));
    assertThat(cm.worstRecallClass()).isEqualTo(2);
    assertThat(cm.counts()[0]).containsExactly(6, 2, 0);
    assertThat(cm.summary()).containsEntry("balancedAccuracy", "0.5000").containsEntry("samples", "14");
  }

  @Test
  void confusionMatrix_classWithoutSamples_isLeftOutOfTheAverages() throws Exception {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    cm.add(new int[] {0, 1}, new int[] {0, 2});
    assertThat(cm.recall(2)).isNaN();
    assertThat(cm.balancedAccuracy()).isCloseTo(0.5, offset(1e-12));
  }

  @Test
  void confusionMatrix_readsDjlBatches_andRejectsOutOfRangeLabels() throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ConfusionMatrix cm = new ConfusionMatrix(3);
      cm.add(m.create(new float[] {0, 2}), m.create(new float[][] {{3, 1, 0}, {0, 5, 1}}));
      assertThat(cm.counts()[2]).containsExactly(0, 1, 0);
      assertThatThrownBy(() -> cm.add(m.create(new float[] {4}), m.create(new float[][] {{3, 1, 0}})))
          .isInstanceOf(InvalidDataException.class)
          .hasMessage("true class out of range at confusion matrix: expected 0..2, found 4");
    }
  }

  @Property(tries = 100)
  void balancedAccuracy_isTheMeanRecall_andAccuracyTheDiagonalShare(
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 4) Integer> ys,
      @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
    int n = ys.size();
    int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
    int[] p = new int[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      p[i] = r.nextInt(3) == 0 ? r.nextInt(5) : y[i];
    }
    ConfusionMatrix cm = new ConfusionMatrix(5);
    cm.add(y, p);
    double sum = 0;
    int present = 0;
    int correct = 0;
    for (int c = 0; c < 5; c++) {
      int tp = 0;
      int s = 0;
      for (int i = 0; i < n; i++) {
        if (y[i] == c) {
          s++;
          tp += p[i] == c ? 1 : 0;
        }
      }
      if (s > 0) {
        sum += (double) tp / s;
        present++;
      }
      correct += tp;
    }
    assertThat(cm.balancedAccuracy()).isCloseTo(sum / present, offset(1e-12));
    assertThat(cm.accuracy()).isCloseTo((double) correct / n, offset(1e-12));
    assertThat(cm.total()).isEqualTo(n);
  }

  @Property(tries = 100)
  void thresholdForPrecision_isTheLowestThresholdReachingIt_byBruteForce(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 20) Integer> rawScores,
      @ForAll @IntRange(min = 0, max = 1000) int seed, @ForAll @IntRange(min = 0, max = 10) int target10)
      throws Exception {
    int n = rawScores.size();
    float[] s = new float[n];
    boolean[] pos = new boolean[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      s[i] = rawScores.get(i) / 20f;
      pos[i] = r.nextDouble() < s[i];
    }
    pos[0] = true;
    ThresholdMetrics t = ThresholdMetrics.of(s, pos);
    double target = target10 / 10.0;
    Double best = null;
    double bestPrecisionAtRecall = 0;
    int totalPos = 0;
    for (boolean b : pos) {
      totalPos += b ? 1 : 0;
    }
    for (float th : new TreeSet<>(rawScores.stream().map(v -> v / 20f).toList())) {
      int tp = 0;
      int predicted = 0;
      for (int i = 0; i < n; i++) {
        if (s[i] >= th) {
          predicted++;
          tp += pos[i] ? 1 : 0;
        }
      }
      double precision = (double) tp / predicted;
      double recall = (double) tp / totalPos;
      if (precision >= target && (best == null || th < best)) {
        best = (double) th;
      }
      if (recall >= target) {
        bestPrecisionAtRecall = Math.max(bestPrecisionAtRecall, precision);
      }
      assertThat(t.precisionAt(th)).isCloseTo(precision, offset(1e-12));
      assertThat(t.recallAt(th)).isCloseTo(recall, offset(1e-12));
    }
    OptionalDouble got = t.thresholdForPrecision(target);
    if (best == null) {
      assertThat(got).isEmpty();
    } else {
      assertThat(got).hasValue(best);
    }
    assertThat(t.precisionAtRecall(target)).isCloseTo(bestPrecisionAtRecall, offset(1e-12));
  }

  @Test
  void thresholdMetrics_badInput_getsClearErrors() {
    assertThatThrownBy(() -> ThresholdMetrics.of(new float[] {0.1f, Float.NaN}, new boolean[] {true, false}))
        .isInstanceOf(InvalidDataException.class).hasMessage("non-finite score at sample 1: expected a finite score, found NaN");
    assertThatThrownBy(() -> ThresholdMetrics.of(new float[] {0.1f}, new boolean[] {false}))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("no positive samples");
  }
}
