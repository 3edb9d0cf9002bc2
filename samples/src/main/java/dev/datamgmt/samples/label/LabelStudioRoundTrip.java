package dev.datamgmt.samples.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.feedback.FeedbackCommit;
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
import dev.datamgmt.samples.data.FashionMnistSubset;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Label Studio round trip: unlabeled images committed as version v1; a model's predictions exported as Label
 * Studio tasks (with the labeling config and the images to serve); the annotators' work imported from Label
 * Studio's JSON export into the label store (SQLite); label QA (Fleiss' kappa, Dawid–Skene's estimate of each
 * annotator's accuracy); and the decided labels committed as v2, whose provenance names every annotator.
 *
 * <pre>
 * mvn -B -q -Pquickstart -pl samples -am verify -DskipTests \
 *     -Dsample.main=dev.datamgmt.samples.label.LabelStudioRoundTrip -Dsample.args="target/label-studio"
 * </pre>
 *
 * <p>With a Label Studio of your own: start it with {@code LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=true} and
 * {@code LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=<out>}, create a project with {@code <out>/labeling-config.xml},
 * import {@code <out>/tasks.json}, annotate, export as JSON and pass the file as the second argument. Without one,
 * the sample plays three annotators (one careless) from the images' true Fashion-MNIST classes.
 */
public final class LabelStudioRoundTrip {
  /** Fashion-MNIST's class names, in label order. */
  public static final List<String> CLASSES = FashionMnistSubset.CLASSES;
  /** The simulated annotators and how often each picks a wrong class. */
  static final Map<String, Double> ANNOTATORS = Map.of("alice@example.com", 0.0, "bob@example.com", 0.05,
      "carol@example.com", 0.4);

  private LabelStudioRoundTrip() {}

  /** What a run did. */
  public record Result(String v1, String v2, int tasks, int annotations, double fleissKappa,
      Map<String, Double> estimatedAccuracy, int recordsLabelled, int correct) {}

  /**
   * Runs the round trip in {@code out}, which must not hold an earlier run's repository or label store.
   *
   * @param out the output folder
   * @param count how many images to label (from the test set; at most 2,000)
   * @param labelStudioExport a Label Studio JSON export of {@code out/tasks.json}'s project, or null to simulate
   *     the annotators
   * @return what the run did
   * @throws Exception if the data, the repository or the label store fail
   */
  public static Result run(Path out, int count, Path labelStudioExport) throws Exception {
    IdxDataset pool = FashionMnistSubset.test();
    NearestCentroid model = NearestCentroid.fit(FashionMnistSubset.train(), 3000);
    Files.createDirectories(out.resolve("media"));
    try (BlobStore folder = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build();
        LabelStore labels = LabelStores.sqlite(out.resolve("labels.db")).build()) {
      Repository repo = Repository.init(folder);
      DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames(
          CLASSES.toArray(String[]::new)).addAttribute("width", AttributeType.LONG)
          .addAttribute("height", AttributeType.LONG).build();

      // v1: the images without labels, and the model's predictions for them
      CommitBuilder c = repo.commit("main").optSchema(schema).setMessage(count + " unlabelled images");
      Map<String, double[]> predicted = new HashMap<>();
      IdxImages im = pool.images();
      byte[] px = new byte[im.imageSize()];
      for (int i = 0; i < count; i++) {
        String id = String.format("img-%04d", i);
        im.copyImage(i, px, 0);
        byte[] png = Png.encode(px, im.cols(), im.rows(), 1);
        Files.write(out.resolve("media").resolve(id + ".png"), png);
        c.addRecord(Record.builder(id).setBlob(c.putBlob(png, "image/png")).addAttribute("width", (long) im.cols())
            .addAttribute("height", (long) im.rows()).build());
        predicted.put(id, model.predict(px));
      }
      DatasetVersion v1 = c.commit();
      Map<String, Annotation> predictions = new HashMap<>();
      predicted.forEach((id, p) -> predictions.put(id, Annotation.builder(id, ClassLabel.of((int) p[0]))
          .setDatasetVersion(v1.id().toString()).setAnnotator("nearest-centroid-v1").optSource(LabelSource.MODEL)
          .optConfidence(p[1]).build()));

      // tour:label-studio:start
      String config = LabelStudio.labelingConfig(schema);          // <View><Image name="image" .../><Choices ...>
      String tasks = LabelStudio.exporter(schema)
          .setMediaUrl(r -> "/data/local-files/?d=media/" + r.id() + ".png")   // served by Label Studio
          .build().export(v1, predictions);                          // predictions: record id -> model Annotation
      // ... annotators work in Label Studio; its JSON export comes back ...
      String export = labelStudioExport != null ? Files.readString(labelStudioExport) : simulate(tasks, pool);
      LabelStudioImporter.Result imported = LabelStudio.importer(schema)
          .setDatasetVersion(v1.id().toString())
          .optKnownRecords(v1.records().stream().map(Record::id).toList())
          .build().importInto(labels, export);                       // one transaction: all or nothing

      Ratings ratings = Ratings.fromAnnotations(labels.labelsOn(v1.id().toString()), CLASSES.size());
      double kappa = Agreement.fleissKappa(ratings);                 // agreement beyond chance
      ConsensusResult ds = Consensus.dawidSkene(ratings).build().fit();   // ds.estimatedAccuracy(annotator)
      FeedbackCommit.Result v2 = FeedbackCommit.builder(repo, labels)
          .setBranch("main").setRule(FeedbackCommit.Rule.DAWID_SKENE)   // careful annotators outweigh careless
          .optSources(EnumSet.of(LabelSource.HUMAN)).optMinVotes(2).build().commit();
      // tour:label-studio:end
      Files.writeString(out.resolve("labeling-config.xml"), config);
      Files.writeString(out.resolve("tasks.json"), tasks);

      Map<String, Double> accuracy = new java.util.TreeMap<>();
      for (int j = 0; j < ratings.numRaters(); j++) {
        accuracy.put(ratings.raterIds().get(j), ds.estimatedAccuracy(j));
      }
      DatasetVersion labelled = v2.version().orElseThrow(() -> new IllegalStateException("no label changed"));
      int correct = 0;
      for (Record r : labelled) {
        int truth = pool.label(Integer.parseInt(r.id().substring(4)));
        correct += r.label().map(l -> ((ClassLabel) l).index() == truth).orElse(false) ? 1 : 0;
      }
      System.out.printf("v1 %s: %d unlabelled images; tasks with predictions: %s, config: %s%n", v1.id(), count,
          out.resolve("tasks.json"), out.resolve("labeling-config.xml"));
      System.out.printf("imported %d annotations of %d tasks into %s; Fleiss' kappa %.3f%n",
          imported.annotations().size(), imported.tasks(), out.resolve("labels.db"), kappa);
      accuracy.forEach((who, a) -> System.out.printf("  Dawid-Skene's estimated accuracy of %-32s %.3f%n", who, a));
      System.out.printf("v2 %s: %d records labelled (%d skipped), %d of them the true class; provenance: %s%n",
          labelled.id(), v2.recordsChanged(), v2.recordsSkipped(), correct,
          labelled.commit().provenance().orElseThrow().sources());
      return new Result(v1.id().toString(), labelled.id().toString(), imported.tasks(),
          imported.annotations().size(), kappa, accuracy, v2.recordsChanged(), correct);
    }
  }

