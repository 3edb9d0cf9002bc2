package dev.datamgmt.consumer;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.djl.ShardRandomAccessDataset;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.Sample;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loss.Losses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Touches each module once, as a user's first program would, against the artifacts as Maven Central would serve
 * them: a commit and a shard read (storage), an augmentation (augment), a training step (train). Any failure
 * (an exception, a linkage error from misaligned dependency versions, a wrong result) exits non-zero.
 */
public final class ConsumerCheck {
  private static final int SIDE = 8;
  private static final int RECORDS = 16;

  private ConsumerCheck() {}

  /** Entry point: no arguments; works in a temporary folder it deletes afterwards. */
  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("datamgmt-consumer");
    try {
      run(tmp);
      System.out.println("consumer check: OK");
    } catch (Throwable t) {
      System.err.println("consumer check FAILED: " + t);
      t.printStackTrace();
      System.exit(1);
    } finally {
      deleteTree(tmp);
    }
  }

  private static void run(Path tmp) throws Exception {
    // Jackson: databind and core must be one release (the bug this check was written for).
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    System.out.printf("jackson-databind %s, jackson-core %s%n", databind, core);
    check(databind.equals(core), "jackson-databind " + databind + " and jackson-core " + core + " differ");

    try (BlobStore store = FileSystemBlobStore.builder().setRoot(tmp.resolve("repo")).build()) {
      // storage: a repository, one commit of a few labelled PNGs (writes JSON and Parquet)
      Repository repo = Repository.init(store);
      DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("dark", "light")
          .optLabelRequired(true).build();
      CommitBuilder c = repo.commit(Repository.DEFAULT_BRANCH).optSchema(schema).setMessage("consumer check");
      for (int i = 0; i < RECORDS; i++) {
        int label = i % 2;
        byte[] px = new byte[SIDE * SIDE];
        Arrays.fill(px, (byte) (label == 0 ? 20 + i : 200 + i));
        BlobRef png = c.putBlob(Png.encode(px, SIDE, SIDE, 1), "image/png");
        c.addRecord(Record.builder("img-" + i).setBlob(png).optLabel(ClassLabel.of(label)).optSplit(Split.TRAIN)
            .build());
      }
      DatasetVersion version = c.commit();
      check(version.size() == RECORDS, "committed " + version.size() + " records, expected " + RECORDS);
      check(repo.fsck().isClean(), "fsck: " + repo.fsck().problems());
      System.out.printf("storage: committed %d records as %s%n", version.size(), version.id());

      // storage: shards and the reader
      ShardSet shards = VersionShards.pack(repo, version, ShardWriter.builder());
      try (DatasetReader reader = DatasetReader.builder().setShards(shards).setStore(store)
          .optBlobSource(version::readBlob).optSeed(1).build()) {
        check(reader.size() == RECORDS, "reader sees " + reader.size() + " records, expected " + RECORDS);
        Sample first = reader.get(0);
        check(first.mediaType().equals("image/png") && first.data().length > 0, "sample 0: " + first);
        System.out.printf("storage: read %d records from %d shard(s)%n", reader.size(), shards.shards().size());

        // augment: a horizontal flip with probability 1 mirrors every row
        byte[] ramp = new byte[SIDE * SIDE];
        for (int i = 0; i < ramp.length; i++) {
          ramp[i] = (byte) (i % SIDE);
        }
        Pipeline flip = Pipeline.builder().setSeed(3).add(ImageOps.horizontalFlip(1.0)).build();
        try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(flip).optThreads(1).build()) {
          byte[] out = aug.apply(Raster.ofUint8(1, SIDE, SIDE, ramp), 0, 0).uint8Array();
          check(out[0] == SIDE - 1 && out[SIDE - 1] == 0, "flip gave row 0 = " + Arrays.toString(
              Arrays.copyOf(out, SIDE)));
        }
        System.out.println("augment: horizontal flip applied");

        // train: one epoch of one batch on the DJL PyTorch engine
        try (Model model = Model.newInstance("consumer", "PyTorch")) {
          ShardRandomAccessDataset data = ShardRandomAccessDataset.builder().setReader(reader)
              .setTensors(ImageTensors.builder().setSize(SIDE, SIDE).build()).setSampling(RECORDS, true).build();
          model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
              .add(Linear.builder().setUnits(2).build()));
          TrainingReport report = TrainingLoop.builder().setModel(model).setTrainingData(data)
              .setInputShape(new Shape(1, 1, SIDE, SIDE)).setNumClasses(2)
              .setLoss(Losses.softmaxFocal().optGamma(2).build()).setEpochs(1).optInitSeed(11)
              .optDatasetVersion(version.id().toString()).build().fit();
          System.out.printf("train: one step on engine %s; provenance %s%n", model.getNDManager().getEngine()
              .getEngineName(), report.provenance() != null ? "recorded" : "missing");
          check(report.provenance() != null, "the training report has no provenance");
        }

        // synth: a generator of our own, committed as a new version; the same job again commits nothing new
        dev.datamgmt.synth.Generator gen = new dev.datamgmt.synth.Generator() {
          @Override
          public String name() {
            return "consumer-bytes";
          }

          @Override
          public String version() {
            return "1";
          }

          @Override
          public dev.datamgmt.synth.GeneratedSample generate(long index, java.util.SplittableRandom random) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            return dev.datamgmt.synth.GeneratedSample.builder().setData(b, "application/octet-stream").build();
          }
        };
        DatasetVersion synthetic = dev.datamgmt.synth.Synth.commit(gen).setRepository(repo).optBranch("synthetic").setSeed(5)
            .setRange(0, 20).build().run();
        DatasetVersion again = dev.datamgmt.synth.Synth.commit(gen).setRepository(repo).optBranch("synthetic").setSeed(5)
            .setRange(0, 20).build().run();
        check(synthetic.id().equals(again.id()), "a repeated generation job made a second version");
        System.out.printf("synth: %d generated records committed as %s%n", synthetic.size(), synthetic.id());

        // label: a SQLite label store, one annotation in and out
        try (dev.datamgmt.label.store.LabelStore labels = dev.datamgmt.label.store.LabelStores
            .sqlite(tmp.resolve("labels.db")).build()) {
          labels.add(dev.datamgmt.label.store.Annotation.builder("img-0", ClassLabel.of(1))
              .setDatasetVersion(version.id().toString()).setAnnotator("consumer").build());
          check(labels.labelsOf("img-0").size() == 1, "the label store lost an annotation");
          System.out.println("label: one annotation stored and read back");
        }
      }
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
