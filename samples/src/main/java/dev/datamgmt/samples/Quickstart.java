package dev.datamgmt.samples;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.feedback.FeedbackCommit;
import dev.datamgmt.label.active.ActiveLearning;
import dev.datamgmt.label.active.Thresholds;
import dev.datamgmt.label.active.Uncertainty;
import dev.datamgmt.label.qa.Agreement;
import dev.datamgmt.label.qa.Consensus;
import dev.datamgmt.label.qa.ConsensusResult;
import dev.datamgmt.label.qa.Ratings;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import dev.datamgmt.label.studio.LabelStudio;
import dev.datamgmt.label.studio.LabelStudioImporter;
import dev.datamgmt.storage.djl.ImageTensors;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.VersionShards;
import dev.datamgmt.train.ClassWeights;
import dev.datamgmt.train.lineage.ModelLineage;
import dev.datamgmt.train.loop.EpochResult;
import dev.datamgmt.train.loop.TrainingLoop;
import dev.datamgmt.train.loop.TrainingReport;
import dev.datamgmt.train.loop.WeightAveraging;
import dev.datamgmt.train.loss.Losses;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import dev.datamgmt.train.metrics.LogitAdjustment;
import dev.datamgmt.train.metrics.PairedBootstrap;
import dev.datamgmt.train.metrics.ThresholdMetrics;
import dev.datamgmt.train.predict.Predictions;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.Samplers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The quickstart: the data flywheel on real data (Fashion-MNIST), on the embedded defaults (a local folder for
 * the repository, SQLite for the labels, no server), in eight steps:
 *
 * <ol>
 *   <li>import a long-tailed training set (class sizes falling by a factor of 100) with a validation and a test
 *       split into a new repository and commit v1; the rest of the training images go in unlabeled: the pool;
 *   <li>train a baseline with plain cross-entropy;
 *   <li>train with stratified class-balanced batches, the recommended loss (cross-entropy with label smoothing,
 *       an average of the weights, and a logit adjustment chosen on validation data) and flips on the device;
 *   <li>choose the confidence threshold that reaches the target precision on validation data;
 *   <li>pick the pool images most worth labeling (margin uncertainty) and export them as Label Studio tasks with
 *       the model's predictions pre-filled;
 *   <li>play the users: simulated annotators, one of them careless, answer the tasks; their Label Studio export is
 *       imported into the label store, checked (agreement, Dawid–Skene) and committed as v2 with lineage;
 *   <li>retrain the balanced recipe on v2 with the same settings;
 *   <li>print per model balanced accuracy, smallest-class recall and precision at the chosen threshold, the
 *       v1 → v2 effect with a bootstrap interval, and write the HTML report.
 * </ol>
 *
 * <p>Run: {@code mvn -B -q -Pquickstart -pl samples -am verify -DskipTests}. Arguments: {@code [--full]
 * [output folder]}: {@code --full} reads the full Fashion-MNIST from {@code /usr/share/datasets/fashion-mnist}
 * (Debian's {@code dataset-fashion-mnist}) instead of the 10,000 + 2,000 image subset committed under
 * {@code data/fashion-mnist-subset}; the output folder (default {@code target/quickstart}) is emptied first.
 */
public final class Quickstart {
  /** Fashion-MNIST's classes, in label order. */
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  private static final int K = 10;
  private static final int SIDE = 28;
  private static final int BATCH = 128;
  private static final Path FULL = Path.of("/usr/share/datasets/fashion-mnist");

  private Quickstart() {}

  /**
   * What a run does; {@link #defaults(Path, Path)} is the README's run.
   *
   * @param data a folder with the four Fashion-MNIST IDX files (gzip)
   * @param out the output folder (emptied first)
   * @param headFraction the largest class keeps this fraction of its training images; class c keeps
   *     {@code head * ratio^(-c/9)}
   * @param ratio the imbalance ratio, largest class over smallest
   * @param validationFraction this fraction of each class's training images (from the end of the file) is the
   *     validation split
   * @param poolLimit at most this many unlabeled pool images (all when larger than what is left)
   * @param testLimit at most this many test images (the first of the test file)
   * @param labelBudget how many pool images to ask the annotators about
   * @param epochs training epochs of every model
   * @param seed the one seed every random choice derives from
   * @param targetPrecision the precision the shipped threshold must reach on validation data
   * @param report whether to write the HTML report
   * @param progress where the training progress bar goes, or null for none
   */
  public record Settings(Path data, Path out, double headFraction, double ratio, double validationFraction,
      int poolLimit, int testLimit, int labelBudget, int epochs, long seed, double targetPrecision, boolean report,
      PrintStream progress) {}

  /** The README's run on the data in {@code data}, writing to {@code out}. */
  public static Settings defaults(Path data, Path out) {
    return new Settings(data, out, 0.8, 100, 0.1, Integer.MAX_VALUE, Integer.MAX_VALUE, 1500, 12, 42, 0.95, true,
        System.out);
  }

  /**
   * One trained model's figures.
   *
   * @param name the model's name
   * @param version the dataset version it was trained on
   * @param trainCounts training images per class
   * @param tau the logit adjustment chosen on validation data (0 for none)
   * @param threshold the confidence threshold that reached the target precision on validation data, if any
   * @param test the confusion matrix on the test split
   * @param testPredicted the predicted class of every test image
   * @param precisionAtThreshold precision of the test predictions at or above the threshold (NaN without one)
   * @param coverageAtThreshold the fraction of test images at or above the threshold (0 without one)
   * @param history per-epoch training loss and validation metrics
   * @param seconds wall time of training
   * @param provenance the model's lineage
   */
  public record ModelResult(String name, String version, long[] trainCounts, double tau,
      Optional<Thresholds.Choice> threshold, ConfusionMatrix test, int[] testPredicted, double precisionAtThreshold,
      double coverageAtThreshold, List<EpochResult> history, double seconds, Provenance provenance) {
    /** The smallest per-class recall on the test split. */
    public double smallestRecall() {
      return test.recall(test.worstRecallClass());
    }
  }

  /**
   * What the label QA of step 6 found.
   *
   * @param annotators the annotator ids (as imported: {@code labelstudio:<email>}), in id order
   * @param estimatedAccuracy Dawid–Skene's estimate of each annotator's accuracy
   * @param trueAccuracy each annotator's accuracy against the held-back truth (what QA cannot see)
   * @param answered tasks each annotator answered
   * @param pairwiseKappa Cohen's kappa of every pair of annotators on the tasks both answered
   * @param fleissKappa Fleiss' kappa over all tasks
   * @param krippendorffAlpha Krippendorff's alpha (nominal) over all tasks
   * @param flagged annotators whose estimated accuracy is below {@link #FLAG_BELOW}
   * @param majorityAccuracy accuracy of the majority vote against the truth
   * @param dawidSkeneAccuracy accuracy of the Dawid–Skene labels against the truth
   */
  public record Qa(List<String> annotators, double[] estimatedAccuracy, double[] trueAccuracy, int[] answered,
      double[][] pairwiseKappa, double fleissKappa, double krippendorffAlpha, List<String> flagged,
      double majorityAccuracy, double dawidSkeneAccuracy) {
    /** Annotators with an estimated accuracy below this are flagged. */
    public static final double FLAG_BELOW = 0.8;
  }

  /**
   * Everything a run computed.
   *
   * @param settings the settings
   * @param repository the repository folder
   * @param v1 the first version's commit
   * @param v2 the version with the annotators' labels
   * @param counts labeled training images per class, per version tag
   * @param poolSize unlabeled pool images in v1
   * @param validationSize validation images
   * @param testLabels the true class of every test image
   * @param baseline step 2's model
   * @param balanced step 3's model (v1)
   * @param retrained step 7's model (v2)
   * @param selected the pool records chosen for labeling, most uncertain first
   * @param qa the label QA
   * @param feedback what the feedback commit did
   * @param diff v1 to v2
   * @param log the branch's commits, newest first
   * @param balancedOverBaseline balanced minus baseline test balanced accuracy, with its bootstrap interval
   * @param v2OverV1 v2's model minus v1's, test balanced accuracy, with its bootstrap interval
   * @param v2OverV1SmallestRecall v2's model minus v1's, test smallest-class recall, with its interval
   * @param tracedVersion the version the saved v2 model's lineage traces back to
   * @param stepSeconds wall time of each step, in order
   * @param report the HTML report, if written
   */
  public record Outcome(Settings settings, Path repository, Commit v1, Commit v2, Map<String, long[]> counts,
      int poolSize, int validationSize, int[] testLabels, ModelResult baseline, ModelResult balanced,
      ModelResult retrained, List<String> selected, Qa qa, FeedbackCommit.Result feedback, Diff diff,
      List<Commit> log, PairedBootstrap.Interval balancedOverBaseline, PairedBootstrap.Interval v2OverV1,
      PairedBootstrap.Interval v2OverV1SmallestRecall, String tracedVersion, Map<String, Double> stepSeconds,
      Optional<Path> report) {}

  /**
   * Runs the README's quickstart.
   *
   * @param args {@code [--full] [output folder]}
   */
  public static void main(String[] args) throws Exception {
    boolean full = false;
    Path out = Path.of("target/quickstart");
    for (String a : args) {
      if (a.equals("--full")) {
        full = true;
      } else if (a.startsWith("--")) {
        throw new IllegalArgumentException("unknown option " + a + "; usage: Quickstart [--full] [output folder]");
      } else {
        out = Path.of(a);
      }
    }
    Path data = full ? FULL : subset();
    if (full && !Files.isRegularFile(FULL.resolve("train-images-idx3-ubyte.gz"))) {
      throw new IllegalStateException("--full reads " + FULL + ": install Debian's dataset-fashion-mnist");
    }
    long start = System.nanoTime();
    Outcome o = run(defaults(data, out.toAbsolutePath()), System.out);
    System.out.printf(Locale.ROOT, "%nquickstart finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
    if (o.report().isPresent()) {
      System.out.println("report: " + o.report().get().toUri());
    }
  }

  /** The committed subset, looked up from the working directory (the project root or a module folder). */
  private static Path subset() {
    for (Path p : List.of(Path.of("data/fashion-mnist-subset"), Path.of("../data/fashion-mnist-subset"))) {
      if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz"))) {
        return p;
      }
    }
    throw new IllegalStateException("data/fashion-mnist-subset not found from " + Path.of("").toAbsolutePath()
        + ": run from the checkout's root or a module folder");
  }

  /** Runs the flywheel and prints its progress and results on {@code out}. */
  public static Outcome run(Settings s, PrintStream out) throws Exception {
    deleteTree(s.out());
    Files.createDirectories(s.out());
    Steps steps = new Steps(out);
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS)
        .addClassNames(CLASSES.toArray(String[]::new)).optLabelRequired(false)
        .addAttribute("width", AttributeType.LONG).addAttribute("height", AttributeType.LONG).build();
    Path repoDir = s.out().resolve("repo");
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(repoDir).build();
        LabelStore labels = LabelStores.sqlite(s.out().resolve("labels.db")).build()) {
      Repository repo = Repository.init(store);

      // 1. Import: the long tail (labeled), validation, test, and the pool without labels; commit v1.
      steps.start(1, "import Fashion-MNIST into a new repository");
      Imported imp = importV1(repo, schema, s);
      DatasetVersion v1 = repo.checkout("v1");
      ShardSet shards1 = VersionShards.pack(repo, v1, ShardWriter.builder());
      steps.done("v1 %s: %d labeled training images per class %s (ratio %.0f), %d validation, %d test, "
          + "%d unlabeled in the pool; %d shards", shortId(v1), sum(imp.trainCounts), Arrays.toString(imp.trainCounts),
          (double) imp.trainCounts[0] / imp.trainCounts[K - 1], imp.validation, imp.test, imp.truth.size(),
          shards1.shards().size());

      ImageTensors tensors = ImageTensors.builder().setSize(SIDE, SIDE).build();
      ModelResult baseline;
      ModelResult balanced;
      Predictions pool;
      Map<String, long[]> counts = new LinkedHashMap<>();
      int[] testLabels;
      try (Readers r1 = new Readers(shards1, store, v1, s.seed())) {
        long[] trainCounts = ClassWeights.countLabels(r1.trainLabels(), K);
        counts.put("v1", trainCounts);
        // 2. The baseline: uniform shuffling, plain cross-entropy, nothing else.
        steps.start(2, "train the baseline (plain cross-entropy)");
        Trained b = train("baseline", Recipe.BASELINE, r1, v1, tensors, s, trainCounts, false);
        baseline = b.result();
        testLabels = b.testLabels();
        steps.done("%s", summary(baseline));

        // 3. Stratified class-balanced batches, the recommended loss, flips on the device.
        steps.start(3, "train with class-balanced batches, the recommended loss and device augmentation");
        Trained t = train("balanced-v1", Recipe.BALANCED, r1, v1, tensors, s, trainCounts, true);
        balanced = t.result();
        pool = t.pool();
        steps.done("%s", summary(balanced));

        // 4. The threshold: shown in each summary; here what it means for the balanced model.
        steps.start(4, "choose the threshold for precision " + s.targetPrecision() + " on validation data");
        steps.done("%s", balanced.threshold().map(c -> String.format(Locale.ROOT, "confidence >= %.3f: validation "
            + "precision %.3f; on test precision %.3f, answering %.1f%% of the images, the rest go to people",
            c.threshold(), c.precision(), balanced.precisionAtThreshold(), 100 * balanced.coverageAtThreshold()))
            .orElse("no threshold reaches it on validation data: every prediction goes to people"));

        // 5. Active learning over the pool; Label Studio tasks with the model's predictions pre-filled.
      }
      steps.start(5, "choose what to label (margin uncertainty) and export Label Studio tasks");
      List<String> selected = ActiveLearning.uncertainty(Uncertainty.MARGIN)
          .setBatchSize(Math.min(s.labelBudget(), pool.size())).optSeed(s.seed()).build()
          .select(pool.probabilitiesById());
      Map<String, Annotation> predictions = new TreeMap<>();
      int[] predicted = pool.predicted();
      double[] confidence = pool.confidence();
      Map<String, Integer> row = new TreeMap<>();
      for (int i = 0; i < pool.size(); i++) {
        row.put(pool.ids().get(i), i);
      }
      for (String id : selected) {
        int i = row.get(id);
        predictions.put(id, Annotation.builder(id, ClassLabel.of(predicted[i])).setDatasetVersion(v1.id().toString())
            .setAnnotator("model:balanced-v1").optSource(LabelSource.MODEL).optConfidence(confidence[i]).build());
      }
      labels.addAll(predictions.values());
      Path ls = Files.createDirectories(s.out().resolve("label-studio"));
      Path images = Files.createDirectories(ls.resolve("images"));
      Set<String> chosen = Set.copyOf(selected);
      List<Record> toLabel = new ArrayList<>();
      for (Record r : v1) {
        if (chosen.contains(r.id())) {
          toLabel.add(r);
          Files.write(images.resolve(r.id() + ".png"), v1.readBlob(r.blob().orElseThrow()));
        }
      }
      String tasks = LabelStudio.exporter(schema).setMediaUrl(r -> "/data/local-files/?d=images/" + r.id() + ".png")
          .build().export(toLabel, predictions);
      Files.writeString(ls.resolve("tasks.json"), tasks);
      Files.writeString(ls.resolve("labeling-config.xml"), LabelStudio.labelingConfig(schema));
      long[] chosenPerClass = new long[K];
      selected.forEach(id -> chosenPerClass[imp.truth.get(id)]++);
      steps.done("%d of %d pool images (true classes %s, which the model does not know); tasks with predictions in "
          + "%s", selected.size(), pool.size(), Arrays.toString(chosenPerClass), ls.resolve("tasks.json"));

      // 6. The users answer; their export comes back through the Label Studio importer; QA; commit v2.
      steps.start(6, "play the users: annotate, import, check, commit v2");
      SimulatedAnnotators team = new SimulatedAnnotators(List.of(
          new SimulatedAnnotators.Annotator("ana@example.com", 1, 0.97),
          new SimulatedAnnotators.Annotator("ben@example.com", 2, 0.95),
          new SimulatedAnnotators.Annotator("chloe@example.com", 3, 0.96),
          new SimulatedAnnotators.Annotator("careless@example.com", 4, 0.55)), 3, s.seed());
      String export = team.answer(tasks, imp.truth, CLASSES);
      Files.writeString(ls.resolve("export.json"), export);
      LabelStudioImporter.Result imported = LabelStudio.importer(schema).setDatasetVersion(v1.id().toString())
          .optKnownRecords(selected).build().importInto(labels, export);
      Qa qa = qa(labels, v1.id().toString(), imp.truth);
      FeedbackCommit.Result feedback = FeedbackCommit.builder(repo, labels).setBranch(Repository.DEFAULT_BRANCH)
          .setRule(FeedbackCommit.Rule.DAWID_SKENE).optMinVotes(2).optAuthor("quickstart")
          .build().commit();
      DatasetVersion v2 = feedback.version().orElseThrow(() -> new IllegalStateException("no label changed"));
      repo.createTag("v2", v2.id().toString());
      Diff diff = repo.diff("v1", "v2");
      steps.done("imported %d annotations of %d tasks; Fleiss' kappa %.3f, Krippendorff's alpha %.3f; Dawid–Skene "
          + "accuracy %s; flagged: %s; v2 %s re-labels %d records (%d added, %d removed, %d changed from v1), "
          + "consensus right for %.1f%% of them (majority vote %.1f%%)", imported.annotations().size(),
          imported.tasks(), qa.fleissKappa(), qa.krippendorffAlpha(), accuracies(qa), qa.flagged(), shortId(v2),
          feedback.recordsChanged(), diff.added().size(), diff.removed().size(), diff.changed().size(),
          100 * qa.dawidSkeneAccuracy(), 100 * qa.majorityAccuracy());

      // 7. The same recipe, epochs and seed on v2.
      steps.start(7, "retrain the balanced recipe on v2");
      ShardSet shards2 = VersionShards.pack(repo, v2, ShardWriter.builder());
      ModelResult retrained;
      try (Readers r2 = new Readers(shards2, store, v2, s.seed())) {
        long[] trainCounts = ClassWeights.countLabels(r2.trainLabels(), K);
        counts.put("v2", trainCounts);
        retrained = train("balanced-v2", Recipe.BALANCED, r2, v2, tensors, s, trainCounts, false).result();
      }
      steps.done("%s", summary(retrained));

      // 8. The table, the effect sizes, the lineage, the report.
      steps.start(8, "compare, trace the lineage, write the report");
      PairedBootstrap.Interval overBaseline = PairedBootstrap.difference(testLabels, baseline.testPredicted(),
          balanced.testPredicted(), K, ConfusionMatrix::balancedAccuracy, 1000, 0.95, s.seed());
      PairedBootstrap.Interval v2OverV1 = PairedBootstrap.difference(testLabels, balanced.testPredicted(),
          retrained.testPredicted(), K, ConfusionMatrix::balancedAccuracy, 1000, 0.95, s.seed());
      PairedBootstrap.Interval v2OverV1Min = PairedBootstrap.difference(testLabels, balanced.testPredicted(),
          retrained.testPredicted(), K, cm -> cm.recall(cm.worstRecallClass()), 1000, 0.95, s.seed());
      Provenance lineage = ModelLineage.read(s.out().resolve("models").resolve("balanced-v2"));
      DatasetVersion traced = Lineage.trace(repo, lineage);
      if (!traced.id().equals(v2.id())) {
        throw new IllegalStateException("the v2 model's lineage traces to " + traced.id() + ", expected " + v2.id());
      }
      List<Commit> log = repo.log(Repository.DEFAULT_BRANCH);
      Outcome partial = new Outcome(s, repoDir, v1.commit(), v2.commit(), counts, imp.truth.size(), imp.validation,
          testLabels, baseline, balanced, retrained, selected, qa, feedback, diff, log, overBaseline, v2OverV1,
          v2OverV1Min, traced.id().toString(), steps.seconds, Optional.empty());
      Optional<Path> report = Optional.empty();
      if (s.report()) {
        report = Optional.of(FlywheelReport.write(partial, repo, s.out().resolve("report.html")));
      }
      steps.done("the v2 model's lineage traces back to %s (%d records)", shortId(traced), traced.size());
      Outcome o = new Outcome(s, repoDir, v1.commit(), v2.commit(), counts, imp.truth.size(), imp.validation,
          testLabels, baseline, balanced, retrained, selected, qa, feedback, diff, log, overBaseline, v2OverV1,
          v2OverV1Min, traced.id().toString(), steps.seconds, report);
      printTable(o, out);
      return o;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Step 1

  /** What the import decided: class sizes, split sizes and the pool's held-back truth. */
  private record Imported(long[] trainCounts, int validation, int test, Map<String, Integer> truth) {}

  private static Imported importV1(Repository repo, DatasetSchema schema, Settings s) throws Exception {
    IdxDataset train = Idx.read(s.data().resolve("train-images-idx3-ubyte.gz"),
        s.data().resolve("train-labels-idx1-ubyte.gz"));
    IdxDataset test = Idx.read(s.data().resolve("t10k-images-idx3-ubyte.gz"),
        s.data().resolve("t10k-labels-idx1-ubyte.gz"));
    long[] perClass = ClassWeights.countLabels(train.labels(), K);
    long smallestClass = Arrays.stream(perClass).min().orElseThrow();
    int head = (int) Math.floor(smallestClass * s.headFraction());
    int validationPerClass = (int) Math.floor(smallestClass * s.validationFraction());
    long[] tail = new long[K];
    for (int c = 0; c < K; c++) {
      tail[c] = Math.max(1, (long) Math.floor(head * Math.pow(s.ratio(), -c / (double) (K - 1))));
    }
    // role of each training image, in file order: the first tail[c] of class c train, the last
    // validationPerClass of it validate, the others (up to the pool limit) are the unlabeled pool
    Split pool = Split.TRAIN;
    Split[] role = new Split[train.size()];
    long[] seen = new long[K];
    int poolLeft = s.poolLimit();
    for (int i = 0; i < train.size(); i++) {
      int c = train.label(i);
      long k = seen[c]++;
      if (k < tail[c]) {
        role[i] = Split.TRAIN;
      } else if (k >= perClass[c] - validationPerClass) {
        role[i] = Split.VALIDATION;
      } else if (poolLeft > 0) {
        poolLeft--;
        role[i] = Split.NONE; // marks the pool; stored as unlabeled training records
      }
    }
    Map<String, Integer> truth = new TreeMap<>();
    int[] validation = {0};
    CommitBuilder commit = repo.commit(Repository.DEFAULT_BRANCH).optSchema(schema).optAuthor("quickstart")
        .setMessage(String.format(Locale.ROOT, "Fashion-MNIST, long-tailed (ratio %.0f) with an unlabeled pool",
            s.ratio()))
        .addLineage("source", s.data().toAbsolutePath().normalize().toString())
        .addLineage("source.licence", "MIT, Zalando Research (Fashion-MNIST)")
        .addLineage("long_tail.class_sizes", Arrays.toString(tail));
    RecordSink sink = RecordSink.into(commit);
    int[] index = {0};
    Idx.importTo(train, "train", Split.TRAIN, CLASSES, new RecordSink() {
      @Override
      public void add(Record r, byte[] data) throws DataException {
        Split role1 = role[index[0]++];
        if (role1 == null) {
          return; // beyond the pool limit: not imported
        }
        if (role1 == Split.NONE) {
          truth.put(r.id(), ((ClassLabel) r.label().orElseThrow()).index());
          sink.add(r.toBuilder().optLabel(null).optSplit(pool).build(), data);
        } else {
          validation[0] += role1 == Split.VALIDATION ? 1 : 0;
          sink.add(r.toBuilder().optSplit(role1).build(), data);
        }
      }

      @Override
      public void flush() throws DataException {
        sink.flush();
      }
    });
    int[] testCount = {0};
    Idx.importTo(test, "test", Split.TEST, CLASSES, new RecordSink() {
      @Override
      public void add(Record r, byte[] data) throws DataException {
        if (testCount[0] < s.testLimit()) {
          testCount[0]++;
          sink.add(r, data);
        }
      }

      @Override
      public void flush() throws DataException {
        sink.flush();
      }
    });
    DatasetVersion v1 = commit.commit();
    repo.createTag("v1", v1.id().toString());
    return new Imported(tail, validation[0], testCount[0], truth);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Steps 2, 3 and 7

  /** The readers of one version: labeled training records, validation, test and the unlabeled pool. */
  private static final class Readers implements AutoCloseable {
    final DatasetReader train;
    final DatasetReader validation;
    final DatasetReader test;
    final DatasetReader pool;

    Readers(ShardSet shards, BlobStore store, DatasetVersion v, long seed) throws DataException {
      ShardFilter.Builder labeled = ShardFilter.builder().addSplit(Split.TRAIN);
      for (int c = 0; c < K; c++) {
        labeled.addClass(c);
      }
      train = reader(shards, store, v, labeled.build(), seed);
      validation = reader(shards, store, v, ShardFilter.builder().addSplit(Split.VALIDATION).build(), seed);
      test = reader(shards, store, v, ShardFilter.builder().addSplit(Split.TEST).build(), seed);
      pool = reader(shards, store, v, ShardFilter.builder().addSplit(Split.TRAIN).addClass(-1).build(), seed);
    }

    private static DatasetReader reader(ShardSet shards, BlobStore store, DatasetVersion v, ShardFilter f, long seed)
        throws DataException {
      return DatasetReader.builder().setShards(shards).setStore(store).optBlobSource(v::readBlob).optFilter(f)
          .optSeed(seed).build();
    }

    /** A reader's images (N, 1, 28, 28) in [0, 1] and class indices (N), decoded once into {@code m}. */
    NDArray[] arrays(DatasetReader reader, ImageTensors tensors, NDManager m) throws DataException {
      int n = Math.toIntExact(reader.size());
      byte[] px = new byte[n * tensors.imageBytes()];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        var sample = reader.get(i);
        tensors.decode(sample, px, i * tensors.imageBytes());
        y[i] = sample.classIndex();
      }
      return new NDArray[] {tensors.images(m, px, n), m.create(y)};
    }

    int[] trainLabels() throws DataException {
      int[] y = new int[Math.toIntExact(train.size())];
      for (int i = 0; i < y.length; i++) {
        y[i] = train.get(i).classIndex();
      }
      return y;
    }

    @Override
    public void close() {
      train.close();
      validation.close();
      test.close();
      pool.close();
    }
  }

  /** The two recipes the quickstart compares. */
  private enum Recipe {
    /** Uniform shuffling, cross-entropy, no augmentation, no adjustment. */
    BASELINE,
    /**
     * datamgmt-train's recommended long-tail recipe (benchmarks/log/train.md, chosen on validation data): stratified
     * class-balanced batches (12 of each class per batch of 128, the rest class-balanced too), cross-entropy with
     * label smoothing 0.1, an exponential moving average of the weights (decay 0.99) and a post-hoc logit
     * adjustment whose tau (0 to 1 in steps of 0.05: it takes back the training prior, never amplifies it)
     * maximizes the validation set's smallest class recall (ties: its balanced accuracy; the benchmark's
     * {@code tau=valmin}), since the rarest-recalled class is what this run is about; plus horizontal flips on the
     * device.
     */
    BALANCED
  }

  /** The small CNN of datamgmt-train's long-tail benchmark. */
  static Block network() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
        .add(Linear.builder().setUnits(K).build());
  }

  /**
   * Trains one model on a version's labeled training records, validating every epoch; every model trains the same
   * number of epochs with the same settings and seed (an epoch is the version's training set), so a v2 model differs
   * from the v1 one by its data (and the steps more data makes). Saves it with its lineage under
   * {@code out/models/<name>}.
   */
  private static Trained train(String name, Recipe recipe, Readers r, DatasetVersion v, ImageTensors tensors,
      Settings s, long[] counts, boolean predictPool) throws Exception {
    int[] y = r.trainLabels();
    long batchesPerEpoch = (y.length + BATCH - 1) / BATCH; // an epoch is the version's training set
    long start = System.nanoTime();
    try (Model model = Model.newInstance(name, "PyTorch"); NDManager arrays = model.getNDManager().newSubManager()) {
      model.setBlock(network());
      // A few thousand 28x28 images fit in memory: decode them once. A version that does not fit streams through
      // ShardRandomAccessDataset (same reader, same tensors, same samplers) instead.
      NDArray[] train = r.arrays(r.train, tensors, arrays);
      NDArray[] validation = r.arrays(r.validation, tensors, arrays);
      TrainingLoop.Builder loop = TrainingLoop.builder().setModel(model).setTrainingData(train[0], train[1])
          .setInputShape(new Shape(1, 1, SIDE, SIDE)).setNumClasses(K).setEpochs(s.epochs()).optInitSeed(s.seed())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), "adam(lr=0.001)")
          .optValidationData(validation[0], validation[1]).optDatasetVersion(v.id().toString())
          .addLineageSource("recipe", recipe.name().toLowerCase(Locale.ROOT));
      if (s.progress() != null) {
        loop.optProgress(s.progress());
      }
      if (recipe == Recipe.BASELINE) {
        loop.setLoss(Losses.crossEntropy().build())
            .optSampler(Samplers.random(BATCH, s.seed()));
      } else {
        EpochSampler sampler = Samplers.stratified(y, K).setBatchSize(BATCH).optPerClass(12)
            .optClassBalancedRest(true).optBatchesPerEpoch(batchesPerEpoch).optSeed(s.seed()).build();
        loop.setLoss(Losses.crossEntropy().optLabelSmoothing(0.1f).build()).optSampler(sampler)
            .optWeightAveraging(WeightAveraging.ema(0.99))
            .optBatchTransform(DeviceAugmenter.of(Pipeline.builder().setSeed(s.seed())
                .add(ImageOps.horizontalFlip(0.5)).build()).asBatchTransform());
      }
      TrainingReport report = loop.build().fit();
      double seconds = (System.nanoTime() - start) / 1e9;
      Path dir = s.out().resolve("models").resolve(name);
      ModelLineage.save(model, dir, name, report.provenance());
      Predictions val = Predictions.of(model, r.validation, tensors, 512);
      Predictions test = Predictions.of(model, r.test, tensors, 512);
      // tau >= 0: the adjustment only ever takes back the training prior, never amplifies it
      double tau = recipe == Recipe.BASELINE ? 0 : LogitAdjustment.choose(val.logits(), val.labels(), counts,
          LogitAdjustment.Criterion.SMALLEST_RECALL, 0, 1, 0.05).tau();
      LogitAdjustment adjustment = LogitAdjustment.of(counts, tau);
      val = val.adjusted(adjustment);
      test = test.adjusted(adjustment);
      // 4. ship only what is confident enough for the target precision on validation data
      Optional<Thresholds.Choice> choice = Thresholds.forPrecision(val.confidence(), val.correct(),
          s.targetPrecision());
      double precision = Double.NaN;
      double coverage = 0;
      if (choice.isPresent()) {
        double[] conf = test.confidence();
        float[] scores = new float[conf.length];
        int above = 0;
        for (int i = 0; i < conf.length; i++) {
          scores[i] = (float) conf[i];
          above += conf[i] >= choice.get().threshold() ? 1 : 0;
        }
        precision = ThresholdMetrics.of(scores, test.correct()).precisionAt((float) choice.get().threshold());
        coverage = above / (double) conf.length;
      }
      return new Trained(new ModelResult(name, v.id().toString(), counts, tau, choice, test.confusion(),
          test.predicted(), precision, coverage, report.history(), seconds, report.provenance()),
          test.labels(), predictPool ? Predictions.of(model, r.pool, tensors, 512).adjusted(adjustment) : null);
    }
  }

  /** A trained model's figures, the test split's true classes and, when asked for, its adjusted pool predictions. */
  private record Trained(ModelResult result, int[] testLabels, Predictions pool) {}

  // ---------------------------------------------------------------------------------------------------------
  // Step 6

  /** QA over the human labels on v1, with the truth beside it for the figures (QA itself never sees it). */
  private static Qa qa(LabelStore labels, String version, Map<String, Integer> truth) throws DataException {
    List<Annotation> human = labels.labelsOn(version).stream().filter(a -> a.source() == LabelSource.HUMAN).toList();
    Ratings r = Ratings.fromAnnotations(human, K);
    ConsensusResult ds = Consensus.dawidSkene(r).build().fit();
    ConsensusResult mv = Consensus.majorityVote(r);
    int raters = r.numRaters();
    double[] est = new double[raters];
    double[] truthAcc = new double[raters];
    int[] answered = new int[raters];
    double[][] kappa = new double[raters][raters];
    List<String> flagged = new ArrayList<>();
    for (int j = 0; j < raters; j++) {
      est[j] = ds.estimatedAccuracy(j);
      int right = 0;
      for (int i = 0; i < r.numItems(); i++) {
        if (r.get(i, j) != Ratings.MISSING) {
          answered[j]++;
          right += r.get(i, j) == truth.get(r.itemIds().get(i)) ? 1 : 0;
        }
      }
      truthAcc[j] = answered[j] == 0 ? Double.NaN : right / (double) answered[j];
      if (est[j] < Qa.FLAG_BELOW) {
        flagged.add(r.raterIds().get(j));
      }
      for (int k = 0; k < raters; k++) {
        kappa[j][k] = j == k ? 1 : Agreement.cohenKappa(r, j, k, Agreement.KappaWeights.NONE);
      }
    }
    int dsRight = 0;
    int mvRight = 0;
    for (int i = 0; i < r.numItems(); i++) {
      int t = truth.get(r.itemIds().get(i));
      dsRight += ds.label(i) == t ? 1 : 0;
      mvRight += mv.label(i) == t ? 1 : 0;
    }
    return new Qa(r.raterIds(), est, truthAcc, answered, kappa, Agreement.fleissKappa(r),
        Agreement.krippendorffAlpha(r), List.copyOf(flagged), mvRight / (double) r.numItems(),
        dsRight / (double) r.numItems());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Printing

  private static String summary(ModelResult m) {
    EpochResult last = m.history().get(m.history().size() - 1);
    return String.format(Locale.ROOT, "%s: %d epochs on %d images, final training loss %.3f; test balanced accuracy "
        + "%.4f, smallest-class recall %.3f (%s)%s; %.0f samples/s", m.name(), m.history().size(),
        sum(m.trainCounts()), last.trainLoss(), m.test().balancedAccuracy(), m.smallestRecall(),
        CLASSES.get(m.test().worstRecallClass()), m.tau() == 0 ? "" : String.format(Locale.ROOT,
            ", logit adjustment tau %.2f chosen on validation", m.tau()),
        m.history().stream().mapToDouble(EpochResult::samplesPerSecond).average().orElse(0));
  }

  private static String accuracies(Qa qa) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < qa.annotators().size(); j++) {
      sb.append(j == 0 ? "" : ", ").append(qa.annotators().get(j).replace("labelstudio:", ""))
          .append(String.format(Locale.ROOT, " %.2f (true %.2f)", qa.estimatedAccuracy()[j], qa.trueAccuracy()[j]));
    }
    return sb.toString();
  }

  private static void printTable(Outcome o, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "%-12s %-14s %8s %10s %10s %12s %10s %10s%n", "model", "data", "images",
        "bal. acc.", "min recall", "threshold", "precision", "answered");
    for (ModelResult m : List.of(o.baseline(), o.balanced(), o.retrained())) {
      String tag = m.version().equals(o.v1().id().toString()) ? "v1" : "v2";
      out.printf(Locale.ROOT, "%-12s %-14s %8d %10.4f %10.3f %12s %10s %9.1f%%%n", m.name(), tag + " "
          + m.version().substring(7, 14), sum(m.trainCounts()), m.test().balancedAccuracy(), m.smallestRecall(),
          m.threshold().map(c -> String.format(Locale.ROOT, "%.3f", c.threshold())).orElse("none"),
          Double.isNaN(m.precisionAtThreshold()) ? "-" : String.format(Locale.ROOT, "%.3f", m.precisionAtThreshold()),
          100 * m.coverageAtThreshold());
    }
    out.printf(Locale.ROOT, "(test split, %d images; threshold: the lowest confidence with validation precision >= %.2f"
        + "; precision and answered: on test at that threshold)%n", o.testLabels().length,
        o.settings().targetPrecision());
    out.printf(Locale.ROOT, "balanced - baseline, balanced accuracy: %+.4f (95%% interval %+.4f .. %+.4f)%n",
        o.balancedOverBaseline().estimate(), o.balancedOverBaseline().low(), o.balancedOverBaseline().high());
    out.printf(Locale.ROOT, "v2 - v1 (same recipe, epochs and seed), balanced accuracy: %+.4f (95%% interval %+.4f .. %+.4f),"
        + " smallest-class recall: %+.3f (%+.3f .. %+.3f); paired class-stratified bootstrap over the test images, "
        + "%d resamples%n", o.v2OverV1().estimate(), o.v2OverV1().low(), o.v2OverV1().high(),
        o.v2OverV1SmallestRecall().estimate(), o.v2OverV1SmallestRecall().low(), o.v2OverV1SmallestRecall().high(),
        o.v2OverV1().resamples());
  }

  private static String shortId(DatasetVersion v) {
    return v.id().toString().substring(7, 19);
  }

  static long sum(long[] a) {
    return Arrays.stream(a).sum();
  }

  /** Prints "[n/8] what" when a step starts and its result with the wall time when it ends. */
  private static final class Steps {
    private final PrintStream out;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long start;
    private int step;
    private String what;

    Steps(PrintStream out) {
      this.out = out;
    }

    void start(int step, String what) {
      this.step = step;
      this.what = what;
      start = System.nanoTime();
      out.printf(Locale.ROOT, "[%d/8] %s%n", step, what);
      out.flush();
    }

    void done(String format, Object... args) {
      double s = (System.nanoTime() - start) / 1e9;
      seconds.put(step + ". " + what, s);
      out.printf(Locale.ROOT, "      %s (%.1f s)%n", String.format(Locale.ROOT, format, args), s);
      out.flush();
    }
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

  /** A stream that discards everything (for quiet runs). */
  static PrintStream nowhere() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
