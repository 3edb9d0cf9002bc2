package dev.datamgmt.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Post-hoc logit adjustment: the decision rule, the choice of tau on validation data, and bad input. */
class LogitAdjustmentTest {
  /** Logits of a model that learned the training prior: its own evidence plus log(prior). */
  private static float[] priorBiasedLogits(int[] labels, long[] counts, long seed) {
    int k = counts.length;
    double total = java.util.Arrays.stream(counts).sum();
    Random r = new Random(seed);
    float[] out = new float[labels.length * k];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < k; c++) {
        double evidence = (c == labels[i] ? 1.0 : 0.0) + 0.8 * r.nextGaussian();
        out[i * k + c] = (float) (evidence + Math.log(counts[c] / total));
      }
    }
    return out;
  }

  @Test
  void tauOne_removesTheLogPrior_exactly() {
    long[] counts = {900, 90, 10};
    LogitAdjustment adj = LogitAdjustment.of(counts, 1.0);
    assertThat(adj.offsets()).containsExactly((float) Math.log(0.9), (float) Math.log(0.09), (float) Math.log(0.01));
    // logits equal to the log prior plus a small edge for class 2: unadjusted, class 0 wins; adjusted, class 2
    float[] logits = {(float) Math.log(0.9), (float) Math.log(0.09), (float) Math.log(0.01) + 0.01f};
    assertThat(LogitAdjustment.of(counts, 0).predict(logits)).containsExactly(0);
    assertThat(adj.predict(logits)).containsExactly(2);
  }

  @Property(tries = 60)
  void predict_isTheArgMaxOfTheAdjustedLogits(@ForAll @IntRange(min = 2, max = 6) int k,
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @LongRange(min = 0, max = 1000) long seed) {
    Random r = new Random(seed);
    long[] counts = new long[k];
    for (int c = 0; c < k; c++) {
      counts[c] = 1 + r.nextInt(1000);
    }
    double tau = -0.5 + 1.5 * r.nextDouble();
    float[] logits = new float[n * k];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (3 * r.nextGaussian());
    }
    int[] p = LogitAdjustment.of(counts, tau).predict(logits);
    double total = java.util.Arrays.stream(counts).sum();
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (logits[i * k + c] - (float) (tau * Math.log(counts[c] / total))
            > logits[i * k + best] - (float) (tau * Math.log(counts[best] / total))) {
          best = c;
        }
      }
      assertThat(p[i]).isEqualTo(best);
    }
    assertThat(LogitAdjustment.of(counts, 0).predict(logits)).isEqualTo(argMax(logits, k));
  }

  private static int[] argMax(float[] logits, int k) {
    int[] out = new int[logits.length / k];
    for (int i = 0; i < out.length; i++) {
      for (int c = 1; c < k; c++) {
        if (logits[i * k + c] > logits[i * k + out[i]]) {
          out[i] = c;
        }
      }
    }
    return out;
  }

  @Property(tries = 30)
  void choose_isBestOnItsGrid_andHelpsARareClassOfAPriorBiasedModel(@ForAll @LongRange(min = 0, max = 1000) long seed)
      throws Exception {
    long[] counts = {5000, 500, 50};
    int[] labels = new int[600]; // a balanced validation set
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    float[] logits = priorBiasedLogits(labels, counts, seed);
    for (LogitAdjustment.Criterion criterion : LogitAdjustment.Criterion.values()) {
      LogitAdjustment chosen = LogitAdjustment.choose(logits, labels, counts, criterion);
      ConfusionMatrix best = chosen.evaluate(logits, labels);
      for (int k = 0; k <= 30; k++) {
        ConfusionMatrix other = LogitAdjustment.of(counts, -0.5 + 0.05 * k).evaluate(logits, labels);
        if (criterion == LogitAdjustment.Criterion.BALANCED_ACCURACY) {
          assertThat(best.balancedAccuracy()).isGreaterThanOrEqualTo(other.balancedAccuracy() - 1e-12);
        } else {
          assertThat(best.recall(best.worstRecallClass()))
              .isGreaterThanOrEqualTo(other.recall(other.worstRecallClass()) - 1e-12);
        }
      }
      // the logits carry the whole log prior, so a positive tau must help the rare class
      assertThat(chosen.tau()).isPositive();
      ConfusionMatrix plain = LogitAdjustment.of(counts, 0).evaluate(logits, labels);
      assertThat(best.recall(2)).isGreaterThan(plain.recall(2));
    }
  }

  @Test
  void apply_onTheDevice_agreesWithPredict() {
    long[] counts = {700, 200, 80, 20};
    int[] labels = {0, 1, 2, 3, 3, 2, 1, 0, 2, 3};
    float[] logits = priorBiasedLogits(labels, counts, 7);
    LogitAdjustment adj = LogitAdjustment.of(counts, 0.7);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.create(logits, new Shape(labels.length, 4));
      long[] fromDevice = adj.apply(x).argMax(1).toLongArray();
      int[] expected = adj.predict(logits);
      for (int i = 0; i < labels.length; i++) {
        assertThat(fromDevice[i]).isEqualTo(expected[i]);
      }
      assertThatThrownBy(() -> adj.apply(m.zeros(new Shape(2, 3)))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(N, 4)").hasMessageContaining("(2, 3)");
    }
  }

  @Test
  void badInput_isRefusedSayingWhatWasExpected() {
    assertThatThrownBy(() -> LogitAdjustment.of(new long[] {10, 0, 5}, 1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 1").hasMessageContaining("count 0");
    assertThatThrownBy(() -> LogitAdjustment.of(new long[] {10, 5}, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tau");
    assertThatThrownBy(() -> LogitAdjustment.of(new long[0], 1.0)).isInstanceOf(IllegalArgumentException.class);
    LogitAdjustment adj = LogitAdjustment.of(new long[] {10, 5}, 1.0);
    assertThatThrownBy(() -> adj.predict(new float[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of the 2 classes");
    assertThatThrownBy(() -> adj.evaluate(new float[4], new int[] {0, 1, 0})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 x 2 = 6");
    assertThatThrownBy(() -> adj.evaluate(new float[4], new int[] {0, 2})).isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> LogitAdjustment.choose(new float[4], new int[] {0, 1}, new long[] {10, 5},
        LogitAdjustment.Criterion.BALANCED_ACCURACY, 1.0, 0.0, 0.05)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from <= to");
    assertThatThrownBy(() -> LogitAdjustment.choose(new float[0], new int[0], new long[] {10, 5},
        LogitAdjustment.Criterion.SMALLEST_RECALL)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no validation labels");
  }
}
