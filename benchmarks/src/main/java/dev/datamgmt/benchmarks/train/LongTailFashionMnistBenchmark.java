package dev.datamgmt.benchmarks.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.train.ClassWeights;
import dev.datamgmt.train.loop.BatchAugmentation;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Long-tailed Fashion-MNIST: our sampler, loss, augmentation and loop against the same network trained by a
 * PyTorch 1.13 peer, side by side in one run.
 *
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am verify -DskipTests \
 *   -Dbench.main=dev.datamgmt.benchmarks.train.LongTailFashionMnistBenchmark -Dbench.args="runs=plain,balanced,full"
 * </pre>
 *
 * <p>Arguments ({@code key=value}): {@code runs} (plain: cross-entropy, uniform shuffling; balanced:
 * class-balanced sampling + softmax focal loss (gamma 2) + random flip/shift; full: the whole balanced
 * training set with cross-entropy; ours only: sqrt-focal: square-root class-balanced sampling + focal loss
 * with square-root alpha + flip/shift; balanced-softmax: uniform shuffling + balanced softmax + flip/shift), {@code epochs} (3), {@code threads} (2), {@code peer} (true),
 * {@code scale} (1: fraction of each class to keep, for smoke runs), {@code testLimit} (10000), {@code seed}.
 */
public final class LongTailFashionMnistBenchmark {
  private LongTailFashionMnistBenchmark() {}

