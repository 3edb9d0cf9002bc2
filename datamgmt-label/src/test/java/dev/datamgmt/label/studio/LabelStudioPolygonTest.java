package dev.datamgmt.label.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Masks exported as Label Studio polygons ({@link LabelStudio.MaskFormat#POLYGON}): polygon, our import into a
 * mask, polygon export, import again gives the same mask (IoU per class at least 0.98, and in fact pixel for
 * pixel at any tolerance), and masks whose regions enclose background fail naming the pixel.
 */
class LabelStudioPolygonTest {
  static final DatasetSchema SCHEMA = DatasetSchema.builder().setLabelKind(LabelKind.MASK)
      .addClassNames("background", "road", "car", "tree").build();

  final Map<String, byte[]> blobs = new HashMap<>();

  BlobRef put(byte[] png) {
    BlobRef ref = BlobRef.of(png, "image/png");
    blobs.put(ref.hash().toString(), png);
    return ref;
  }

  /** A random simple polygon: star-shaped around a centre, vertices at sorted angles, in percent. */
  record Poly(int cls, double[][] points) {}

  /** Random images of 48 to 200 px with one to three star-shaped polygons of classes 1 to 3, painted in order. */
  @Provide
  Arbitrary<Object[]> scenes() {
    Arbitrary<Poly> poly = Combinators.combine(Arbitraries.integers().between(1, 3),
        Arbitraries.integers().between(3, 14), Arbitraries.doubles().between(25, 75),
        Arbitraries.doubles().between(25, 75), Arbitraries.doubles().between(12, 30),
        Arbitraries.longs()).as((cls, k, cx, cy, r, seed) -> {
          java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
          double[] angles = new double[k];
          for (int i = 0; i < k; i++) {
            angles[i] = rnd.nextDouble(2 * Math.PI);
          }
          java.util.Arrays.sort(angles);
          double[][] pts = new double[k][];
          for (int i = 0; i < k; i++) {
            double rr = Math.min(r * (0.4 + 0.6 * rnd.nextDouble()), Math.min(Math.min(cx, 100 - cx),
                Math.min(cy, 100 - cy)));
            pts[i] = new double[] {cx + rr * Math.cos(angles[i]), cy + rr * Math.sin(angles[i])};
          }
          return new Poly(cls, pts);
        });
    return Combinators.combine(Arbitraries.integers().between(48, 200), Arbitraries.integers().between(48, 200),
        poly.list().ofMinSize(1).ofMaxSize(3)).as((w, h, polys) -> new Object[] {w, h, polys});
  }

  @Property(tries = 200)
  void polygons_importExportImport_keepTheMask(@ForAll("scenes") Object[] scene) throws Exception {
    int w = (int) scene[0];
    int h = (int) scene[1];
    @SuppressWarnings("unchecked")
    List<Poly> polys = (List<Poly>) scene[2];
    ArrayNode result = LabelStudioTest.M.createArrayNode();
    for (int i = 0; i < polys.size(); i++) {
      ObjectNode res = result.addObject();
      res.put("id", "a" + i).put("from_name", "label").put("to_name", "image").put("type", "polygonlabels")
          .put("original_width", w).put("original_height", h);
      ObjectNode v = res.putObject("value");
      ArrayNode pts = v.putArray("points");
      for (double[] p : polys.get(i).points()) {
        pts.addArray().add(p[0]).add(p[1]);
      }
      v.putArray("polygonlabels").add(SCHEMA.classNames().get(polys.get(i).cls()));
    }
    MaskLabel first = importResult(result);
    byte[] before = pixels(first);
    // a rasterized polygon can enclose a background pixel in a sliver between two edges: then it must be one
    ArrayNode exported = exportOrCheckRefusal(first, null, before);
    if (exported == null) {
      return;
    }
    if (exported.isEmpty()) { // a sliver holding no pixel centre: nothing to export
      Statistics.collect("no pixel inside the polygons");
      assertThat(before).containsOnly(0);
      return;
    }
    Statistics.collect("exported");
    byte[] after = pixels(importResult(exported));
    for (int c = 1; c < SCHEMA.classNames().size(); c++) {
      int inter = 0;
      int union = 0;
      for (int p = 0; p < before.length; p++) {
        boolean a = before[p] == c;
        boolean b = after[p] == c;
        inter += a && b ? 1 : 0;
        union += a || b ? 1 : 0;
      }
      if (union > 0) {
        assertThat(inter / (double) union).as("IoU of class %d", c).isGreaterThanOrEqualTo(0.98);
      }
    }
    // more than that: the simplification never moves a pixel centre across an outline
    assertThat(after).isEqualTo(before);
  }

  /** Random masks of small images: painted rectangles and discs of classes 0 to 3 (0 makes holes). */
  @Property(tries = 300)
  void atAnyTolerance_theMaskComesBackPixelForPixel_orTheExportNamesAnEnclosedBackgroundPixel(
      @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 40) int h,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int shapes,
      @ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 4) double tolerance) throws Exception {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    byte[] px = new byte[w * h];
    for (int s = 0; s < shapes; s++) {
      int c = rnd.nextInt(4);
      double cx = rnd.nextDouble(w);
      double cy = rnd.nextDouble(h);
      double rx = 0.5 + rnd.nextDouble(Math.max(1, w / 3.0));
      double ry = 0.5 + rnd.nextDouble(Math.max(1, h / 3.0));
      boolean disc = rnd.nextBoolean();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double dx = (x + 0.5 - cx) / rx;
          double dy = (y + 0.5 - cy) / ry;
          if (disc ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1) {
            px[y * w + x] = (byte) c;
          }
        }
      }
    }
    ArrayNode exported = exportOrCheckRefusal(new MaskLabel(put(MaskPng.encode(px, w, h)), w, h), tolerance, px);
    if (exported == null) {
      return;
    }
    Statistics.collect(exported.isEmpty() ? "all background" : "exported");
    if (exported.isEmpty()) {
      assertThat(px).containsOnly(0);
      return;
    }
    assertThat(pixels(importResult(exported))).isEqualTo(px);
  }

  /** The polygon export's result, or null when it was refused for a background pixel that is truly enclosed. */
  ArrayNode exportOrCheckRefusal(MaskLabel mask, Double tolerance, byte[] px) throws Exception {
    try {
      return exportResult(mask, tolerance);
    } catch (InvalidDataException e) {
      Statistics.collect("background enclosed: export refused");
      assertEnclosedBackground(e, px, mask.width(), mask.height());
      return null;
    }
  }

  /**
   * The export's message names a background pixel that the named class walls in: no path of 4-neighbours that
   * avoids the class leads from it out of the image (an outside check, not the exporter's own).
   */
  static void assertEnclosedBackground(InvalidDataException e, byte[] px, int w, int h) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("pixel x=(\\d+), y=(\\d+): .* inside a \"(\\w+)\" "
        + "region").matcher(e.getMessage());
    assertThat(m.find()).as(e.getMessage()).isTrue();
    int x = Integer.parseInt(m.group(1));
    int y = Integer.parseInt(m.group(2));
    int c = SCHEMA.classIndex(m.group(3)).orElseThrow();
    assertThat(px[y * w + x]).as("the named pixel is background").isZero();
    boolean[] seen = new boolean[w * h];
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(y * w + x));
    seen[y * w + x] = true;
    while (!queue.isEmpty()) {
      int p = queue.poll();
      int qx = p % w;
      int qy = p / w;
      assertThat(qx > 0 && qy > 0 && qx < w - 1 && qy < h - 1).as("pixel (%d, %d) reaches the image's edge at "
          + "(%d, %d) without crossing class %d", x, y, qx, qy, c).isTrue();
      for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
        int n = (qy + d[1]) * w + qx + d[0];
        if (!seen[n] && px[n] != c) {
          seen[n] = true;
          queue.add(n);
        }
      }
    }
  }

  /** Our export of {@code mask} as polygons (tolerance: null for the default): the prediction's result. */
  ArrayNode exportResult(MaskLabel mask, Double tolerance) throws Exception {
    Record r = Record.builder("img-0").setBlob(BlobRef.of(new byte[] {1}, "image/png")).build();
    LabelStudioExporter.Builder b = LabelStudio.exporter(SCHEMA).setMediaUrl(x -> "s3://b/x.png")
        .optBlobReader(ref -> blobs.get(ref.hash().toString())).optMaskFormat(LabelStudio.MaskFormat.POLYGON);
    if (tolerance != null) {
      b.optPolygonTolerance(tolerance);
    }
    String tasks = b.build().export(List.of(r), Map.of(r.id(), Annotation.builder(r.id(), mask)
        .setDatasetVersion("v1").setAnnotator("unet").build()));
    JsonNode task = LabelStudioTest.M.readTree(tasks).get(0);
    return task.has("predictions") ? (ArrayNode) task.at("/predictions/0/result") : LabelStudioTest.M.createArrayNode();
  }

  /** Our import of one annotation with {@code result}. */
  MaskLabel importResult(ArrayNode result) throws Exception {
    return (MaskLabel) LabelStudio.importer(SCHEMA).setDatasetVersion("v1").setMaskSink(this::put).build()
        .read(LabelStudioTest.oneAnnotatedTask(result)).annotations().get(0).label();
  }

  byte[] pixels(MaskLabel m) throws Exception {
    return MaskPng.decode(blobs.get(m.mask().hash().toString()), m.width(), m.height());
  }

  static byte[] parse(String... rows) {
    byte[] px = new byte[rows.length * rows[0].length()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[0].length(); x++) {
        px[y * rows[0].length() + x] = (byte) (rows[y].charAt(x) - '0');
      }
    }
    return px;
  }

  MaskLabel mask(String... rows) {
    return new MaskLabel(put(MaskPng.encode(parse(rows), rows[0].length(), rows.length)), rows[0].length(),
        rows.length);
  }

  @Test
  void aSquare_isTheOctagonThroughTheMidpointsBetweenPixelCentres() throws Exception {
    ArrayNode res = exportResult(mask("0000", "0110", "0110", "0000"), 0.0);
    assertThat(res).hasSize(1);
    assertThat(res.get(0).get("type").asText()).isEqualTo("polygonlabels");
    assertThat(res.get(0).get("id").asText()).isEqualTo("p1_0");
    assertThat(res.get(0).at("/value/polygonlabels/0").asText()).isEqualTo("road");
    assertThat(res.get(0).get("original_width").asInt()).isEqualTo(4);
    // pixels (1..2, 1..2): the outline cuts each corner between the outside and inside centres (in percent of 4)
    double[][] expected = {{1.5, 1}, {2.5, 1}, {3, 1.5}, {3, 2.5}, {2.5, 3}, {1.5, 3}, {1, 2.5}, {1, 1.5}};
    JsonNode pts = res.get(0).at("/value/points");
    assertThat(pts).hasSize(8);
    int start = -1;
    for (int i = 0; i < 8; i++) {
      if (pts.get(i).get(0).asDouble() == 37.5 && pts.get(i).get(1).asDouble() == 25) {
        start = i;
      }
    }
    assertThat(start).as("vertex (1.5, 1) in " + pts).isNotNegative();
    int dir = pts.get((start + 1) % 8).get(0).asDouble() == 62.5 ? 1 : -1; // either orientation
    for (int i = 0; i < 8; i++) {
      JsonNode p = pts.get(Math.floorMod(start + dir * i, 8));
      assertThat(p.get(0).asDouble()).isCloseTo(25 * expected[i][0], within(1e-12));
      assertThat(p.get(1).asDouble()).isCloseTo(25 * expected[i][1], within(1e-12));
    }
    assertThat(pixels(importResult(res))).isEqualTo(parse("0000", "0110", "0110", "0000"));
  }

  @Test
  void oneRegionPerConnectedPart_cornerNeighboursApart_andRegionsInHolesAfterTheirs() throws Exception {
    // a road ring around a car (the car fills the hole); a separate tree; two car pixels touching at a corner are
    // two regions
    String[] rows = {
        "1111100",
        "1222100",
        "1222103",
        "1111100",
        "0000020",
        "0000002"};
    ArrayNode res = exportResult(mask(rows), 0.0);
    assertThat(res).extracting(r -> r.get("id").asText()).containsExactly("p1_0", "p2_0", "p3_0", "p2_1", "p2_2");
    assertThat(pixels(importResult(res))).isEqualTo(parse(rows));
  }

  @Test
  void twoClassesCrossingAtACorner_exportAndComeBack() throws Exception {
    // road and car each touch themselves only at the corners of the middle 2x2 block, and each surrounds a pixel
    // of the other: with corner-connected regions each would lie in the other's hole
    String[] rows = {
        "0111100",
        "0122210",
        "0121210",
        "0112210",
        "0000000"};
    ArrayNode res = exportResult(mask(rows), null);
    assertThat(pixels(importResult(res))).isEqualTo(parse(rows));
  }

  @Test
  void anAnnotatorsEdit_ofTheExportedPolygons_importsAsTheEditedMask() throws Exception {
    String[] rows = {
        "11000000",
        "11000220",
        "00000220",
        "00000000"};
    ArrayNode res = exportResult(mask(rows), null);
    assertThat(res).extracting(r -> r.get("id").asText()).containsExactly("p1_0", "p2_0");
    // the annotator deletes the road, drags the car two pixels left and draws a square of tree
    res.remove(0);
    for (JsonNode point : res.get(0).at("/value/points")) {
      ((ArrayNode) point).set(0, LabelStudioTest.M.valueToTree(point.get(0).asDouble() - 2 * 100.0 / 8));
    }
    ObjectNode tree = res.addObject();
    tree.put("id", "t").put("from_name", "label").put("to_name", "image").put("type", "polygonlabels")
        .put("original_width", 8).put("original_height", 4);
    ObjectNode v = tree.putObject("value");
    ArrayNode square = v.putArray("points");
    for (double[] p : new double[][] {{0, 50}, {25, 50}, {25, 100}, {0, 100}}) {
      square.addArray().add(p[0]).add(p[1]);
    }
    v.putArray("polygonlabels").add("tree");
    assertThat(pixels(importResult(res))).isEqualTo(parse(
        "00000000",
        "00022000",
        "33022000",
        "33000000"));
  }

  @Test
  void backgroundInsideARegion_failsNamingThePixelAndTheClass() throws Exception {
    MaskLabel ring = mask(
        "00000",
        "01110",
        "01010",
        "01110");
    assertThatThrownBy(() -> exportResult(ring, null)).isInstanceOf(InvalidDataException.class)
        .hasMessage("mask not expressible as polygons at record img-0, mask " + ring.mask().hash() + ", pixel x=2, "
            + "y=2: expected no background (class 0) inside the outline of a region (a Label Studio polygon has no "
            + "holes; export this mask with MaskFormat.BRUSH), found a background pixel inside a \"road\" region "
            + "(which has a pixel at x=1, y=1)");
    // four pixels that touch only at their corners are four regions: the background between them is outside all
    assertThat(exportResult(mask("010", "101", "010"), null)).hasSize(4);
  }

  @Test
  void tolerance_tradesVerticesForClosenessToTheTracedOutline_neverPixels() throws Exception {
    int n = 101;
    byte[] disc = new byte[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        disc[y * n + x] = (byte) ((x - 50) * (x - 50) + (y - 50) * (y - 50) <= 45 * 45 ? 1 : 0);
      }
    }
    MaskLabel m = new MaskLabel(put(MaskPng.encode(disc, n, n)), n, n);
    int[] vertices = new int[4];
    double[] tolerances = {0, 0.4, 0.5, 2};
    for (int i = 0; i < 4; i++) {
      ArrayNode res = exportResult(m, tolerances[i]);
      vertices[i] = res.get(0).at("/value/points").size();
      assertThat(pixels(importResult(res))).as("tolerance %s", tolerances[i]).isEqualTo(disc);
    }
    // the traced outline of a disc of radius 45 has a vertex at every step of its staircase; 0 drops only
    // collinear ones, 0.5 (the default) about as many as keeping every pixel centre on its side allows
    assertThat(vertices[0]).isGreaterThan(vertices[1]);
    assertThat(vertices[1]).isGreaterThanOrEqualTo(vertices[2]);
    assertThat(vertices[2]).isLessThan(vertices[0] * 7 / 10);
    assertThat(vertices[3]).isLessThanOrEqualTo(vertices[2]);
    assertThat(exportResult(m, null).get(0).at("/value/points")).hasSize(vertices[2]);
    System.out.printf("disc of radius 45: %s vertices at tolerance %s px%n", java.util.Arrays.toString(vertices),
        java.util.Arrays.toString(tolerances));
  }

  @Test
  void builder_rejectsAToleranceWithoutPolygons_andBadTolerances() {
    assertThatThrownBy(() -> LabelStudio.exporter(SCHEMA).setMediaUrl(r -> "x").optPolygonTolerance(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optPolygonTolerance(1.0) applies to polygons, but optMaskFormat is BRUSH");
    assertThatThrownBy(() -> LabelStudio.exporter(SCHEMA).optPolygonTolerance(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("polygon tolerance: expected a finite number of pixels >= 0, found -0.1");
    assertThatThrownBy(() -> LabelStudio.exporter(SCHEMA).optPolygonTolerance(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelingConfig_forPolygons_isPolygonLabelsWithoutTheBackground() {
    String config = LabelStudio.labelingConfig(SCHEMA, LabelStudio.MediaTag.IMAGE, LabelStudio.MaskFormat.POLYGON);
    assertThat(config).contains("<PolygonLabels name=\"label\" toName=\"image\">").contains("<Label value=\"road\"/>")
        .contains("</PolygonLabels>").doesNotContain("background").doesNotContain("Brush");
    assertThat(LabelStudio.labelingConfig(SCHEMA)).contains("<BrushLabels");
  }
}
