package dev.datamgmt.samples.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.djl.ShardRandomAccessDataset;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.train.lineage.ModelLineage;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loop.WeightAveraging;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Training on imbalanced data with the SDK's loop: a long-tailed part of the Fashion-MNIST subset (the largest class
 * {@code ratio} times the smallest) committed as a version with a balanced test split, packed into shards, and a
 * small network trained with class-balanced batches, focal loss, per-batch augmentation and an EMA of the weights;
 * the saved model's lineage traces back to the exact version.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.train.LongTailTraining -Dsample.args="target/long-tail 600 10 3"
 * </pre>
 */
public final class LongTailTraining {
  private static final List<String> CLASSES = FashionMnistSubset.CLASSES;

  private LongTailTraining() {}

  /** What a run measured. */
  public record Result(String versionId, int[] trainPerClass, double balancedAccuracy, double smallestClassRecall,
      String tracedVersionId) {}

  /**
   * Runs the sample.
   *
   * @param out a new output folder
   * @param largest training images of the largest class (class 0)
   * @param ratio largest / smallest class; class {@code c} keeps {@code largest * ratio^(-c/9)} images
   * @param epochs training epochs
   * @return what the run measured
   * @throws Exception if the data, the repository or DJL fail
   */
  public static Result run(Path out, int largest, double ratio, int epochs) throws Exception {
    int[] perClass = new int[CLASSES.size()];
    for (int c = 0; c < perClass.length; c++) {
      perClass[c] = (int) Math.max(1, Math.round(largest * Math.pow(ratio, -c / 9.0)));
    }
    IdxDataset train = take(FashionMnistSubset.train(), perClass);
    IdxDataset testImages = FashionMnistSubset.test();
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Repository.init(store);
      CommitBuilder c = repo.commit("main").setMessage("long-tailed Fashion-MNIST, ratio " + ratio);
      ImportReport imported = Idx.importTo(train, "train", Split.TRAIN, CLASSES, RecordSink.into(c));
      Idx.importTo(testImages, "test", Split.TEST, CLASSES, RecordSink.into(c));
      DatasetVersion version = c.optSchema(imported.schema()).commit();
      ShardSet shards = VersionShards.pack(repo, version, ShardWriter.builder().optTargetShardBytes(1 << 20));
      ImageTensors tensors = ImageTensors.builder().setSize(28, 28).build();
      try (DatasetReader trainReader = DatasetReader.builder().setShards(shards).setStore(store)
              .optBlobSource(version::readBlob).optFilter(ShardFilter.builder().addSplit(Split.TRAIN).build())
              .build();
          DatasetReader testReader = DatasetReader.builder().setShards(shards).setStore(store)
              .optBlobSource(version::readBlob).optFilter(ShardFilter.builder().addSplit(Split.TEST).build())
              .build();
          Model model = Model.newInstance("fashion", "PyTorch")) {
        ShardRandomAccessDataset trainSet = ShardRandomAccessDataset.builder().setReader(trainReader)
            .setTensors(tensors).setSampling(64, true).build();
        ShardRandomAccessDataset testSet = ShardRandomAccessDataset.builder().setReader(testReader)
            .setTensors(tensors).setSampling(250, false).build();
        int[] labels = new int[Math.toIntExact(trainSet.size())];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = trainReader.get(i).classIndex();
        }
        model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
            .add(Linear.builder().setUnits(10).build()));
        BatchTransform augment = DeviceAugmenter.of(Pipeline.builder().setSeed(3)
            .add(ImageOps.horizontalFlip(0.5)).build()).asBatchTransform();
        // tour:train:start
        EpochSampler sampler = Samplers.classBalanced(labels, 10).setBatchSize(64).optSeed(7).build();
        TrainingReport report = TrainingLoop.builder()
            .setModel(model).setTrainingData(trainSet).setInputShape(new Shape(1, 1, 28, 28)).setNumClasses(10)
            .setLoss(Losses.softmaxFocal().optGamma(2).build()).setEpochs(epochs)
            .optSampler(sampler).optBatchTransform(augment).optValidationData(testSet)
            .optWeightAveraging(WeightAveraging.ema(0.99))   // validate and keep an average of the weights
            .optDatasetVersion(version.id().toString()).optCheckpointDir(out.resolve("checkpoints"))
            .optProgress(System.err)                          // a progress bar
            .optInitSeed(11).build().fit();
        ConfusionMatrix test = report.finalValidation().orElseThrow();
        System.out.printf("balanced accuracy %.3f%n", test.balancedAccuracy());
        ModelLineage.save(model, out.resolve("model"), "classifier", report.provenance());  // writes lineage.json
        Provenance lineage = ModelLineage.read(out.resolve("model"));
        DatasetVersion trainedOn = Lineage.trace(repo, lineage);      // the exact version the model saw
        // tour:train:end
        int smallest = perClass.length - 1;
        System.out.printf("trained %d epochs on %d images (per class %s); smallest class (%s) recall %.3f; the model"
            + " in %s traces back to %s%n", epochs, labels.length, Arrays.toString(perClass), CLASSES.get(smallest),
            test.recall(smallest), out.resolve("model"), trainedOn.id());
        return new Result(version.id().toString(), perClass, test.balancedAccuracy(), test.recall(smallest),
            trainedOn.id().toString());
      }
    }
  }

  /** The first {@code perClass[c]} images of each class c, in file order. */
  private static IdxDataset take(IdxDataset all, int[] perClass) {
    int[] left = perClass.clone();
    int total = Arrays.stream(perClass).sum();
    IdxImages im = all.images();
    byte[] px = new byte[total * im.imageSize()];
    int[] labels = new int[total];
    int n = 0;
    for (int i = 0; i < all.size() && n < total; i++) {
      int c = all.label(i);
      if (left[c] > 0) {
        left[c]--;
        im.copyImage(i, px, n * im.imageSize());
        labels[n++] = c;
      }
    }
    if (n < total) {
      throw new IllegalArgumentException("the subset holds fewer images than asked for: " + Arrays.toString(left)
          + " missing per class");
    }
    return new IdxDataset(IdxImages.of(total, im.rows(), im.cols(), px), labels);
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/long-tail}; must not hold an earlier run), images of the
   *     largest class (default 600, at most 1,000), the imbalance ratio (default 10) and the epochs (default 3)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/long-tail");
    if (Files.exists(out.resolve("repo"))) {
      throw new IllegalStateException(out.resolve("repo") + " exists: remove it or pick another output folder");
    }
    run(out, args.length > 1 ? Integer.parseInt(args[1]) : 600, args.length > 2 ? Double.parseDouble(args[2]) : 10,
        args.length > 3 ? Integer.parseInt(args[3]) : 3);
  }
}
