package dev.datamgmt.label;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.active.ActiveLearning;
import dev.datamgmt.label.active.Thresholds;
import dev.datamgmt.label.active.Uncertainty;
import dev.datamgmt.label.feedback.FeedbackCommit;
import dev.datamgmt.label.issues.ConfidentLearning;
import dev.datamgmt.label.qa.Agreement;
import dev.datamgmt.label.qa.Consensus;
import dev.datamgmt.label.qa.ConsensusResult;
import dev.datamgmt.label.qa.Ratings;
import dev.datamgmt.label.sql.SqlImport;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import dev.datamgmt.label.studio.LabelStudio;
import dev.datamgmt.label.studio.LabelStudioImporter;
import dev.datamgmt.label.weak.LabelModel;
import dev.datamgmt.label.weak.LabelingFunction;
import dev.datamgmt.label.weak.WeakSupervision;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level README's "Labels" examples, one per feature, as they are printed there (between the markers), run
 * against a real repository and a SQLite label store, so that the README's code compiles and does what it says.
 */
class LabelsReadmeExamplesTest {
  @TempDir Path tmp;
  Repository repo;
  DatasetVersion version;
  LabelStore store;

  @BeforeEach
  void setUp() throws Exception {
    repo = Repository.init(new InMemoryBlobStore());
    var cb = repo.commit("main").setMessage("photos").optSchema(DatasetSchema.builder()
        .setLabelKind(LabelKind.CLASS).addClassNames("cat", "dog", "bird").build());
    for (int i = 0; i < 6; i++) {
      BlobRef blob = cb.putBlob(("img " + i).getBytes(StandardCharsets.UTF_8), "image/jpeg");
      cb.addRecord(Record.builder("img-" + i).setBlob(blob).optLabel(ClassLabel.of(0)).addAttribute("width", 640)
          .addAttribute("height", 480).build());
    }
    version = cb.commit();
    store = LabelStores.sqlite(tmp.resolve("labels.db")).build();
    String v = version.id().toString();
    for (String[] a : new String[][] {{"img-1", "alice", "1"}, {"img-1", "bob", "1"}, {"img-1", "carol", "2"},
        {"img-2", "alice", "2"}, {"img-2", "bob", "2"}, {"img-2", "carol", "2"}}) {
      store.add(Annotation.builder(a[0], ClassLabel.of(Integer.parseInt(a[2]))).setDatasetVersion(v)
          .setAnnotator(a[1]).build());
    }
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void store() throws Exception {
    // README: store
    try (LabelStore store = LabelStores.sqlite(tmp.resolve("team.db")).build()) {   // or LabelStores.postgres(url)
      store.add(Annotation.builder("img-42", ClassLabel.of(1)).setDatasetVersion(version.id().toString())
          .setAnnotator("alice").optSource(LabelSource.HUMAN).optConfidence(0.9).build());
      List<Annotation> all = store.labelsOf("img-42");
      List<String> disputed = store.disagreements();      // records whose annotators' latest labels differ
      // README: end
      assertThat(all).hasSize(1);
      assertThat(disputed).isEmpty();
    }
  }

  @Test
  void qualityAssurance() throws Exception {
    // README: qa
    Ratings r = Ratings.fromAnnotations(store.labelsOn(version.id().toString()), 3);  // items x annotators
    double kappa = Agreement.cohenKappa(r, 0, 1, Agreement.KappaWeights.QUADRATIC);
    double alpha = Agreement.krippendorffAlpha(r);
    ConsensusResult truth = Consensus.dawidSkene(r).build().fit();   // truth.estimatedAccuracy(annotator)
    // README: end
    assertThat(kappa).isEqualTo(1.0);
    assertThat(alpha).isLessThan(1.0);
    assertThat(truth.labels()).containsExactly(1, 2);
  }

  @Test
  void labelStudio() throws Exception {
    Map<String, Annotation> predictions = Map.of("img-3", Annotation.builder("img-3", ClassLabel.of(2))
        .setDatasetVersion(version.id().toString()).setAnnotator("resnet-7").optConfidence(0.8).build());
    // README: label studio
    DatasetSchema schema = version.schema().orElseThrow();
    String config = LabelStudio.labelingConfig(schema);                    // the project's labeling config
    String tasks = LabelStudio.exporter(schema).setMediaUrl(rec -> "s3://photos/" + rec.id() + ".jpg")
        .build().export(version.records(), predictions);                  // predictions pre-filled
    // ... annotators work in Label Studio, then: Export > JSON
    // README: end
    assertThat(config).contains("<Choices name=\"label\"");
    assertThat(tasks).contains("\"model_version\" : \"resnet-7\"");
    String exported = "[{\"id\": 5, \"data\": {\"image\": \"s3://photos/img-3.jpg\", \"record_id\": \"img-3\"}, "
        + "\"annotations\": [{\"id\": 1, \"completed_by\": 7, \"result\": [{\"id\": \"x\", \"from_name\": \"label\", "
        + "\"to_name\": \"image\", \"type\": \"choices\", \"value\": {\"choices\": [\"bird\"]}}]}]}]";
    Files.writeString(tmp.resolve("export.json"), exported);
    // README: label studio import
    LabelStudioImporter.Result imported = LabelStudio.importer(schema).setDatasetVersion(version.id().toString())
        .build().importInto(store, Files.readString(tmp.resolve("export.json")));  // all or nothing
    // README: end
    assertThat(imported.annotations()).hasSize(1);
    assertThat(store.labelsOf("img-3").get(0).annotator()).isEqualTo("labelstudio:7");
  }

  @Test
  void masksAsPolygons() throws Exception {
    DatasetSchema maskSchema = DatasetSchema.builder().setLabelKind(LabelKind.MASK).addClassNames("background",
        "road").build();
    var cb = repo.commit("masks").setMessage("masks").optSchema(maskSchema);
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8,
        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(3, 3, 0, 1);
    var png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", png);
    BlobRef mask = cb.putBlob(png.toByteArray(), "image/png");
    cb.addRecord(Record.builder("street-1").setBlob(mask).build());
    DatasetVersion masks = cb.commit();
    Map<String, Annotation> predictions = Map.of("street-1", Annotation.builder("street-1", new MaskLabel(mask, 8,
        8)).setDatasetVersion(masks.id().toString()).setAnnotator("unet").build());
    // README: polygons
    String tasks = LabelStudio.exporter(maskSchema).setMediaUrl(rec -> "s3://streets/" + rec.id() + ".jpg")
        .optBlobReader(masks::readBlob).optMaskFormat(LabelStudio.MaskFormat.POLYGON)   // brush is the default
        .build().export(masks.records(), predictions);
    String config = LabelStudio.labelingConfig(maskSchema, LabelStudio.MediaTag.IMAGE,
        LabelStudio.MaskFormat.POLYGON);                                  // <PolygonLabels ...>
    // README: end
    assertThat(tasks).contains("\"polygonlabels\"");
    assertThat(config).contains("<PolygonLabels");
  }

  @Test
  void sqlImport() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("catalog.db");
    Path photo = tmp.resolve("a.jpg");
    Files.writeString(photo, "jpeg bytes");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (item_id TEXT, image_uri TEXT, category TEXT, reviewed BOOLEAN)");
      s.execute("INSERT INTO items VALUES ('a', '" + photo.toUri() + "', 'dog', 1)");
    }
    // README: sql
    SqlImport.Result imported = SqlImport.builder(repo).setJdbcUrl(url)
        .setQuery("SELECT item_id, image_uri, category FROM items WHERE reviewed").setIdColumn("item_id")
        .addBlobColumn("image_uri", Record.DEFAULT_BLOB)   // file: URIs, or s3://... with addBlobStore(prefix, store)
        .optLabelColumn("category").setBranch("main").build().run();       // one commit, lineage names the query
    // README: end
    assertThat(imported.version().record("a").orElseThrow().label()).contains(ClassLabel.of(1));
  }

  @Test
  void labelIssues() {
    double[][] outOfSample = new double[40][];
    int[] given = new int[40];
    for (int i = 0; i < 40; i++) {
      given[i] = i % 2;
      outOfSample[i] = i == 7 ? new double[] {0.95, 0.05} : i % 2 == 0 ? new double[] {0.9, 0.1}
          : new double[] {0.2, 0.8};
    }
    // README: issues
    // outOfSample[i]: class probabilities for record i from a model that did not train on it
    // (datamgmt-train's CrossValidation makes them by k-fold training)
    ConfidentLearning.Result found = ConfidentLearning.find(outOfSample, given);
    List<ConfidentLearning.Issue> review = found.issues();   // likely mislabeled, most suspicious first
    // README: end
    assertThat(review).extracting(ConfidentLearning.Issue::index).containsExactly(7);
  }

  @Test
  void weakSupervision() {
    record Review(String id, String text) {}
    List<Review> reviews = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      reviews.add(new Review("r" + i, i % 3 == 0 ? "great, loved it" : i % 3 == 1 ? "awful, I want a refund"
          : "great price but awful"));
    }
    final int POSITIVE = 1;
    final int NEGATIVE = 0;
    // README: weak
    List<LabelingFunction<Review>> lfs = List.of(
        LabelingFunction.of("great", r -> r.text().contains("great") ? POSITIVE : LabelingFunction.ABSTAIN),
        LabelingFunction.of("refund", r -> r.text().contains("refund") ? NEGATIVE : LabelingFunction.ABSTAIN),
        LabelingFunction.of("loved", r -> r.text().contains("loved") ? POSITIVE : LabelingFunction.ABSTAIN),
        LabelingFunction.of("awful", r -> r.text().contains("awful") ? NEGATIVE : LabelingFunction.ABSTAIN));
    Ratings votes = WeakSupervision.apply(lfs, reviews, Review::id, 2);
    LabelModel.Fit fit = WeakSupervision.labelModel().build().fit(votes);   // fit.probabilities(i), fit.accuracy(j)
    // README: end
    assertThat(fit.label(0)).isEqualTo(POSITIVE);
    assertThat(fit.label(1)).isEqualTo(NEGATIVE);
  }

  @Test
  void activeLearning() {
    Map<String, double[]> poolProbabilities = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      poolProbabilities.put("u" + i, new double[] {0.5 + i * 0.05, 0.5 - i * 0.05});
    }
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.4};
    boolean[] isPositive = {true, true, true, false, false};
    // README: active
    List<String> ask = ActiveLearning.uncertainty(Uncertainty.MARGIN).setBatchSize(3).optSeed(7).build()
        .select(poolProbabilities);                                      // the 3 records to label next
    Thresholds.Choice ship = Thresholds.forPrecision(scores, isPositive, 0.95).orElseThrow();  // on validation data
    // README: end
    assertThat(ask).containsExactly("u0", "u1", "u2");
    assertThat(ship.precision()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void feedbackCommit() throws Exception {
    // README: feedback
    FeedbackCommit.Result next = FeedbackCommit.builder(repo, store).setBranch("main")
        .setRule(FeedbackCommit.Rule.DAWID_SKENE).optSources(EnumSet.of(LabelSource.HUMAN, LabelSource.USER_FEEDBACK))
        .optMinVotes(2).build().commit();        // a new version; lineage: label.annotator.<id> = records taken
    // README: end
    assertThat(next.recordsChanged()).isEqualTo(2);
    assertThat(next.version().orElseThrow().commit().lineage()).containsKey("label.annotator.alice");
  }
}