  /**
   * Label Studio's JSON export as three annotators would leave it: each task answered by each annotator, who picks
   * the true class except with their error rate (then a random other class); seeded.
   */
  static String simulate(String tasksJson, IdxDataset truth) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode tasks = (ArrayNode) json.readTree(tasksJson);
    SplittableRandom random = new SplittableRandom(11);
    int taskId = 1, annotationId = 1;
    for (var node : tasks) {
      ObjectNode task = (ObjectNode) node;
      task.put("id", taskId++);
      int cls = truth.label(Integer.parseInt(task.get("data").get("record_id").asText().substring(4)));
      ArrayNode annotations = task.putArray("annotations");
      int user = 1;
      for (String annotator : new java.util.TreeSet<>(ANNOTATORS.keySet())) {
        int answer = random.nextDouble() < ANNOTATORS.get(annotator)
            ? (cls + 1 + random.nextInt(CLASSES.size() - 1)) % CLASSES.size() : cls;
        ObjectNode a = annotations.addObject();
        a.put("id", annotationId++);
        a.putObject("completed_by").put("id", user++).put("email", annotator);
        a.put("was_cancelled", false);
        a.put("updated_at", "2026-12-01T10:00:00Z");
        a.put("lead_time", 3.5);
        ObjectNode result = a.putArray("result").addObject();
        result.put("id", "r" + annotationId).put("from_name", "label").put("to_name", "image").put("type", "choices");
        result.putObject("value").putArray("choices").add(CLASSES.get(answer));
      }
    }
    return json.writeValueAsString(tasks);
  }

  /** The "model" whose predictions go out with the tasks: the nearest class mean of the pixels. */
  record NearestCentroid(double[][] means) {
    static NearestCentroid fit(IdxDataset data, int count) {
      int size = data.images().imageSize();
      double[][] sums = new double[CLASSES.size()][size];
      int[] n = new int[CLASSES.size()];
      byte[] px = new byte[size];
      for (int i = 0; i < count; i++) {
        data.images().copyImage(i, px, 0);
        int c = data.label(i);
        n[c]++;
        for (int k = 0; k < size; k++) {
          sums[c][k] += px[k] & 0xff;
        }
      }
      for (int c = 0; c < sums.length; c++) {
        for (int k = 0; k < size; k++) {
          sums[c][k] /= Math.max(1, n[c]);
        }
      }
      return new NearestCentroid(sums);
    }

    /** {class, confidence}: the nearest mean, and d2 / (d1 + d2) of the two nearest distances, in [0.5, 1]. */
    double[] predict(byte[] px) {
      double best = Double.MAX_VALUE, second = Double.MAX_VALUE;
      int cls = 0;
      for (int c = 0; c < means.length; c++) {
        double d = 0;
        for (int k = 0; k < px.length; k++) {
          double e = (px[k] & 0xff) - means[c][k];
          d += e * e;
        }
        d = Math.sqrt(d);
        if (d < best) {
          second = best;
          best = d;
          cls = c;
        } else if (d < second) {
          second = d;
        }
      }
      return new double[] {cls, second / (best + second)};
    }
  }

  /**
   * Entry point.
   *
   * @param args the output folder (default {@code target/label-studio}; emptied), optionally a Label Studio JSON
   *     export to import instead of the simulated annotators, and the image count (default 200)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/label-studio");
    if (Files.exists(out.resolve("repo")) || Files.exists(out.resolve("labels.db"))) {
      throw new IllegalStateException(out + " holds an earlier run (repo, labels.db): remove it or pick another");
    }
    Path export = args.length > 1 && !args[1].isEmpty() ? Path.of(args[1]) : null;
    run(out, args.length > 2 ? Integer.parseInt(args[2]) : 200, export);
  }
}
