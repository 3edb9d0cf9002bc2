package dev.datamgmt.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.Samplers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Weight averaging in the loop, on {@link TrainingLoopTest}'s three blobs (500 samples, 16 batches an epoch). */
class WeightAveragingTest {
  private final TrainingLoopTest fixture = new TrainingLoopTest();

  @BeforeEach
  void data() {
    fixture.data();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  /** Records the block's weights after every optimizer step (listeners run after the step). */
  static final class StepWeights implements TrainingLoopListener {
    final Model model;
    final List<float[]> weights = new ArrayList<>();
    final List<Integer> epochs = new ArrayList<>();

    StepWeights(Model model) {
      this.model = model;
    }

    @Override
    public void onBatch(BatchEvent event) {
      weights.add(TrainingLoopTest.weights(model));
      epochs.add(event.epoch());
    }
  }

  TrainingLoop.Builder loop(Model model, int epochs, StepWeights steps) throws Exception {
    return fixture.loop(model, epochs).optSampler(Samplers.classBalanced(fixture.y(), 3).setBatchSize(32).optSeed(2)
        .build()).addListener(steps);
  }

  @Test
  void ema_leavesTheBiasCorrectedMovingAverageOfTheStepWeightsInTheModel() throws Exception {
    double decay = 0.9;
    try (Model model = TrainingLoopTest.model()) {
      StepWeights steps = new StepWeights(model);
      TrainingReport report = loop(model, 2, steps).optWeightAveraging(WeightAveraging.ema(decay)).build().fit();
      assertThat(steps.weights).hasSize(32);
      int n = steps.weights.get(0).length;
      double[] expected = new double[n];
      double norm = 0;
      for (int t = 0; t < steps.weights.size(); t++) {
        double w = Math.pow(decay, steps.weights.size() - 1 - t) * (1 - decay);
        norm += w;
        for (int i = 0; i < n; i++) {
          expected[i] += w * steps.weights.get(t)[i];
        }
      }
      float[] actual = TrainingLoopTest.weights(model);
      float[] last = steps.weights.get(steps.weights.size() - 1);
      for (int i = 0; i < n; i++) {
        assertThat((double) actual[i]).as("parameter value %d", i).isCloseTo(expected[i] / norm, within(1e-5));
      }
      assertThat(actual).as("the average, not the last step's weights").isNotEqualTo(last);
      assertThat(report.provenance().steps().get(1).settings()).containsEntry("weightAveraging", "ema(decay=0.9)");
    }
  }

  @Test
  void uniform_averagesOnlyTheStepsFromItsEpochOn() throws Exception {
    try (Model model = TrainingLoopTest.model()) {
      StepWeights steps = new StepWeights(model);
      loop(model, 3, steps).optWeightAveraging(WeightAveraging.uniform(2)).build().fit();
      int n = steps.weights.get(0).length;
      double[] mean = new double[n];
      int count = 0;
      for (int t = 0; t < steps.weights.size(); t++) {
        if (steps.epochs.get(t) >= 2) {
          count++;
          for (int i = 0; i < n; i++) {
            mean[i] += steps.weights.get(t)[i];
          }
        }
      }
      assertThat(count).isEqualTo(16);
      float[] actual = TrainingLoopTest.weights(model);
      for (int i = 0; i < n; i++) {
        assertThat((double) actual[i]).isCloseTo(mean[i] / count, within(1e-5));
      }
    }
  }

  @Test
  void validation_evaluatesTheAverage_andTrainingContinuesFromTheTrainedWeights() throws Exception {
    float[] withoutValidation;
    try (Model model = TrainingLoopTest.model()) {
      loop(model, 3, new StepWeights(model)).optWeightAveraging(WeightAveraging.ema(0.95)).build().fit();
      withoutValidation = TrainingLoopTest.weights(model);
    }
    try (Model model = TrainingLoopTest.model()) {
      StepWeights steps = new StepWeights(model);
      TrainingReport report = loop(model, 3, steps).optWeightAveraging(WeightAveraging.ema(0.95))
          .optValidationData(fixture.dataset(fixture.x(), fixture.y())).build().fit();
      // swapping the average in for validation and back out did not disturb the trajectory
      assertThat(TrainingLoopTest.weights(model)).containsExactly(withoutValidation);
      // the last validation scored the weights the model now holds
      ConfusionMatrix last = report.finalValidation().orElseThrow();
      ConfusionMatrix now = evaluate(model);
      assertThat(now.counts()).isDeepEqualTo(last.counts());
    }
  }

  ConfusionMatrix evaluate(Model model) throws Exception {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    try (ai.djl.ndarray.NDManager m = model.getNDManager().newSubManager()) {
      ai.djl.ndarray.NDArray out = model.getBlock().forward(new ai.djl.training.ParameterStore(m, false),
          new ai.djl.ndarray.NDList(m.create(fixture.x())), false).head();
      cm.add(fixture.y(), out.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray());
    }
    return cm;
  }

  @Test
  void averaging_leavesNoArraysBehindPerBatch() throws Exception {
    int[] managed = new int[2];
    int[] epochs = {1, 4};
    for (int k = 0; k < 2; k++) {
      try (Model model = TrainingLoopTest.model()) {
        loop(model, epochs[k], new StepWeights(model)).optWeightAveraging(WeightAveraging.ema(0.99))
            .optValidationData(fixture.dataset(fixture.x(), fixture.y())).build().fit();
        managed[k] = model.getNDManager().getManagedArrays().size();
      }
    }
    assertThat(managed[1]).as("arrays after 4 epochs vs 1: %s", Arrays.toString(managed)).isEqualTo(managed[0]);
  }

  @Test
  void settings_outOfRange_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> WeightAveraging.ema(1.0)).hasMessage("ema decay must be in (0, 1): 1.0");
    assertThatThrownBy(() -> WeightAveraging.ema(0)).hasMessage("ema decay must be in (0, 1): 0.0");
    assertThatThrownBy(() -> WeightAveraging.ema(Double.NaN)).hasMessage("ema decay must be in (0, 1): NaN");
    assertThatThrownBy(() -> WeightAveraging.uniform(-1)).hasMessage("uniform averaging fromEpoch must be >= 0: -1");
    try (Model model = TrainingLoopTest.model()) {
      assertThatThrownBy(() -> fixture.loop(model, 2).optWeightAveraging(WeightAveraging.uniform(2)).build())
          .hasMessage("weightAveraging uniform(fromEpoch=2) starts after the last of 2 epochs: nothing would be averaged");
    }
  }

  /** The loop's update {@code avg += k_t (w_t - avg)} is the bias-corrected EMA written out as a weighted sum. */
  @Property(tries = 200)
  void emaUpdate_equalsTheExplicitWeightedMean(@ForAll @DoubleRange(min = 0.01, max = 0.999) @net.jqwik.api.constraints.Scale(4) double decay,
      @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -10, max = 10) Double> values) {
    WeightAveraging ema = WeightAveraging.ema(decay);
    double avg = 0;
    for (int t = 1; t <= values.size(); t++) {
      avg += ema.newWeight(t) * (values.get(t - 1) - avg);
    }
    double sum = 0;
    double norm = 0;
    for (int t = 0; t < values.size(); t++) {
      double w = Math.pow(decay, values.size() - 1 - t);
      sum += w * values.get(t);
      norm += w;
    }
    assertThat(avg).isCloseTo(sum / norm, within(1e-9 * (1 + Math.abs(sum / norm))));
  }

  @Property(tries = 50)
  void uniformUpdate_equalsTheMean(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -10, max = 10) Double> values,
      @ForAll @IntRange(min = 0, max = 5) int fromEpoch) {
    WeightAveraging u = WeightAveraging.uniform(fromEpoch);
    double avg = 0;
    for (int t = 1; t <= values.size(); t++) {
      avg += u.newWeight(t) * (values.get(t - 1) - avg);
    }
    assertThat(avg).isCloseTo(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
  }
}
