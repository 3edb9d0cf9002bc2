package dev.datamgmt.samples;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.djl.ShardRandomAccessDataset;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.train.lineage.ModelLineage;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The quickstart, end to end on a local folder: generates a small, long-tailed image dataset (16x16 gray PNGs
 * of horizontal, vertical and diagonal strokes) with a fixed seed; commits it to a versioned repository, tags
 * it, commits a change and diffs the two versions; checks the repository with fsck; packs the version into
 * Parquet shards and reads them as a DJL dataset; trains a small network with class-balanced sampling, focal
 * loss and per-batch augmentation on the DJL PyTorch engine (CPU, offline); saves the model with its lineage
 * and traces it back to the exact dataset version it saw.
 *
 * <p>Run: {@code mvn -B -q -Pquickstart -pl samples -am verify -DskipTests}. Argument: the output folder
 * (default {@code target/quickstart}; it is emptied first).
 */
public final class Quickstart {
  private static final int SIDE = 16;
  private static final String[] CLASSES = {"horizontal", "vertical", "diagonal"};
  /** Training images per class: long-tailed on purpose. */
  private static final int[] TRAIN = {300, 90, 30};
  private static final int TEST_PER_CLASS = 40;

  private Quickstart() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/quickstart").toAbsolutePath();
    deleteTree(out);
    Files.createDirectories(out);

    DatasetSchema schema = DatasetSchema.builder()
        .setLabelKind(LabelKind.CLASS).addClassNames(CLASSES).optLabelRequired(true).build();
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Repository.init(store);

      // 1. Version 1: every image stored once, by its SHA-256; the records and the schema in one commit.
      SplittableRandom random = new SplittableRandom(42);
      CommitBuilder first = repo.commit(Repository.DEFAULT_BRANCH).optSchema(schema)
          .setMessage("synthetic strokes, long-tailed").optAuthor("quickstart")
          .addLineage("generator", "Quickstart strokes, seed 42");
      int n = 0;
      for (int c = 0; c < CLASSES.length; c++) {
        for (int i = 0; i < TRAIN[c] + TEST_PER_CLASS; i++) {
          BlobRef png = first.putBlob(Png.encode(stroke(c, random), SIDE, SIDE, 1), "image/png");
          first.addRecord(Record.builder(String.format("img-%04d", n++)).setBlob(png).optLabel(ClassLabel.of(c))
              .optSplit(i < TRAIN[c] ? Split.TRAIN : Split.TEST).addAttribute("source", "generator").build());
        }
      }
      DatasetVersion v1 = first.commit();
      repo.createTag("v1", v1.id().toString());
      System.out.printf("committed %d records as %s (tag v1) in %s%n", v1.size(), v1.id(), out.resolve("repo"));

      // 2. Version 2: more of the rare class, and two records dropped. Only the change is stored.
      CommitBuilder second = repo.commit(Repository.DEFAULT_BRANCH).setMessage("more diagonal strokes");
      for (int i = 0; i < 20; i++) {
        BlobRef png = second.putBlob(Png.encode(stroke(2, random), SIDE, SIDE, 1), "image/png");
        second.addRecord(Record.builder(String.format("img-%04d", n++)).setBlob(png).optLabel(ClassLabel.of(2))
            .optSplit(Split.TRAIN).addAttribute("source", "generator-2").build());
      }
      second.removeRecord("img-0000").removeRecord("img-0001");
      DatasetVersion v2 = second.commit();
      Diff diff = repo.diff("v1", Repository.DEFAULT_BRANCH);
      System.out.printf("v1 -> main: %d added, %d removed, %d changed; log: %s%n", diff.added().size(),
          diff.removed().size(), diff.changed().size(),
          repo.log(Repository.DEFAULT_BRANCH).stream().map(cm -> cm.message()).toList());
      FsckReport fsck = repo.fsck();
      if (!fsck.isClean()) {
        throw new IllegalStateException("fsck found damage: " + fsck.problems());
      }
      System.out.printf("fsck: %d commits, %d manifests, %d blobs verified against their hashes%n",
          fsck.commits(), fsck.manifests(), fsck.blobs());

