package dev.datamgmt.train.selfsup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.NtXentLoss;
import dev.datamgmt.train.sampler.Samplers;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Two-view batches: per-view seeds from (seed, epoch, index, view), batch independence, and SimCLR in a DJL loop. */
class ViewBatchesTest {
  static final Pipeline PIPELINE = Pipeline.builder().setSeed(7).add(ImageOps.horizontalFlip(0.5))
      .add(ImageOps.shift(0.2)).add(ImageOps.brightness(0.6, 1.4)).build();

  static float[] images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 8 * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  @Test
  void views_comeFromPerViewSeeds_andDoNotDependOnTheBatch() throws Exception {
    ViewBatches views = ViewBatches.of(PIPELINE, 2);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray batch = m.create(images(3, 1), new Shape(3, 1, 8, 8));
      long[] indices = {3, 5, 9};
      NDArray both = views.apply(batch, 4, indices);
      assertThat(both.getShape()).isEqualTo(new Shape(6, 1, 8, 8));
      for (int v = 0; v < 2; v++) {
        DeviceAugmenter alone = DeviceAugmenter.of(PIPELINE.withSeed(Seeds.derive(7, v)));
        for (int i = 0; i < 3; i++) {
          // sample i alone, in a batch of one: the same view
          float[] single = alone.apply(batch.get(i).expandDims(0), 4, new long[] {indices[i]}).toFloatArray();
          assertThat(both.get(v * 3 + i).toFloatArray()).as("view %d of sample %d", v, indices[i])
              .containsExactly(single);
        }
      }
      // the two views of a sample differ (independent draws), and differ from the raw image
      float[] v0 = both.get(0).toFloatArray();
      float[] v1 = both.get(3).toFloatArray();
      assertThat(v0).isNotEqualTo(v1);
      assertThat(v0).isNotEqualTo(batch.get(0).toFloatArray());
    }
  }

  @Property(tries = 15)
  void views_areAFunctionOfSeedEpochIndexAndView(@ForAll long seed, @ForAll @IntRange(max = 1000) int epoch,
      @ForAll @IntRange(min = 2, max = 3) int viewCount) throws Exception {
    ViewBatches views = ViewBatches.of(PIPELINE.withSeed(seed), viewCount);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray batch = m.create(images(4, seed), new Shape(4, 1, 8, 8));
      long[] indices = {11, 2, 7, 40};
      float[] a = views.apply(batch, epoch, indices).toFloatArray();
      float[] b = ViewBatches.of(PIPELINE.withSeed(seed), viewCount).apply(batch, epoch, indices).toFloatArray();
      assertThat(b).containsExactly(a);
      // the same samples in another order give the same views, permuted
      NDArray reversed = m.create(new int[] {3, 2, 1, 0}).toType(ai.djl.ndarray.types.DataType.INT64, false);
      float[] c = views.apply(batch.get(reversed), epoch, new long[] {40, 7, 2, 11}).toFloatArray();
      int per = 64;
      for (int v = 0; v < viewCount; v++) {
        for (int i = 0; i < 4; i++) {
          int j = 3 - i;
          assertThat(Arrays.copyOfRange(c, (v * 4 + j) * per, (v * 4 + j + 1) * per))
              .containsExactly(Arrays.copyOfRange(a, (v * 4 + i) * per, (v * 4 + i + 1) * per));
        }
      }
    }
  }

  @Test
  void views_withNtXent_trainAnEncoderInADjlLoopOfOurOwn() throws Exception {
    // mild views of noise images, so that 40 steps can learn them: brightness and a small shift
    ViewBatches views = ViewBatches.of(Pipeline.builder().setSeed(3).add(ImageOps.brightness(0.8, 1.2))
        .add(ImageOps.shift(0.05)).build(), 2);
    NtXentLoss loss = Losses.ntXent().optTemperature(0.2f).build();
    try (NDManager m = NDManager.newBaseManager("PyTorch"); Model model = Model.newInstance("encoder", "PyTorch")) {
      model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(32).build())
          .add(Activation::relu).add(Linear.builder().setUnits(8).build()));
      NDArray batch = m.create(images(16, 3), new Shape(16, 1, 8, 8));
      long[] indices = new long[16];
      Arrays.setAll(indices, i -> i);
      float first = Float.NaN;
      float last = Float.NaN;
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build()))) {
        trainer.initialize(new Shape(2, 1, 8, 8));
        for (int epoch = 0; epoch < 40; epoch++) {
          try (NDManager step = m.newSubManager()) {
            NDArray both = views.apply(batch, epoch, indices);
            both.attach(step);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray z = trainer.forward(new NDList(both)).head();
              NDArray value = loss.evaluate(new NDList(), new NDList(z));
              gc.backward(value);
              last = value.getFloat();
              first = epoch == 0 ? last : first;
            }
            trainer.step();
          }
        }
      }
      assertThat(last).isFinite().isLessThan(first * 0.8f);
    }
  }

  @Test
  void of_rejectsFewerThanTwoViews() {
    assertThatThrownBy(() -> ViewBatches.of(PIPELINE, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("views must be >= 2: 1");
  }

  @Test
  void views_withNtXent_trainAnEncoderWithTheTrainingLoop_onUnlabeledArrays() throws Exception {
    try (NDManager m = NDManager.newBaseManager("PyTorch"); Model model = Model.newInstance("encoder", "PyTorch")) {
      model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(32).build())
          .add(Activation::relu).add(Linear.builder().setUnits(8).build()));
      ViewBatches views = ViewBatches.of(Pipeline.builder().setSeed(3).add(ImageOps.brightness(0.8, 1.2))
          .add(ImageOps.shift(0.05)).build(), 2);
      TrainingReport report = TrainingLoop.builder().setModel(model).optUnlabeled()
          .setTrainingData(m.create(images(64, 9), new Shape(64, 1, 8, 8)), null)
          .setInputShape(new Shape(2, 1, 8, 8)).setLoss(Losses.ntXent().optTemperature(0.2f).build()).setEpochs(12)
          .optSampler(Samplers.random(16, 2)).optBatchTransform(views.asBatchTransform()).optCodeCommit("test")
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build(), "adam(lr=0.01)")
          .build().fit();
      double first = report.history().get(0).trainLoss();
      double last = report.history().get(11).trainLoss();
      assertThat(last).isFinite().isLessThan(first * 0.8);
      assertThat(report.provenance().steps()).anySatisfy(step -> assertThat(step.settings())
          .containsEntry("labels", "none (self-supervised)"));
      assertThat(report.provenance().steps().get(0).settings().get("pipeline")).contains("\"views\":2");
    }
  }

  @Test
  void unlabeledTraining_conflictsWithWhatNeedsLabels_namingBoth() {
    try (NDManager m = NDManager.newBaseManager("PyTorch"); Model model = Model.newInstance("encoder", "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(4).build());
      NDArray x = m.zeros(new Shape(8, 2));
      assertThatThrownBy(() -> TrainingLoop.builder().setModel(model).optUnlabeled().setTrainingData(x, null)
          .setInputShape(new Shape(1, 2)).setLoss(Losses.ntXent().build()).setEpochs(1)
          .optSampler(Samplers.random(4, 1)).optValidationData(x, m.zeros(new Shape(8))).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("optUnlabeled conflicts with optValidationData: validation needs labels");
      assertThatThrownBy(() -> TrainingLoop.builder().setModel(model).setTrainingData(x, null)
          .setInputShape(new Shape(1, 2)).setNumClasses(4).setLoss(Losses.ntXent().build()).setEpochs(1)
          .optSampler(Samplers.random(4, 1)).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("setTrainingData(features, null) needs optUnlabeled(), which was not set");
    }
  }
}