  /** One configuration's outcome. */
  record Outcome(String who, String run, double accuracy, double balancedAccuracy, double smallestClassRecall,
      double samplesPerSecond) {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>(Map.of("runs", "plain,balanced,full", "epochs", "3", "threads", "2",
        "peer", "true", "scale", "1", "testLimit", "10000", "seed", "42", "data", FashionMnist.DIR.toString()));
    for (String a : argv) {
      int eq = a.indexOf('=');
      if (eq < 0 || !args.containsKey(a.substring(0, eq))) {
        throw new IllegalArgumentException("unknown argument " + a + "; known: " + args.keySet());
      }
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    List<Outcome> outcomes = run(args);
    print(outcomes, args);
  }

  static List<Outcome> run(Map<String, String> args) throws Exception {
    int threads = Integer.parseInt(args.get("threads"));
    // must be set before the engine loads
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int epochs = Integer.parseInt(args.get("epochs"));
    double scale = Double.parseDouble(args.get("scale"));
    int testLimit = Integer.parseInt(args.get("testLimit"));
    long seed = Long.parseLong(args.get("seed"));
    boolean peer = Boolean.parseBoolean(args.get("peer"));
    Path data = Path.of(args.get("data"));
    FashionMnist.Split train = FashionMnist.train(data);
    FashionMnist.Split test = FashionMnist.head(FashionMnist.test(data), testLimit);
    int[] sizes = FashionMnist.longTailSizes(scale);
    FashionMnist.Split longTail = FashionMnist.firstPerClass(train, sizes);
    System.out.printf(Locale.ROOT, "long-tail class sizes %s (%d images), test %d images, %d threads, %d epochs%n",
        java.util.Arrays.toString(sizes), longTail.size(), test.size(), threads, epochs);
    List<Outcome> out = new ArrayList<>();
    for (String runName : args.get("runs").split(",")) {
      FashionMnist.Split set = runName.equals("full")
          ? FashionMnist.head(train, (int) Math.round(train.size() * Math.min(1, scale))) : longTail;
      out.add(ours(runName, set, test, epochs, seed));
      System.out.println(out.get(out.size() - 1));
      if (peer && PytorchPeer.available() && List.of("plain", "balanced", "full").contains(runName)) {
        PytorchPeer.Result r = PytorchPeer.run(runName.equals("balanced") ? "balanced" : runName, epochs, threads,
            scale, testLimit, seed, data);
        double min = java.util.Arrays.stream(r.recalls()).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        out.add(new Outcome("pytorch " + r.version(), runName, r.accuracy(), r.balancedAccuracy(), min,
            r.samplesPerSecond()));
        System.out.println(out.get(out.size() - 1));
      }
    }
    return out;
  }

  static Block network() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(10).build());
  }

  static Outcome ours(String runName, FashionMnist.Split train, FashionMnist.Split test, int epochs, long seed)
      throws Exception {
    try (Model model = Model.newInstance("fmnist-" + runName, "PyTorch")) {
      model.setBlock(network());
      NDManager m = model.getNDManager();
      float[] yf = new float[train.size()];
      for (int i = 0; i < yf.length; i++) {
        yf[i] = train.labels()[i];
      }
      ArrayDataset ds = new ArrayDataset.Builder()
          .setData(m.create(train.pixels(), new Shape(train.size(), 1, 28, 28)))
          .optLabels(m.create(yf)).setSampling(128, false).build();
      EpochSampler sampler;
      TrainingLoop.Builder loop = TrainingLoop.builder().setModel(model).setTrainingData(ds)
          .setInputShape(new Shape(1, 1, 28, 28)).setNumClasses(10).setEpochs(epochs).optInitSeed(seed)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
          .optProgress(System.err).addLineageSource("dataset", "fashion-mnist:" + runName);
      DeviceAugmenter aug = DeviceAugmenter.of(Pipeline.builder().setSeed(seed)
          .add(ImageOps.horizontalFlip(0.5)).add(ImageOps.shift(0.1)).build());
      long[] counts = ClassWeights.countLabels(train.labels(), 10);
      switch (runName) {
        case "balanced" -> {
          // the recipe, the same in the PyTorch peer
          sampler = Samplers.classBalanced(train.labels(), 10).setBatchSize(128).optSeed(seed).build();
          loop.setLoss(Losses.softmaxFocal().optGamma(2f).build()).optAugmentation(deviceAugmentation(aug));
        }
        case "sqrt-focal" -> {
          // milder re-sampling: the rarest classes are repeated less, so they overfit less in 3 epochs
          sampler = Samplers.classBalanced(train.labels(), 10)
              .optScheme(ClassWeights.Scheme.SQRT_INVERSE_FREQUENCY, 0).setBatchSize(128).optSeed(seed).build();
          loop.setLoss(Losses.softmaxFocal().optGamma(2f).optAlpha(ClassWeights.sqrtInverseFrequency(counts)).build())
              .optAugmentation(deviceAugmentation(aug));
        }
        case "balanced-softmax" -> {
          // uniform shuffling, the class prior moved into the loss (Ren et al. 2020)
          sampler = Samplers.random(128, seed);
          loop.setLoss(Losses.balancedSoftmax(counts).build()).optAugmentation(deviceAugmentation(aug));
        }
        case "plain", "full" -> {
          sampler = Samplers.random(128, seed);
          loop.setLoss(Losses.crossEntropy().build());
        }
        default -> throw new IllegalArgumentException("unknown run " + runName
            + "; known: plain, balanced, sqrt-focal, balanced-softmax, full");
      }
      TrainingReport report = loop.optSampler(sampler).build().fit();
      ConfusionMatrix cm = evaluate(model, test);
      return new Outcome("datamgmt", runName, cm.accuracy(), cm.balancedAccuracy(), cm.recall(cm.worstRecallClass()),
          report.medianSamplesPerSecond());
    }
  }

  /** The augment module's device backend as the loop's per-batch augmentation. */
  static BatchAugmentation deviceAugmentation(DeviceAugmenter aug) {
    return new BatchAugmentation() {
      @Override
      public NDList apply(NDList data, int epoch, long[] indices) {
        try {
          return new NDList(aug.apply(data.head(), epoch, indices));
        } catch (DataException e) {
          throw new UncheckedDataException(e);
        }
      }

      @Override
      public String describe() {
        return aug.pipeline().toJson();
      }
    };
  }

  static ConfusionMatrix evaluate(Model model, FashionMnist.Split test) throws DataException {
    ConfusionMatrix cm = new ConfusionMatrix(10);
    ParameterStore ps = new ParameterStore(model.getNDManager(), false);
    for (int start = 0; start < test.size(); start += 1000) {
      int n = Math.min(1000, test.size() - start);
      try (NDManager sub = model.getNDManager().newSubManager()) {
        float[] px = java.util.Arrays.copyOfRange(test.pixels(), start * 784, (start + n) * 784);
        NDArray x = sub.create(px, new Shape(n, 1, 28, 28));
        NDArray logits = model.getBlock().forward(ps, new NDList(x), false).head();
        int[] y = java.util.Arrays.copyOfRange(test.labels(), start, start + n);
        int[] p = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        cm.add(y, p);
      }
    }
    return cm;
  }

  static void print(List<Outcome> outcomes, Map<String, String> args) {
    System.out.println();
    System.out.println("| run | implementation | test accuracy | balanced accuracy | smallest-class recall | samples/s |");
    System.out.println("|---|---|---|---|---|---|");
    for (Outcome o : outcomes) {
      System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.0f |%n", o.run(), o.who(), o.accuracy(),
          o.balancedAccuracy(), o.smallestClassRecall(), o.samplesPerSecond());
    }
    for (String run : args.get("runs").split(",")) {
      Outcome ours = outcomes.stream().filter(o -> o.run().equals(run) && o.who().equals("datamgmt")).findFirst()
          .orElse(null);
      Outcome peer = outcomes.stream().filter(o -> o.run().equals(run) && !o.who().equals("datamgmt")).findFirst()
          .orElse(null);
      if (ours != null && peer != null) {
        System.out.printf(Locale.ROOT, "%s: ours/pytorch balanced accuracy %.3fx, smallest recall %.3fx, throughput %.2fx%n",
            run, ours.balancedAccuracy() / peer.balancedAccuracy(),
            ours.smallestClassRecall() / peer.smallestClassRecall(), ours.samplesPerSecond() / peer.samplesPerSecond());
      }
    }
  }
}
