package dev.datamgmt.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.train.lineage.ModelLineage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart on a smaller seeded run (fewer epochs, a smaller pool, fewer labels asked for): the
 * flywheel's claims hold, each with the figure that would falsify it.
 */
class QuickstartTest {
  /**
   * The smaller run: as the README's run (ratio 100, the whole test split, seed 42) but a long tail from 500 images
   * down to 5, a pool of 4,000, 2,000 labels asked for and 6 epochs.
   */
  static Quickstart.Settings small(Path out) {
    Quickstart.Settings d = Quickstart.defaults(Path.of("../data/fashion-mnist-subset"), out);
    return new Quickstart.Settings(d.data(), out, 0.5, d.ratio(), d.validationFraction(), 4000, d.testLimit(), 2000,
        6, d.seed(), d.targetPrecision(), true, null);
  }

  @Test
  void flywheel_balancedBeatsBaseline_v2BeatsV1_carelessAnnotatorIsFound_andTheReportIsWritten(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("quickstart");
    Quickstart.Outcome o = Quickstart.run(small(out), System.out);

    // step 3 against step 2: better on balanced accuracy and on the rarest-recalled class
    assertTrue(o.balanced().test().balancedAccuracy() > o.baseline().test().balancedAccuracy(),
        () -> "balanced " + o.balanced().test().balancedAccuracy() + " vs baseline "
            + o.baseline().test().balancedAccuracy());
    assertTrue(o.balanced().smallestRecall() > o.baseline().smallestRecall(),
        () -> "smallest recall: balanced " + o.balanced().smallestRecall() + " vs baseline "
            + o.baseline().smallestRecall());
    assertTrue(o.balancedOverBaseline().low() > 0, () -> "interval " + o.balancedOverBaseline());

    // step 7 against step 3: the same recipe, seed and number of steps; only the data differ
    assertTrue(o.v2OverV1().estimate() > 0, () -> "v2 - v1 " + o.v2OverV1());
    assertTrue(o.v2OverV1().low() > 0, () -> "the 95% interval of v2 - v1 includes 0: " + o.v2OverV1());
    // Smallest-class recall: higher, but within the test set's noise (seed 42: shirt 0.430 against v1's worst class,
    // pullover, 0.400; 95% interval -0.045 .. +0.120), so the point estimate is asserted and the interval reported.
    // With 1,000 labels instead of 2,000 it was lower (-0.100, interval -0.175 .. -0.005): margin sampling fills v2
    // with the hardest shirts and pullovers, which lifts balanced accuracy long before the hardest class.
    assertTrue(o.retrained().smallestRecall() > o.balanced().smallestRecall(), () -> "smallest recall: v2 "
        + o.retrained().smallestRecall() + " vs v1 " + o.balanced().smallestRecall() + ", " + o.v2OverV1SmallestRecall());

    // step 4: a threshold was found and holds roughly on test
    assertTrue(o.balanced().threshold().isPresent());
    assertTrue(o.balanced().precisionAtThreshold() > 0.9, () -> "precision " + o.balanced().precisionAtThreshold());

    // step 6: QA finds the careless annotator, and only them; the commit says who gave which labels
    assertEquals(List.of("labelstudio:careless@example.com"), o.qa().flagged());
    assertTrue(o.qa().dawidSkeneAccuracy() > 0.95, () -> "consensus accuracy " + o.qa().dawidSkeneAccuracy());
    assertEquals(o.feedback().recordsChanged(), o.diff().labelChanges().size());
    assertTrue(o.v2().lineage().keySet().stream().filter(k -> k.startsWith("label.annotator.labelstudio:")).count()
        >= 4, () -> "lineage " + o.v2().lineage());
    assertTrue(o.counts().get("v2")[9] > o.counts().get("v1")[9], "the rarest class gained labels");

    // the repository, the lineage and the Label Studio files
    try (BlobStore store = FileSystemBlobStore.builder().setRoot(out.resolve("repo")).build()) {
      Repository repo = Repository.open(store);
      assertEquals(repo.resolve("v2"), Lineage.trace(repo, ModelLineage.read(out.resolve("models")
          .resolve("balanced-v2"))).id());
      assertEquals(repo.resolve("v1"), Lineage.trace(repo, ModelLineage.read(out.resolve("models")
          .resolve("balanced-v1"))).id());
      assertEquals(2, repo.log(Repository.DEFAULT_BRANCH).size());
      assertTrue(repo.fsck().isClean());
    }
    for (String f : List.of("tasks.json", "export.json", "labeling-config.xml")) {
      assertTrue(Files.isRegularFile(out.resolve("label-studio").resolve(f)), f);
    }

    // the report: one file with every section
    Path report = o.report().orElseThrow();
    assertEquals(out.resolve("report.html"), report);
    String html = Files.readString(report);
    for (String section : List.of("Results on the test split", "Class distribution per version",
        "Training and validation curves", "Confusion matrices", "Per-class precision and recall",
        "What the model asked people about", "Label QA", "Versions", "Model lineage",
        "Augmentation with boxes and keypoints", "Synthetic data")) {
      assertTrue(html.contains(section), () -> "the report lacks the section " + section);
    }
    assertTrue(html.contains("careless@example.com"));
    assertTrue(html.contains(o.v2().id().toString().substring(7, 19)));
  }
}
