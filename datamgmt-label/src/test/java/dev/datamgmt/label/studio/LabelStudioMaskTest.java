package dev.datamgmt.label.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.label.store.LabelStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks through Label Studio: brush RLE (encode/decode, golden bytes), export of mask predictions as {@code
 * brushlabels}, an annotator's edit (a region removed, a polygon added), import back into PNG masks; malformed
 * brush and polygon results fail with typed errors naming task and field.
 */
class LabelStudioMaskTest {
  static final DatasetSchema SCHEMA = DatasetSchema.builder().setLabelKind(LabelKind.MASK)
      .addClassNames("background", "road", "car").build();
  static final int W = 40;
  static final int H = 30;

  @TempDir Path tmp;
  final Map<String, byte[]> blobs = new HashMap<>();

  BlobRef put(byte[] png) {
    BlobRef ref = BlobRef.of(png, "image/png");
    blobs.put(ref.hash().toString(), png);
    return ref;
  }

  byte[] pixels(Label label) throws Exception {
    MaskLabel m = (MaskLabel) label;
    return MaskPng.decode(blobs.get(m.mask().hash().toString()), m.width(), m.height());
  }

  /** Record i's mask: road (1) in the bottom rows, a car (2) rectangle whose place depends on i. */
  static byte[] mask(int i) {
    byte[] px = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (y >= 20) {
          px[y * W + x] = 1;
        }
        if (x >= 5 + i && x < 15 + i && y >= 10 && y < 25) {
          px[y * W + x] = 2;
        }
      }
    }
    return px;
  }

  @Test
  void rle_matchesHandComputedBytes() throws Exception {
    // header: 32-bit count, word size 8 (7 in 5 bits), run sizes 3, 4, 8, 16 (2, 3, 7, 15 in 4 bits each)
    assertThat(BrushRle.encode(new byte[4])).containsExactly(0, 0, 0, 4, 57, 27, 252, 96, 0);
    assertThat(BrushRle.encode(new byte[] {1, 2})).containsExactly(0, 0, 0, 2, 57, 27, 248, 32, 32, 64);
    assertThat(BrushRle.decode(new int[] {0, 0, 0, 2, 57, 27, 248, 32, 32, 64}, 2)).containsExactly(1, 2);
  }

  @Property(tries = 300)
  void rle_roundTrips(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 3) Integer> runs,
      @ForAll @IntRange(min = 1, max = 70_000) int longRun) throws Exception {
    // short runs of a few values, and once a run longer than the largest run class (2^16)
    List<Byte> data = new ArrayList<>();
    for (int k = 0; k < runs.size(); k++) {
      int len = k == runs.size() / 2 ? longRun : 1 + runs.get(k);
      for (int j = 0; j < len; j++) {
        data.add((byte) (runs.get(k) * 85));
      }
    }
    byte[] bytes = new byte[data.size()];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = data.get(k);
    }
    assertThat(BrushRle.decode(BrushRle.encode(bytes), bytes.length)).isEqualTo(bytes);
  }

  @Test
  void masks_roundTrip_asBrushRegions_withAPolygonAdded() throws Exception {
    List<Record> records = LabelStudioTest.records(4);
    Map<String, Annotation> predictions = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String id = records.get(i).id();
      predictions.put(id, Annotation.builder(id, new MaskLabel(put(MaskPng.encode(mask(i), W, H)), W, H))
          .setDatasetVersion("v1").setAnnotator("unet-2").optConfidence(0.8).build());
    }
    String exported = LabelStudio.exporter(SCHEMA).setMediaUrl(r -> "s3://b/" + r.id())
        .optBlobReader(ref -> blobs.get(ref.hash().toString())).build().export(records, predictions);

    JsonNode first = LabelStudioTest.M.readTree(exported).get(0).at("/predictions/0/result");
    assertThat(first).hasSize(2); // road and car; the background is no region
    assertThat(first.get(0).get("type").asText()).isEqualTo("brushlabels");
    assertThat(first.get(0).at("/value/format").asText()).isEqualTo("rle");
    assertThat(first.get(0).at("/value/brushlabels/0").asText()).isEqualTo("road");
    assertThat(first.get(0).get("original_width").asInt()).isEqualTo(W);

    String annotated = LabelStudioTest.annotate(exported, result -> {
      // task 1: the annotator erases the car and draws a triangle of road over the top-left corner
      result.remove(1);
      ObjectNode poly = result.addObject();
      poly.put("id", "poly1").put("from_name", "label").put("to_name", "image").put("type", "polygonlabels")
          .put("original_width", W).put("original_height", H);
      ObjectNode v = poly.putObject("value");
      ArrayNode pts = v.putArray("points");
      pts.addArray().add(0).add(0);
      pts.addArray().add(50).add(0);
      pts.addArray().add(0).add(100.0 * 10 / H);
      v.putArray("polygonlabels").add("road");
      return result;
    });
    try (LabelStore store = LabelStores.sqlite(tmp.resolve("m.db")).build()) {
      LabelStudioImporter.Result r = LabelStudio.importer(SCHEMA).setDatasetVersion("v1").setMaskSink(this::put)
          .build().importInto(store, annotated);
      assertThat(r.annotations()).hasSize(4);
      for (int i : new int[] {0, 2, 3}) {
        assertThat(pixels(r.annotations().get(i).label())).as("record %d", i).isEqualTo(mask(i));
        assertThat(store.labelsOf("img-" + i).get(0).label()).isEqualTo(r.annotations().get(i).label());
      }
      byte[] expected = mask(1);
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if (expected[y * W + x] == 2) {
            expected[y * W + x] = 0; // the road region never covered the car's pixels
          }
          // inside the triangle (0,0), (20,0), (0,10) when the pixel centre is
          if ((x + 0.5) / 20 + (y + 0.5) / 10 < 1) {
            expected[y * W + x] = 1;
          }
        }
      }
      assertThat(pixels(r.annotations().get(1).label())).isEqualTo(expected);
    }
  }

  @Test
  void labelingConfig_isBrushLabelsWithoutTheBackground() {
    assertThat(LabelStudio.labelingConfig(SCHEMA)).contains("<BrushLabels name=\"label\" toName=\"image\">")
        .contains("<Label value=\"road\"/>").contains("<Label value=\"car\"/>").doesNotContain("background");
  }

  @Test
  void builders_needTheBlobReaderAndTheMaskSink() {
    List<Record> records = LabelStudioTest.records(1);
    Map<String, Annotation> p = Map.of("img-0", Annotation.builder("img-0",
        new MaskLabel(put(MaskPng.encode(mask(0), W, H)), W, H)).setDatasetVersion("v1").setAnnotator("m").build());
    assertThatThrownBy(() -> LabelStudio.exporter(SCHEMA).setMediaUrl(r -> "x").build().export(records, p))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("optBlobReader");
    assertThatThrownBy(() -> LabelStudio.importer(SCHEMA).setDatasetVersion("v1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("maskSink was not set; call setMaskSink");
  }

  static String task(String result) {
    return "[{\"id\": 17, \"data\": {\"image\": \"x\", \"record_id\": \"img-0\"}, \"annotations\": [{\"id\": 1, "
        + "\"completed_by\": 1, \"result\": [" + result + "]}]}]";
  }

  static String brush(String rle, String format) {
    return "{\"id\": \"r\", \"from_name\": \"label\", \"to_name\": \"image\", \"type\": \"brushlabels\", "
        + "\"original_width\": 2, \"original_height\": 1, \"value\": {\"format\": \"" + format + "\", \"rle\": "
        + rle + ", \"brushlabels\": [\"car\"]}}";
  }

  static String polygon(String points, int w) {
    return "{\"id\": \"p\", \"from_name\": \"label\", \"to_name\": \"image\", \"type\": \"polygonlabels\", "
        + "\"original_width\": " + w + ", \"original_height\": 1, \"value\": {\"points\": " + points
        + ", \"polygonlabels\": [\"road\"]}}";
  }

  void assertImportFails(String json, String message) throws Exception {
    try (LabelStore store = LabelStores.sqlite(tmp.resolve("bad.db")).build()) {
      LabelStudioImporter importer = LabelStudio.importer(SCHEMA).setDatasetVersion("v1").setMaskSink(this::put)
          .build();
      assertThatThrownBy(() -> importer.importInto(store, json)).isInstanceOf(InvalidDataException.class)
          .hasMessage(message);
      assertThat(store.count()).as("nothing half-imported").isZero();
    }
  }

  @Test
  void malformedMasks_failNamingTaskAndField() throws Exception {
    // a valid 2x1 brush: 8 RGBA bytes of 255
    int[] good = BrushRle.encode(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
    String goodRle = java.util.Arrays.toString(good);
    var ok = LabelStudio.importer(SCHEMA).setDatasetVersion("v1").setMaskSink(this::put).build()
        .read(task(brush(goodRle, "rle")));
    assertThat(pixels(ok.annotations().get(0).label())).containsExactly(2, 2);

    assertImportFails(task(brush(java.util.Arrays.toString(java.util.Arrays.copyOf(good, 6)), "rle")),
        "malformed brush RLE at task 17, annotations[0].result[0].value.rle: expected Label Studio's RLE of 2x1 "
            + "RGBA pixels, found the bits end early (6 bytes)");
    assertImportFails(task(brush(java.util.Arrays.toString(BrushRle.encode(new byte[12])), "rle")),
        "malformed brush RLE at task 17, annotations[0].result[0].value.rle: expected Label Studio's RLE of 2x1 "
            + "RGBA pixels, found it decodes to 12 values, not width x height x 4 = 8");
    assertImportFails(task(brush("[0, 0, 300]", "rle")),
        "malformed brush RLE at task 17, annotations[0].result[0].value.rle: expected Label Studio's RLE of 2x1 "
            + "RGBA pixels, found rle[2] is 300, not a byte (0..255)");
    assertImportFails(task(brush(goodRle, "png")),
        "unsupported brush format at task 17, annotations[0].result[0].value.format: expected \"rle\", found "
            + "\"png\"");
    assertImportFails(task(polygon("[[0, 0], [100, 0], [50, 120]]", 2)),
        "polygon outside the image at task 17, annotations[0].result[0].value.points[2]: expected 0 <= x, y <= 100 "
            + "(percent), found x=50.0, y=120.0");
    assertImportFails(task(polygon("[[0, 0], [100, 0]]", 2)),
        "missing field at task 17, annotations[0].result[0].value.points: expected an array of at least 3 [x, y] "
            + "points, found [[0,0],[100,0]]");
    assertImportFails(task(brush(goodRle, "rle") + ", " + polygon("[[0, 0], [100, 0], [0, 100]]", 3)),
        "regions of different image sizes at task 17, annotations[0].result[1].original_width: expected 2 x 1 as "
            + "in the annotation's first region, found 3 x 1");
    assertImportFails(task("{\"id\": \"r\", \"from_name\": \"label\", \"to_name\": \"image\", \"type\": "
        + "\"rectanglelabels\", \"value\": {}}"),
        "unexpected result type at task 17, annotations[0].result[0].type: expected brushlabels or polygonlabels "
            + "(the schema's MASK labels), found rectanglelabels");
  }
}
