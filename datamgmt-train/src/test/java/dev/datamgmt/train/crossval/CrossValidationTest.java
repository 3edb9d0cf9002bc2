package dev.datamgmt.train.crossval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.sampler.Samplers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** K-fold out-of-sample probabilities on three Gaussian blobs of 200, 60 and 20 points. */
class CrossValidationTest {

  static float[][] blobs(int[] y) {
    SplittableRandom r = new SplittableRandom(5);
    float[][] centers = {{0, 0}, {3, 0}, {0, 3}};
    float[][] x = new float[y.length][];
    for (int i = 0; i < y.length; i++) {
      x[i] = new float[] {centers[y[i]][0] + (float) r.nextGaussian() * 0.6f,
          centers[y[i]][1] + (float) r.nextGaussian() * 0.6f};
    }
    return x;
  }

  static int[] labels() {
    int[] y = new int[280];
    Arrays.fill(y, 200, 260, 1);
    Arrays.fill(y, 260, 280, 2);
    return y;
  }

  static Model mlp() {
    Model m = Model.newInstance("mlp", "PyTorch");
    m.setBlock(new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(3).build()));
    return m;
  }

  @Test
  void run_givesEveryRecordProbabilitiesFromAModelThatNeverSawIt() throws Exception {
    int[] y = labels();
    int folds = 4;
    List<Set<Long>> seen = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      seen.add(new HashSet<>());
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      OutOfSample oos = CrossValidation.builder().setFeatures(manager.create(blobs(y))).setLabels(y)
          .setNumClasses(3).setFolds(folds).optSeed(7).setModelFactory(k -> mlp())
          .setLoop((fold, loop) -> loop.setInputShape(new Shape(1, 2)).setLoss(Losses.crossEntropy().build())
              .setEpochs(4).optInitSeed(fold.index())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.02f)).build(), "adam(lr=0.02)")
              .optSampler(Samplers.random(32, fold.index()))
              // every row the fold's model trains on, mapped back to its record
              .optBatchTransform((data, epoch, rows) -> {
                for (long r : rows) {
                  seen.get(fold.index()).add(fold.trainIndices()[(int) r]);
                }
                return data;
              }))
          .build().run();

      assertThat(oos.size()).isEqualTo(y.length);
      assertThat(oos.reports()).hasSize(folds);
      int[] heldOutPerFold = new int[folds];
      int correct = 0;
      for (int i = 0; i < y.length; i++) {
        int k = oos.fold(i);
        heldOutPerFold[k]++;
        assertThat(seen.get(k)).as("record %d, predicted by fold %d", i, k).doesNotContain((long) i);
        float[] p = oos.probabilities(i);
        assertThat(p).hasSize(3);
        double sum = 0;
        int arg = 0;
        for (int c = 0; c < 3; c++) {
          sum += p[c];
          arg = p[c] > p[arg] ? c : arg;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        correct += arg == y[i] ? 1 : 0;
      }
      // each fold trained on exactly the other folds' records, so the check above is not vacuous
      for (int k = 0; k < folds; k++) {
        int fk = k;
        assertThat(seen.get(k)).hasSize(y.length - heldOutPerFold[k])
            .allMatch(i -> oos.fold((int) (long) i) != fk);
      }
      assertThat(heldOutPerFold).containsExactly(70, 70, 70, 70);
      assertThat(correct).as("out-of-sample accuracy on separable blobs").isGreaterThan(y.length * 8 / 10);
    }
  }

  @Test
  void build_rejectsMissingAndInvalidSettings() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      assertThatThrownBy(() -> CrossValidation.builder().setLabels(new int[4]).build())
          .isInstanceOf(IllegalStateException.class).hasMessage("features was not set: call setFeatures(NDArray)");
      assertThatThrownBy(() -> CrossValidation.builder().setFeatures(manager.zeros(new Shape(4, 2)))
          .setLabels(new int[3]).setNumClasses(2).setFolds(2).setModelFactory(k -> mlp()).setLoop((f, l) -> { })
          .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("features and labels differ in length: (4, 2) vs 3 labels");
    }
  }

  @Test
  void folds_rejectALabelOutOfRange_namingTheRecord() {
    assertThatThrownBy(() -> StratifiedFolds.assign(new int[] {0, 1, 3, 0}, 2, 2, 1))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("class label out of range at record 2: expected an integer class in 0..1, found 3");
  }

  @Property(tries = 200)
  void folds_areStratifiedBalancedAndDeterministic(@ForAll @Size(min = 2, max = 300) List<@IntRange(max = 4) Integer>
      labelList, @ForAll @IntRange(min = 2, max = 7) int folds, @ForAll long seed) throws Exception {
    if (labelList.size() < folds) {
      return;
    }
    int[] y = labelList.stream().mapToInt(Integer::intValue).toArray();
    int[] fold = StratifiedFolds.assign(y, 5, folds, seed);
    assertThat(StratifiedFolds.assign(y, 5, folds, seed)).containsExactly(fold);
    int[] size = new int[folds];
    int[][] perClass = new int[5][folds];
    for (int i = 0; i < y.length; i++) {
      assertThat(fold[i]).isBetween(0, folds - 1);
      size[fold[i]]++;
      perClass[y[i]][fold[i]]++;
    }
    assertThat(Arrays.stream(size).max().getAsInt() - Arrays.stream(size).min().getAsInt()).isLessThanOrEqualTo(1);
    for (int[] c : perClass) {
      assertThat(Arrays.stream(c).max().getAsInt() - Arrays.stream(c).min().getAsInt()).isLessThanOrEqualTo(1);
    }
  }
}
