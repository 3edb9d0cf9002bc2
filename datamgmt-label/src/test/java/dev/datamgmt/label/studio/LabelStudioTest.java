package dev.datamgmt.label.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.label.KeypointsLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export, edit as an annotator would (accept most predictions, correct one, cancel one), import: the same labels,
 * per label type; and malformed exports fail with typed errors naming the task and field, importing nothing.
 */
class LabelStudioTest {
  static final ObjectMapper M = new ObjectMapper();
  static final List<String> CLASSES = List.of("cat", "dog", "bird & fish");

  @TempDir Path tmp;

  static DatasetSchema schema(LabelKind kind) {
    DatasetSchema.Builder b = DatasetSchema.builder().setLabelKind(kind);
    if (kind != LabelKind.TEXT) {
      b.addClassNames(CLASSES.toArray(String[]::new));
    }
    return b.build();
  }

  static List<Record> records(int n) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Record.builder("img-" + i)
          .setBlob(BlobRef.of(("pixels " + i).getBytes(StandardCharsets.UTF_8), "image/jpeg"))
          .addAttribute("width", 640 + i).addAttribute("height", 480).build());
    }
    return out;
  }

  static Map<String, Annotation> predictions(List<Record> records, java.util.function.IntFunction<Label> label) {
    Map<String, Annotation> out = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      out.put(records.get(i).id(), Annotation.builder(records.get(i).id(), label.apply(i)).setDatasetVersion("v1")
          .setAnnotator("resnet-3").optConfidence(0.5 + i / 100.0).optSource(LabelSource.MODEL).build());
    }
    return out;
  }

  /** A Label Studio export of one task (id 17, record img-0) with one annotation (id 1, by user 1) of {@code result}. */
  static String oneAnnotatedTask(JsonNode result) {
    ObjectNode task = M.createObjectNode();
    task.put("id", 17);
    task.putObject("data").put("record_id", "img-0");
    ObjectNode ann = task.putArray("annotations").addObject();
    ann.put("id", 1).put("completed_by", 1);
    ann.set("result", result);
    return M.createArrayNode().add(task).toString();
  }

  /**
   * What an annotator does in Label Studio: every task gets an annotation whose result is the prediction's
   * (edited for task 1), by user 7 (user 9 as an object for task 2); task 3 also gets a cancelled annotation.
   */
  static String annotate(String exported, UnaryOperator<ArrayNode> editTask1) throws Exception {
    ArrayNode tasks = (ArrayNode) M.readTree(exported);
    for (int t = 0; t < tasks.size(); t++) {
      ObjectNode task = (ObjectNode) tasks.get(t);
      task.put("id", 100 + t);
      ArrayNode result = ((ArrayNode) task.get("predictions").get(0).get("result")).deepCopy();
      for (JsonNode r : result) {
        ((ObjectNode) r).put("origin", "prediction-changed");
      }
      if (t == 1) {
        result = editTask1.apply(result);
      }
      ArrayNode anns = task.putArray("annotations");
      ObjectNode a = anns.addObject();
      a.put("id", t == 0 ? "a-0" : Integer.toString(1000 + t));
      if (t == 2) {
        a.putObject("completed_by").put("id", 9).put("email", "nine@example.com");
      } else {
        a.put("completed_by", 7);
      }
      a.set("result", result);
      a.put("was_cancelled", false);
      a.put("lead_time", 3.25 + t);
      a.put("created_at", "2026-03-01T10:00:0" + t + ".000000Z");
      a.put("updated_at", "2026-03-01T10:05:0" + t + ".000000Z");
      if (t == 3) {
        ObjectNode c = anns.addObject();
        c.put("id", 5000);
        c.put("completed_by", 8);
        c.putArray("result");
        c.put("was_cancelled", true);
      }
    }
    return tasks.toString();
  }

  LabelStudioImporter.Result roundTrip(LabelKind kind, java.util.function.IntFunction<Label> predicted,
      UnaryOperator<ArrayNode> edit) throws Exception {
    List<Record> records = records(4);
    String exported = LabelStudio.exporter(schema(kind)).setMediaUrl(r -> "/data/local-files/?d=img/" + r.id())
        .build().export(records, predictions(records, predicted));
    String annotated = annotate(exported, edit);
    try (LabelStore store = LabelStores.sqlite(tmp.resolve(kind + ".db")).build()) {
      LabelStudioImporter.Result r = LabelStudio.importer(schema(kind)).setDatasetVersion("v1")
          .optKnownRecords(records.stream().map(Record::id).toList()).build().importInto(store, annotated);
      assertThat(r.tasks()).isEqualTo(4);
      assertThat(r.cancelled()).isEqualTo(1);
      assertThat(store.count()).isEqualTo(4);
      assertThat(store.labelsOf("img-2").get(0).annotator()).isEqualTo("labelstudio:nine@example.com");
      Annotation first = store.labelsOf("img-0").get(0);
      assertThat(first.annotator()).isEqualTo("labelstudio:7");
      assertThat(first.source()).isEqualTo(LabelSource.HUMAN);
      assertThat(first.time()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
      assertThat(first.metadata()).containsEntry("labelstudio.task_id", "100")
          .containsEntry("labelstudio.annotation_id", "a-0").containsEntry("labelstudio.lead_time", "3.25")
          .containsKey("labelstudio.result_ids");
      return r;
    }
  }

  static List<Label> labels(LabelStudioImporter.Result r) {
    return r.annotations().stream().map(Annotation::label).toList();
  }

  @Test
  void classLabels_roundTrip() throws Exception {
    var r = roundTrip(LabelKind.CLASS, i -> ClassLabel.of(i % 3), result -> {
      ((ArrayNode) result.get(0).get("value").get("choices")).removeAll().add("bird & fish");
      return result;
    });
    assertThat(labels(r)).containsExactly(ClassLabel.of(0), ClassLabel.of(2), ClassLabel.of(2), ClassLabel.of(0));
  }

  @Test
  void multiLabels_roundTrip() throws Exception {
    var r = roundTrip(LabelKind.MULTI_LABEL, i -> MultiLabel.of(0, i % 3), result -> {
      ((ArrayNode) result.get(0).get("value").get("choices")).add("dog");
      return result;
    });
    assertThat(labels(r)).containsExactly(MultiLabel.of(0), MultiLabel.of(0, 1), MultiLabel.of(0, 2),
        MultiLabel.of(0));
  }

  @Test
  void textLabels_roundTrip() throws Exception {
    var r = roundTrip(LabelKind.TEXT, i -> new TextLabel("caption " + i), result -> {
      ((ArrayNode) result.get(0).get("value").get("text")).removeAll().add("a fixed caption");
      return result;
    });
    assertThat(labels(r)).containsExactly(new TextLabel("caption 0"), new TextLabel("a fixed caption"),
        new TextLabel("caption 2"), new TextLabel("caption 3"));
  }

  @Test
  void boxes_roundTrip_inPercentOfTheOriginalSize() throws Exception {
    var r = roundTrip(LabelKind.BOXES,
        i -> BoxesLabel.of(new Box(10 + i, 20, 110, 220.5, 1), new Box(0, 0, 640 + i, 480, 2)),
        result -> {
          // the annotator deletes the second box and relabels the first as "cat"
          result.remove(1);
          ((ArrayNode) result.get(0).get("value").get("rectanglelabels")).removeAll().add("cat");
          return result;
        });
    List<Label> got = labels(r);
    assertThat(got).hasSize(4);
    for (int i : new int[] {0, 2, 3}) {
      assertBoxes((BoxesLabel) got.get(i), new Box(10 + i, 20, 110, 220.5, 1), new Box(0, 0, 640 + i, 480, 2));
    }
    assertBoxes((BoxesLabel) got.get(1), new Box(11, 20, 110, 220.5, 0));
  }

  @Test
  void keypoints_roundTrip_byName() throws Exception {
    var r = roundTrip(LabelKind.KEYPOINTS,
        i -> new KeypointsLabel(List.of(new Keypoint(64 + i, 48, Keypoint.VISIBLE),
            new Keypoint(0, 0, Keypoint.NOT_LABELED), new Keypoint(320, 240.5, Keypoint.VISIBLE)), -1),
        result -> {
          // the annotator deletes the last point
          result.remove(1);
          return result;
        });
    List<Label> got = labels(r);
    for (int i : new int[] {0, 2, 3}) {
      KeypointsLabel k = (KeypointsLabel) got.get(i);
      assertThat(k.points()).hasSize(3);
      assertThat(k.points().get(0).x()).isCloseTo(64 + i, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(k.points().get(1).visibility()).isEqualTo(Keypoint.NOT_LABELED);
      assertThat(k.points().get(2).y()).isCloseTo(240.5, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(k.points().get(2).visibility()).isEqualTo(Keypoint.VISIBLE);
    }
    assertThat(((KeypointsLabel) got.get(1)).points()).hasSize(1);
  }

  @Test
  void boxExport_writesLabelStudiosShapes() throws Exception {
    List<Record> records = records(1);
    String json = LabelStudio.exporter(schema(LabelKind.BOXES)).setMediaUrl(r -> "s3://b/" + r.id()).build()
        .export(records, predictions(records, i -> BoxesLabel.of(new Box(64, 48, 192, 240, 1))));
    JsonNode task = M.readTree(json).get(0);
    assertThat(task.at("/data/image").asText()).isEqualTo("s3://b/img-0");
    assertThat(task.at("/data/record_id").asText()).isEqualTo("img-0");
    JsonNode p = task.at("/predictions/0");
    assertThat(p.get("model_version").asText()).isEqualTo("resnet-3");
    assertThat(p.get("score").asDouble()).isEqualTo(0.5);
    JsonNode res = p.at("/result/0");
    assertThat(res.get("type").asText()).isEqualTo("rectanglelabels");
    assertThat(res.get("from_name").asText()).isEqualTo("label");
    assertThat(res.get("to_name").asText()).isEqualTo("image");
    assertThat(res.get("original_width").asInt()).isEqualTo(640);
    assertThat(res.at("/value/x").asDouble()).isEqualTo(10.0);
    assertThat(res.at("/value/y").asDouble()).isEqualTo(10.0);
    assertThat(res.at("/value/width").asDouble()).isEqualTo(20.0);
    assertThat(res.at("/value/height").asDouble()).isEqualTo(40.0);
    assertThat(res.at("/value/rectanglelabels/0").asText()).isEqualTo("dog");
  }

  @Test
  void labelingConfig_namesTheControlsTheExportUses() {
    String config = LabelStudio.labelingConfig(schema(LabelKind.BOXES));
    assertThat(config).contains("<Image name=\"image\" value=\"$image\"/>")
        .contains("<RectangleLabels name=\"label\" toName=\"image\">")
        .contains("<Label value=\"bird &amp; fish\"/>");
    assertThat(LabelStudio.labelingConfig(schema(LabelKind.CLASS))).contains("choice=\"single\"");
    assertThat(LabelStudio.labelingConfig(schema(LabelKind.KEYPOINTS)))
        .contains("<KeyPointLabels name=\"label\" toName=\"image\">");
    assertThat(LabelStudio.labelingConfig(schema(LabelKind.TEXT), LabelStudio.MediaTag.AUDIO))
        .contains("<Audio name=\"audio\" value=\"$audio\"/>").contains("<TextArea name=\"label\" toName=\"audio\"/>");
    assertThat(LabelStudio.labelingConfig(schema(LabelKind.CLASS), LabelStudio.MediaTag.TEXT))
        .contains("<Text name=\"text\" value=\"$text\"/>").contains("toName=\"text\" choice=\"single\"");
    assertThatThrownBy(() -> LabelStudio.labelingConfig(schema(LabelKind.BOXES), LabelStudio.MediaTag.TEXT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOXES labels need an Image");
    assertThatThrownBy(() -> LabelStudio.labelingConfig(DatasetSchema.builder().setLabelKind(LabelKind.MASK)
        .addClassNames("a").build(), LabelStudio.MediaTag.AUDIO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MASK labels need an Image");
  }

  static void assertBoxes(BoxesLabel got, Box... expected) {
    assertThat(got.boxes()).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      Box g = got.boxes().get(i);
      Box e = expected[i];
      assertThat(g.classIndex()).isEqualTo(e.classIndex());
      assertThat(new double[] {g.x1(), g.y1(), g.x2(), g.y2()})
          .containsExactly(new double[] {e.x1(), e.y1(), e.x2(), e.y2()}, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  // ---- malformed input ----

  static final String GOOD_TASK = "{\"id\": 1, \"data\": {\"image\": \"x\", \"record_id\": \"img-0\"}, "
      + "\"annotations\": [{\"id\": 1, \"completed_by\": 1, \"result\": [{\"id\": \"r\", \"from_name\": \"label\", "
      + "\"to_name\": \"image\", \"type\": \"rectanglelabels\", \"original_width\": 100, \"original_height\": 50, "
      + "\"value\": {\"x\": 10, \"y\": 10, \"width\": 20, \"height\": 20, \"rotation\": 0, "
      + "\"rectanglelabels\": [\"dog\"]}}]}]}";

  static String badTask(String from, String to) {
    return GOOD_TASK.replace("\"id\": 1, \"data\"", "\"id\": 17, \"data\"").replace(from, to);
  }

  void assertImportFails(String json, Class<? extends Exception> type, String... fragments) throws Exception {
    try (LabelStore store = LabelStores.sqlite(tmp.resolve("bad.db")).build()) {
      LabelStudioImporter importer = LabelStudio.importer(schema(LabelKind.BOXES)).setDatasetVersion("v1")
          .optKnownRecords(List.of("img-0")).build();
      var thrown = assertThatThrownBy(() -> importer.importInto(store, json)).isInstanceOf(type);
      for (String f : fragments) {
        thrown.hasMessageContaining(f);
      }
      assertThat(store.count()).as("nothing half-imported").isZero();
    }
  }

  @Test
  void goodTask_imports() throws Exception {
    var r = LabelStudio.importer(schema(LabelKind.BOXES)).setDatasetVersion("v1").build().read("[" + GOOD_TASK + "]");
    assertBoxes((BoxesLabel) r.annotations().get(0).label(), new Box(10, 5, 30, 15, 1));
  }

  @Test
  void malformed_notJson_namesTheLine() throws Exception {
    assertImportFails("[\n" + GOOD_TASK + ",\n{oops", UnsupportedFormatException.class, "line 3");
  }

  @Test
  void malformed_notAnArray() throws Exception {
    assertImportFails(GOOD_TASK, UnsupportedFormatException.class, "a JSON array of tasks", "OBJECT");
  }

  @Test
  void malformed_unknownLabelName_namesTaskAndField_andImportsNothing() throws Exception {
    assertImportFails("[" + GOOD_TASK + ", " + badTask("[\"dog\"]", "[\"horse\"]") + "]",
        InvalidDataException.class, "task 17, annotations[0].result[0].value.rectanglelabels", "\"horse\"");
  }

  @Test
  void malformed_boxOutsideTheImage() throws Exception {
    assertImportFails("[" + badTask("\"width\": 20", "\"width\": 95") + "]", InvalidDataException.class,
        "box outside the image", "task 17, annotations[0].result[0].value", "width=95");
  }

  @Test
  void malformed_rotatedBox() throws Exception {
    assertImportFails("[" + badTask("\"rotation\": 0", "\"rotation\": 30") + "]", InvalidDataException.class,
        "task 17, annotations[0].result[0].value.rotation");
  }

  @Test
  void malformed_missingCoordinate() throws Exception {
    assertImportFails("[" + badTask("\"x\": 10, ", "") + "]", InvalidDataException.class,
        "task 17, annotations[0].result[0].value.x", "a finite number");
  }

  @Test
  void malformed_missingRecordId() throws Exception {
    assertImportFails("[" + badTask("\"record_id\": \"img-0\"", "\"other\": 1") + "]", InvalidDataException.class,
        "task 17, data.record_id");
  }

  @Test
  void malformed_unknownRecord() throws Exception {
    assertImportFails("[" + badTask("img-0", "img-999") + "]", NotFoundException.class, "task 17", "img-999");
  }

  @Test
  void malformed_missingAnnotator() throws Exception {
    assertImportFails("[" + badTask("\"completed_by\": 1, ", "") + "]", InvalidDataException.class,
        "task 17, annotations[0].completed_by");
  }

  @Test
  void malformed_wrongResultType() throws Exception {
    assertImportFails("[" + badTask("\"type\": \"rectanglelabels\"", "\"type\": \"polygonlabels\"") + "]",
        InvalidDataException.class, "task 17, annotations[0].result[0].type", "polygonlabels");
  }

  @Test
  void exporter_withoutMediaUrl_isIllegalState() {
    assertThatThrownBy(() -> LabelStudio.exporter(schema(LabelKind.CLASS)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mediaUrl");
  }
}
