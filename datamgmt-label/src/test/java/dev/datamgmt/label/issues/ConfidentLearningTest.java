package dev.datamgmt.label.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfidentLearningTest {
  @Test
  void findsFlippedLabels_withPrecisionAndRecall_onASimulatedModel() {
    int n = 3_000;
    int k = 4;
    for (long seed : new long[] {1, 2, 3}) {
      Random rnd = new Random(seed);
      int[] truth = new int[n];
      int[] given = new int[n];
      double[][] p = new double[n][k];
      Set<Integer> flipped = new HashSet<>();
      for (int i = 0; i < n; i++) {
        truth[i] = rnd.nextInt(k);
        // an imperfect model: the true class's logit is higher on average, with noise
        double[] logit = new double[k];
        double z = 0;
        for (int j = 0; j < k; j++) {
          logit[j] = rnd.nextGaussian() + (j == truth[i] ? 2.5 : 0);
          z += Math.exp(logit[j]);
        }
        for (int j = 0; j < k; j++) {
          p[i][j] = Math.exp(logit[j]) / z;
        }
        given[i] = truth[i];
        if (rnd.nextDouble() < 0.1) {
          given[i] = (truth[i] + 1 + rnd.nextInt(k - 1)) % k;
          flipped.add(i);
        }
      }
      ConfidentLearning.Result r = ConfidentLearning.find(p, given);
      int hits = 0;
      for (ConfidentLearning.Issue issue : r.issues()) {
        hits += flipped.contains(issue.index()) ? 1 : 0;
      }
      double precision = hits / (double) r.issues().size();
      double recall = hits / (double) flipped.size();
      assertThat(precision).as("seed %d precision", seed).isGreaterThanOrEqualTo(0.7);
      assertThat(recall).as("seed %d recall", seed).isGreaterThanOrEqualTo(0.6);
      for (int i = 1; i < r.issues().size(); i++) {
        assertThat(r.issues().get(i).selfConfidence()).isGreaterThanOrEqualTo(r.issues().get(i - 1).selfConfidence());
      }
      for (int c = 0; c < k; c++) {
        double row = 0;
        for (double v : r.confidentJoint()[c]) {
          row += v;
        }
        int labeled = 0;
        for (int g : given) {
          labeled += g == c ? 1 : 0;
        }
        assertThat(row).as("calibrated row %d", c).isCloseTo(labeled, within(1e-9));
      }
    }
  }

  @Test
  void smallCase_thresholdsAndTheOneObviousIssue() {
    double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.1, 0.9}, {0.2, 0.8}, {0.95, 0.05}};
    int[] given = {0, 0, 1, 1, 1}; // the last is labeled 1 but the model is sure it is 0
    ConfidentLearning.Result r = ConfidentLearning.find(p, given);
    assertThat(r.thresholds()[0]).isCloseTo(0.85, within(1e-12));
    assertThat(r.thresholds()[1]).isCloseTo((0.9 + 0.8 + 0.05) / 3, within(1e-12));
    assertThat(r.issues()).containsExactly(new ConfidentLearning.Issue(4, 1, 0, 0.05));
  }

  @Test
  void badInput_isRefused() {
    assertThatThrownBy(() -> ConfidentLearning.find(new double[][] {{0.5, 0.5}}, new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label of record 0");
    assertThatThrownBy(() -> ConfidentLearning.find(new double[][] {{0.5, 0.5}}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no record is labeled 1");
  }
}
