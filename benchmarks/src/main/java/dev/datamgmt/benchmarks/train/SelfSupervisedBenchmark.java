package dev.datamgmt.benchmarks.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.train.PyTorchEngine;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.Samplers;
import dev.datamgmt.train.selfsup.ViewBatches;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The README's self-supervised example at full size: SimCLR pretraining of the small CNN's encoder on unlabeled
 * Fashion-MNIST ({@link ViewBatches} + {@link Losses#ntXent()} in the {@link TrainingLoop}), then fine-tuning the
 * encoder with a new 10-class head on 1% of the labels (60 images per class), against the same network trained on
 * the same 1% alone from scratch with the same recipe. Prints the test accuracy of both (ours only: no peer).
 *
 * <p>Arguments {@code key=value}: {@code unlabeled} (20000: images for pretraining, labels dropped),
 * {@code pretrainEpochs} (10), {@code batch} (256: samples per pretraining batch, 2x as many views),
 * {@code temperature} (0.5), {@code perClass} (60: labeled images per class), {@code finetuneEpochs} (40),
 * {@code seeds} (42), {@code threads} (2), {@code testLimit} (10000).
 */
public final class SelfSupervisedBenchmark {
  private SelfSupervisedBenchmark() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("unlabeled", "20000");
    args.put("pretrainEpochs", "10");
    args.put("batch", "256");
    args.put("temperature", "0.5");
    args.put("perClass", "60");
    args.put("finetuneEpochs", "40");
    args.put("seeds", "42");
    args.put("threads", "2");
    args.put("testLimit", "10000");
    args.put("data", FashionMnist.DIR.toString());
    for (String a : argv) {
      int eq = a.indexOf('=');
      if (eq < 0 || !args.containsKey(a.substring(0, eq))) {
        throw new IllegalArgumentException("unknown argument " + a + "; known: " + args.keySet());
      }
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    System.setProperty("ai.djl.pytorch.num_threads", args.get("threads"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    PyTorchEngine.require();
    Path data = Path.of(args.get("data"));
    FashionMnist.Split train = FashionMnist.train(data);
    FashionMnist.Split test = FashionMnist.head(FashionMnist.test(data), Integer.parseInt(args.get("testLimit")));
    System.out.println("args " + args);
    for (String s : args.get("seeds").split(",")) {
      long seed = Long.parseLong(s.trim());
      Result r = run(train, test, args, seed);
      System.out.printf(Locale.ROOT, "seed %d: 1%% labels (%d images): from scratch test accuracy %.4f (balanced "
          + "%.4f); SimCLR-pretrained on %d unlabeled images, fine-tuned %.4f (balanced %.4f); pretraining %.1f s, "
          + "NT-Xent %.3f -> %.3f%n", seed, r.labeled, r.scratch.accuracy(), r.scratch.balancedAccuracy(),
          r.unlabeled, r.pretrained.accuracy(), r.pretrained.balancedAccuracy(), r.pretrainSeconds, r.firstLoss,
          r.lastLoss);
    }
  }

  record Result(int labeled, int unlabeled, ConfusionMatrix scratch, ConfusionMatrix pretrained,
      double pretrainSeconds, double firstLoss, double lastLoss) {}

  /** The small CNN without its last layer: 28x28 gray -> 128 features. */
  static SequentialBlock encoder() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation::relu);
  }

  /** The augmentation both views draw from (each view with its own derived seed). */
  static Pipeline views(long seed) {
    return Pipeline.builder().setSeed(seed)
        .add(ImageOps.randomResizedCrop(28, 28, 0.4, 1.0))
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.brightness(0.6, 1.4))
        .add(ImageOps.contrast(0.6, 1.4))
        .build();
  }

  static Result run(FashionMnist.Split train, FashionMnist.Split test, Map<String, String> args, long seed)
      throws Exception {
    int perClass = Integer.parseInt(args.get("perClass"));
    int unlabeled = Math.min(train.size(), Integer.parseInt(args.get("unlabeled")));
    int[] order = permutation(train.size(), Seeds.derive(seed, 1));
    FashionMnist.Split labeled = perClass(train, order, perClass);
    FashionMnist.Split pool = take(train, order, unlabeled);
    ConfusionMatrix scratch;
    try (Model model = Model.newInstance("scratch", "PyTorch")) {
      SequentialBlock net = new SequentialBlock().add(encoder()).add(Linear.builder().setUnits(10).build());
      model.setBlock(net);
      finetune(model, labeled, args, seed);
      scratch = evaluate(model, test);
    }
    try (Model model = Model.newInstance("simclr", "PyTorch")) {
      SequentialBlock enc = encoder();
      // SimCLR's projection head: trained with the encoder, thrown away before fine-tuning
      model.setBlock(new SequentialBlock().add(enc).add(Linear.builder().setUnits(128).build()).add(Activation::relu)
          .add(Linear.builder().setUnits(64).build()));
      NDManager m = model.getNDManager();
      int batch = Integer.parseInt(args.get("batch"));
      ViewBatches twoViews = ViewBatches.of(views(Seeds.derive(seed, 2)), 2);
      long t0 = System.nanoTime();
      TrainingReport pre = TrainingLoop.builder().setModel(model).optUnlabeled()
          .setTrainingData(m.create(pool.pixels(), new Shape(pool.size(), 1, 28, 28)), null)
          .setInputShape(new Shape(2, 1, 28, 28))
          .setLoss(Losses.ntXent().optTemperature(Float.parseFloat(args.get("temperature"))).build())
          .setEpochs(Integer.parseInt(args.get("pretrainEpochs")))
          .optSampler(Samplers.random(batch, Seeds.derive(seed, 3)))
          .optBatchTransform(twoViews.asBatchTransform()).optInitSeed(seed)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
          .optProgress(System.err).addLineageSource("dataset", "fashion-mnist:unlabeled").build().fit();
      double seconds = (System.nanoTime() - t0) / 1e9;
      // the pretrained encoder with a new head; the same Model keeps the encoder's arrays alive
      model.setBlock(new SequentialBlock().add(enc).add(Linear.builder().setUnits(10).build()));
      finetune(model, labeled, args, seed);
      ConfusionMatrix pretrained = evaluate(model, test);
      return new Result(labeled.size(), pool.size(), scratch, pretrained, seconds,
          pre.history().get(0).trainLoss(), pre.history().get(pre.history().size() - 1).trainLoss());
    }
  }

  /** Cross-entropy on the labeled 1%, Adam 1e-3, batch 64, flip + shift; the same for both contenders. */
  static void finetune(Model model, FashionMnist.Split labeled, Map<String, String> args, long seed)
      throws Exception {
    NDManager m = model.getNDManager();
    float[] y = new float[labeled.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labeled.labels()[i];
    }
    ArrayDataset ds = new ArrayDataset.Builder().setData(m.create(labeled.pixels(), new Shape(labeled.size(), 1, 28,
        28))).optLabels(m.create(y)).setSampling(64, false).build();
    TrainingLoop.builder().setModel(model).setTrainingData(ds).setInputShape(new Shape(1, 1, 28, 28))
        .setNumClasses(10).setLoss(Losses.crossEntropy().build())
        .setEpochs(Integer.parseInt(args.get("finetuneEpochs")))
        .optSampler(Samplers.random(64, Seeds.derive(seed, 4))).optInitSeed(Seeds.derive(seed, 5))
        .optBatchTransform(LongTailFashionMnistBenchmark.deviceAugmentation(
            dev.datamgmt.augment.device.DeviceAugmenter.of(Pipeline.builder().setSeed(Seeds.derive(seed, 6))
                .add(ImageOps.horizontalFlip(0.5)).add(ImageOps.shift(0.1)).build())))
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
        .addLineageSource("dataset", "fashion-mnist:1%").build().fit();
  }

  static ConfusionMatrix evaluate(Model model, FashionMnist.Split test) throws Exception {
    float[] logits = LongTailFashionMnistBenchmark.logits(model, test);
    int[] predicted = new int[test.size()];
    for (int i = 0; i < predicted.length; i++) {
      int best = 0;
      for (int c = 1; c < 10; c++) {
        if (logits[i * 10 + c] > logits[i * 10 + best]) {
          best = c;
        }
      }
      predicted[i] = best;
    }
    ConfusionMatrix cm = new ConfusionMatrix(10);
    cm.add(test.labels(), predicted);
    return cm;
  }

  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The first {@code perClass} images of each class in {@code order}. */
  static FashionMnist.Split perClass(FashionMnist.Split s, int[] order, int perClass) {
    int[] taken = new int[10];
    int[] picked = new int[10 * perClass];
    int k = 0;
    for (int i : order) {
      int c = s.labels()[i];
      if (taken[c] < perClass) {
        taken[c]++;
        picked[k++] = i;
      }
    }
    return select(s, java.util.Arrays.copyOf(picked, k));
  }

  static FashionMnist.Split take(FashionMnist.Split s, int[] order, int n) {
    return select(s, java.util.Arrays.copyOf(order, n));
  }

  static FashionMnist.Split select(FashionMnist.Split s, int[] idx) {
    float[] px = new float[idx.length * 784];
    int[] y = new int[idx.length];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(s.pixels(), idx[k] * 784, px, k * 784, 784);
      y[k] = s.labels()[idx[k]];
    }
    return new FashionMnist.Split(px, y);
  }
}