      // 3. Shards: the version packed into Parquet files any Parquet reader can open (FORMAT.md).
      ShardSet shards = VersionShards.pack(repo, v2, ShardWriter.builder().optTargetShardBytes(64 << 10));
      System.out.printf("packed %d records into %d shards%n", shards.records(), shards.shards().size());

      // 4. Train on the train split, validate on the test split; the model records the version it saw.
      try (DatasetReader trainReader = reader(shards, store, v2, Split.TRAIN);
          DatasetReader testReader = reader(shards, store, v2, Split.TEST);
          Model model = Model.newInstance("strokes", "PyTorch")) {
        ImageTensors tensors = ImageTensors.builder().setSize(SIDE, SIDE).build();
        ShardRandomAccessDataset train = ShardRandomAccessDataset.builder().setReader(trainReader)
            .setTensors(tensors).setSampling(32, true).build();
        ShardRandomAccessDataset test = ShardRandomAccessDataset.builder().setReader(testReader)
            .setTensors(tensors).setSampling(64, false).build();
        int[] labels = new int[Math.toIntExact(train.size())];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = trainReader.get(i).classIndex();
        }
        model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(64).build()).add(Activation::relu)
            .add(Linear.builder().setUnits(CLASSES.length).build()));
        // Per-sample randomness from (seed, epoch, index): a vertical flip keeps every class a class.
        Pipeline pipeline = Pipeline.builder().setSeed(7).add(ImageOps.verticalFlip(0.5)).build();
        EpochSampler sampler = Samplers.classBalanced(labels, CLASSES.length).setBatchSize(32).optSeed(3).build();
        TrainingReport report = TrainingLoop.builder().setModel(model).setTrainingData(train)
            .setInputShape(new Shape(1, 1, SIDE, SIDE)).setNumClasses(CLASSES.length)
            .setLoss(Losses.softmaxFocal().optGamma(2).build()).setEpochs(4).optInitSeed(11)
            .optSampler(sampler)
            .optBatchTransform(DeviceAugmenter.of(pipeline).asBatchTransform())
            .optValidationData(test)
            .optDatasetVersion(v2.id().toString())
            .build().fit();
        ConfusionMatrix cm = report.finalValidation().orElseThrow();
        System.out.printf("trained 4 epochs on %d images (%d / %d / %d per class): test accuracy %.3f, balanced"
            + " accuracy %.3f, recall of the rarest class %.3f%n", labels.length, count(labels, 0),
            count(labels, 1), count(labels, 2), cm.accuracy(), cm.balancedAccuracy(), cm.recall(2));

        // 5. Lineage: the saved model names the dataset version (and the git commit, when there is one).
        Path modelDir = out.resolve("model");
        ModelLineage.save(model, modelDir, "strokes", report.provenance());
        Provenance lineage = ModelLineage.read(modelDir);
        DatasetVersion traced = Lineage.trace(repo, lineage);
        if (!traced.id().equals(v2.id())) {
          throw new IllegalStateException("lineage traced to " + traced.id() + ", expected " + v2.id());
        }
        System.out.printf("saved the model to %s; its lineage traces back to dataset version %s (%d records)%n",
            modelDir, traced.id(), traced.size());
      }
    }
  }

  private static DatasetReader reader(ShardSet shards, BlobStore store, DatasetVersion version, Split split)
      throws DataException {
    return DatasetReader.builder().setShards(shards).setStore(store).optBlobSource(version::readBlob)
        .optFilter(ShardFilter.builder().addSplit(split).build()).optSeed(42).build();
  }

  /** A noisy 16x16 stroke: a horizontal, vertical or diagonal line at a random place. */
  private static byte[] stroke(int cls, SplittableRandom r) {
    byte[] px = new byte[SIDE * SIDE];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) r.nextInt(0, 60);
    }
    int at = r.nextInt(3, SIDE - 3);
    int from = r.nextInt(0, 4);
    int to = SIDE - r.nextInt(0, 4);
    for (int t = from; t < to; t++) {
      int y = cls == 0 ? at : cls == 1 ? t : t;
      int x = cls == 0 ? t : cls == 1 ? at : t;
      px[y * SIDE + x] = (byte) r.nextInt(180, 256);
    }
    return px;
  }

  private static int count(int[] labels, int c) {
    int k = 0;
    for (int l : labels) {
      k += l == c ? 1 : 0;
    }
    return k;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
