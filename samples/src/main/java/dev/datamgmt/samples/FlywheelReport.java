package dev.datamgmt.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.samples.report.HtmlReport;
import dev.datamgmt.samples.report.ReportImage;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import dev.datamgmt.synth.receipt.ReceiptsConfig;
import dev.datamgmt.synth.shapes.ShapesConfig;
import dev.datamgmt.train.loop.EpochResult;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The quickstart's HTML report: one self-contained file with what the run computed (results, class distributions,
 * curves, confusion matrices, per-class precision and recall, label QA, the version log and the v1 → v2 diff, the
 * model's lineage) and what the other modules make (augmented synthetic shapes with their boxes and keypoints, OCR
 * lines and receipts with their boxes). Everything shown is computed by this run; the layout is {@link HtmlReport}'s.
 */
public final class FlywheelReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODELS = List.of("baseline", "balanced-v1", "balanced-v2");

  private FlywheelReport() {}

  /**
   * Writes the report of a quickstart run.
   *
   * @param o what the run computed
   * @param repo the run's repository (for the images of the records chosen for labeling)
   * @param file where to write it
   * @return {@code file}
   */
  public static Path write(Quickstart.Outcome o, Repository repo, Path file) throws Exception {
    List<Quickstart.ModelResult> models = List.of(o.baseline(), o.balanced(), o.retrained());
    HtmlReport r = new HtmlReport("datamgmt quickstart: the data flywheel on Fashion-MNIST");

    r.section("The run").paragraph(String.format(Locale.ROOT, "Data: %s. v1 holds %,d labeled training images with "
        + "class sizes falling by a factor of %.0f, %,d validation and %,d test images, and %,d unlabeled training "
        + "images (the pool). Every model trains %d epochs (an epoch is its version's training set) with seed %d; v2's "
        + "model differs from v1's by its data.", o.settings().data().toAbsolutePath().normalize(),
        Quickstart.sum(o.counts().get("v1")), o.settings().ratio(), o.validationSize(), o.testLabels().length,
        o.poolSize(), o.settings().epochs(), o.settings().seed()));
    List<List<?>> steps = new ArrayList<>();
    o.stepSeconds().forEach((k, v) -> steps.add(List.of(k, v)));
    r.table("Wall time per step (seconds)", List.of("step", "seconds"), steps);

    r.section("Results on the test split");
    List<List<?>> rows = new ArrayList<>();
    for (Quickstart.ModelResult m : models) {
      rows.add(List.of(m.name(), tag(o, m), Quickstart.sum(m.trainCounts()), m.test().accuracy(),
          m.test().balancedAccuracy(), m.smallestRecall(), Quickstart.CLASSES.get(m.test().worstRecallClass()),
          m.tau(), m.threshold().map(c -> (Object) c.threshold()).orElse("none"), m.precisionAtThreshold(),
          m.coverageAtThreshold()));
    }
    r.table("Per model (threshold: the lowest confidence whose validation precision reaches "
        + o.settings().targetPrecision() + "; precision and share answered on test at that threshold)",
        List.of("model", "data", "training images", "accuracy", "balanced accuracy", "smallest-class recall",
            "that class", "logit adjustment tau", "threshold", "precision at threshold", "share answered"), rows);
    r.table("Differences with 95% intervals (paired, class-stratified bootstrap over the test images, "
        + o.v2OverV1().resamples() + " resamples)", List.of("comparison", "metric", "difference", "low", "high",
            "share of resamples > 0"), List.of(
        interval("balanced-v1 - baseline", "balanced accuracy", o.balancedOverBaseline()),
        interval("balanced-v2 - balanced-v1", "balanced accuracy", o.v2OverV1()),
        interval("balanced-v2 - balanced-v1", "smallest-class recall", o.v2OverV1SmallestRecall())));

    r.section("Class distribution per version");
    Map<String, double[]> dist = new LinkedHashMap<>();
    o.counts().forEach((tag, c) -> dist.put(tag + " (" + Quickstart.sum(c) + " labeled training images)",
        Arrays.stream(c).asDoubleStream().toArray()));
    r.barChart("Labeled training images per class", Quickstart.CLASSES, dist);

    r.section("Training and validation curves");
    for (Quickstart.ModelResult m : models) {
      double[] epochs = m.history().stream().mapToDouble(e -> e.epoch() + 1).toArray();
      Map<String, double[]> loss = new LinkedHashMap<>();
      loss.put("training loss", m.history().stream().mapToDouble(EpochResult::trainLoss).toArray());
      loss.put("validation loss", m.history().stream().mapToDouble(EpochResult::validationLoss).toArray());
      r.lineChart(m.name() + ": loss per epoch", "epoch", epochs, loss);
    }
    Map<String, double[]> valBal = new LinkedHashMap<>();
    for (Quickstart.ModelResult m : models) {
      valBal.put(m.name(), m.history().stream()
          .mapToDouble(e -> e.validation().map(ConfusionMatrix::balancedAccuracy).orElse(Double.NaN)).toArray());
    }
    r.lineChart("Validation balanced accuracy per epoch (before the logit adjustment)", "epoch",
        o.baseline().history().stream().mapToDouble(e -> e.epoch() + 1).toArray(), valBal);

    r.section("Confusion matrices (test split)");
    for (Quickstart.ModelResult m : models) {
      r.matrix(m.name() + " (" + tag(o, m) + ")", Quickstart.CLASSES, m.test().counts());
    }

    r.section("Per-class precision and recall (test split)");
    Map<String, double[]> recall = new LinkedHashMap<>();
    Map<String, double[]> precision = new LinkedHashMap<>();
    for (Quickstart.ModelResult m : models) {
      double[] rc = new double[Quickstart.CLASSES.size()];
      double[] pr = new double[rc.length];
      for (int c = 0; c < rc.length; c++) {
        rc[c] = m.test().recall(c);
        pr[c] = m.test().precision(c);
      }
      recall.put(m.name(), rc);
      precision.put(m.name(), pr);
    }
    r.barChart("Recall per class", Quickstart.CLASSES, recall);
    r.barChart("Precision per class", Quickstart.CLASSES, precision);

    r.section("What the model asked people about");
    r.paragraph(String.format(Locale.ROOT, "Margin uncertainty chose %d of the %,d pool images; they were exported "
        + "as Label Studio tasks with the model's prediction pre-filled (label-studio/tasks.json, with "
        + "labeling-config.xml and the images), answered, and imported from Label Studio's JSON export "
        + "(label-studio/export.json). The first of them, most uncertain first, with the model's guess and the "
        + "label the annotators' consensus gave:", o.selected().size(), o.poolSize()));
    DatasetVersion v2 = repo.checkout(o.v2().id());
    Map<String, Record> v2Records = new LinkedHashMap<>();
    Set<String> first = Set.copyOf(o.selected().subList(0, Math.min(24, o.selected().size())));
    for (Record rec : v2) {
      if (first.contains(rec.id())) {
        v2Records.put(rec.id(), rec);
      }
    }
    List<ReportImage> asked = new ArrayList<>();
    for (String id : o.selected().subList(0, Math.min(24, o.selected().size()))) {
      Record rec = v2Records.get(id);
      byte[] png = Files.readAllBytes(o.settings().out().resolve("label-studio").resolve("images")
          .resolve(id + ".png"));
      String label = rec == null || rec.label().isEmpty() ? "undecided"
          : Quickstart.CLASSES.get(((ClassLabel) rec.label().get()).index());
      asked.add(ReportImage.of(png, id + ": " + label));
    }
    r.imageGrid("Chosen for labeling, with the label v2 gives them", asked);

    r.section("Label QA");
    Quickstart.Qa qa = o.qa();
    List<List<?>> people = new ArrayList<>();
    for (int j = 0; j < qa.annotators().size(); j++) {
      people.add(List.of(qa.annotators().get(j), qa.answered()[j], qa.estimatedAccuracy()[j], qa.trueAccuracy()[j],
          qa.flagged().contains(qa.annotators().get(j)) ? "flagged" : ""));
    }
    r.table(String.format(Locale.ROOT, "Annotators: Dawid–Skene's estimate of each one's accuracy (flagged below "
        + "%.2f) beside the truth held back from them; Fleiss' kappa %.3f, Krippendorff's alpha %.3f; consensus "
        + "labels right: Dawid–Skene %.3f, majority vote %.3f", Quickstart.Qa.FLAG_BELOW, qa.fleissKappa(),
        qa.krippendorffAlpha(), qa.dawidSkeneAccuracy(), qa.majorityAccuracy()),
        List.of("annotator", "tasks answered", "estimated accuracy", "true accuracy", ""), people);
    Map<String, double[]> acc = new LinkedHashMap<>();
    acc.put("Dawid–Skene estimate", qa.estimatedAccuracy());
    acc.put("against the truth", qa.trueAccuracy());
    r.barChart("Annotator accuracy", qa.annotators(), acc);
    List<List<?>> kappa = new ArrayList<>();
    for (int j = 0; j < qa.annotators().size(); j++) {
      List<Object> row = new ArrayList<>();
      row.add(qa.annotators().get(j));
      for (double k : qa.pairwiseKappa()[j]) {
        row.add(k);
      }
      kappa.add(row);
    }
    List<String> kappaHeader = new ArrayList<>();
    kappaHeader.add("Cohen's kappa");
    kappaHeader.addAll(qa.annotators());
    r.table("Pairwise agreement on the tasks both answered", kappaHeader, kappa);

    r.section("Versions");
    List<List<?>> log = new ArrayList<>();
    for (Commit c : o.log()) {
      log.add(List.of(c.id().toString().substring(7, 19), c.time().toString(), c.author(), c.recordCount(),
          c.message()));
    }
    r.table("The branch's log, newest first", List.of("commit", "time", "author", "records", "message"), log);
    Diff d = o.diff();
    r.paragraph(String.format(Locale.ROOT, "v1 → v2: %d added, %d removed, %d changed (%d label changes). The "
        + "feedback commit re-labeled %d records (%d skipped below the vote minimum) from %d annotations.",
        d.added().size(), d.removed().size(), d.changed().size(), d.labelChanges().size(),
        o.feedback().recordsChanged(), o.feedback().recordsSkipped(), o.feedback().annotationsUsed()));
    List<List<?>> lineage = new ArrayList<>();
    o.v2().lineage().forEach((k, v) -> lineage.add(List.of(k, v)));
    r.table("v2's lineage: which labels came from whom (label.annotator.<id> = records whose decided label that "
        + "annotator gave)", List.of("key", "value"), lineage);
    StringBuilder changes = new StringBuilder();
    for (Diff.Change c : d.labelChanges().subList(0, Math.min(20, d.labelChanges().size()))) {
      changes.append(String.format(Locale.ROOT, "%s  %s -> %s  (from %s, confidence %s)%n", c.after().id(),
          c.before().label().map(FlywheelReport::className).orElse("unlabeled"),
          c.after().label().map(FlywheelReport::className).orElse("unlabeled"),
          c.after().attributes().get("label_annotators"), c.after().attributes().get("label_confidence")));
    }
    r.preformatted("The first label changes of the diff", changes.toString());

    r.section("Model lineage");
    r.paragraph("The saved balanced-v2 model's lineage (models/balanced-v2/lineage.json) names the dataset version "
        + "it was trained on; Lineage.trace resolved it back to " + o.tracedVersion() + ".");
    r.preformatted("models/balanced-v2/lineage.json", Files.readString(o.settings().out().resolve("models")
        .resolve("balanced-v2").resolve("lineage.json")));

    r.section("Augmentation with boxes and keypoints");
    r.paragraph("Synthetic shapes from datamgmt-synth, each box's centre as a keypoint, through the CPU backend of "
        + "datamgmt-augment (rotation, flip, random resized crop, colour jitter): boxes and keypoints follow the "
        + "image. Each original is followed by three augmented versions (epochs 0, 1, 2).");
    r.imageGrid("Shapes, original then augmented", augmentedShapes(o.settings().seed()), SHAPE_CLASSES);

    r.section("Synthetic data");
    Path fonts = fonts();
    r.imageGrid("OCR text lines with their word boxes (datamgmt-synth)", ocrLines(fonts, o.settings().seed()),
        List.of("word"));
    r.imageGrid("Photographed receipts with their line boxes (datamgmt-synth)", receipts(fonts, o.settings().seed()),
        List.of("line"));

    r.write(file);
    return file;
  }

  private static final List<String> SHAPE_CLASSES = List.copyOf(ShapesConfig.KNOWN_CLASSES);

  private static List<Object> interval(String what, String metric, dev.datamgmt.train.metrics.PairedBootstrap.Interval i) {
    return List.of(what, metric, i.estimate(), i.low(), i.high(), i.fractionPositive());
  }

  private static String tag(Quickstart.Outcome o, Quickstart.ModelResult m) {
    return m.version().equals(o.v1().id().toString()) ? "v1" : "v2";
  }

  private static String className(dev.datamgmt.core.label.Label l) {
    return Quickstart.CLASSES.get(((ClassLabel) l).index());
  }

  /** Four shapes images, each followed by three augmentations, with boxes and box-centre keypoints. */
  static List<ReportImage> augmentedShapes(long seed) throws Exception {
    Generator g = ShapesConfig.builder().setSize(128, 128).optClasses(new dev.datamgmt.synth.dist.WeightedChoice(
        SHAPE_CLASSES, SHAPE_CLASSES.stream().map(c -> 1.0).toList())).build().newGenerator();
    Pipeline p = Pipeline.builder().setSeed(seed).add(ImageOps.rotate(25)).add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.randomResizedCrop(128, 128, 0.5, 1.0)).add(ImageOps.colorJitter(0.3, 0.3, 0.3, 0.05)).build();
    List<ReportImage> out = new ArrayList<>();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).optThreads(1).build()) {
      for (int i = 0; i < 4; i++) {
        GeneratedSample s = Synth.sample(g, seed, i);
        List<Box> boxes = ((BoxesLabel) s.label().orElseThrow()).boxes();
        List<Keypoint> centres = boxes.stream()
            .map(b -> new Keypoint((b.x1() + b.x2()) / 2, (b.y1() + b.y2()) / 2, Keypoint.VISIBLE)).toList();
        ImageSample sample = ImageSample.of("shapes-" + i, Raster.fromBufferedImage(decode(s.data().bytes())))
            .withBoxes(boxes, BoxFormat.PIXEL_XYXY).withKeypoints(centres);
        out.add(new ReportImage(s.data().bytes(), "shapes " + i + ", original", boxes, centres));
        for (int e = 0; e < 3; e++) {
          ImageSample a = aug.apply(sample, e, i);
          out.add(new ReportImage(png(a.image().toBufferedImage()), "epoch " + e, a.pixelBoxes(), a.keypoints()));
        }
      }
    }
    return out;
  }

  /** Six OCR lines with their word boxes. */
  static List<ReportImage> ocrLines(Path fonts, long seed) throws Exception {
    OcrLinesConfig.Builder b = OcrLinesConfig.builder().setWords(List.of("invoice", "total", "Qty", "12.50", "EUR",
        "paid", "2026-01-31", "datamgmt", "synthetic", "receipt", "No.", "4711"));
    if (fonts != null) {
      b.optFontFolder(fonts);
    }
    Generator g = b.build().newGenerator();
    List<ReportImage> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      GeneratedSample s = Synth.sample(g, seed, i);
      out.add(new ReportImage(s.data().bytes(), s.label().map(l -> ((TextLabel) l).text()).orElse(""),
          boxes(s.extraBlobs().get(OcrLinesConfig.BOXES_BLOB).bytes(), "words"), List.of()));
    }
    return out;
  }

  /** Two receipts with their line boxes. */
  static List<ReportImage> receipts(Path fonts, long seed) throws Exception {
    ReceiptsConfig.Builder b = ReceiptsConfig.builder();
    if (fonts != null) {
      b.optFontFolder(fonts);
    }
    Generator g = b.build().newGenerator();
    List<ReportImage> out = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      GeneratedSample s = Synth.sample(g, seed, i);
      out.add(new ReportImage(png(decode(s.data().bytes())), "receipt " + i + ", total " + s.attributes().get("total")
          + " " + s.attributes().get("currency"), boxes(s.extraBlobs().get(ReceiptsConfig.BOXES_BLOB).bytes(),
          "lines"), List.of()));
    }
    return out;
  }

  /** The boxes of one kind ("words", "lines") from synth's boxes JSON, as class 0. */
  private static List<Box> boxes(byte[] json, String kind) throws IOException {
    List<Box> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(json).path(kind)) {
      JsonNode b = n.path("box");
      out.add(new Box(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(), 0));
    }
    return out;
  }

  /** The DejaVu fonts committed with datamgmt-synth (with their licence), so no system font is needed. */
  private static Path fonts() {
    for (Path p : List.of(Path.of("datamgmt-synth/src/test/resources/fonts/dejavu"),
        Path.of("../datamgmt-synth/src/test/resources/fonts/dejavu"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath();
      }
    }
    return null; // the installed "DejaVu Sans" family, the generators' default
  }

  private static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    if (img == null) {
      throw new IOException("not an image ImageIO reads");
    }
    return img;
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
