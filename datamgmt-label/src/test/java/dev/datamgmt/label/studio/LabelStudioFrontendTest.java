package dev.datamgmt.label.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.label.KeypointsLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our exported tasks in Label Studio's own frontend ({@code label-studio@1.0.1} from npm, its built {@code main.js}
 * and {@code main.css}) in headless Chromium (Debian's {@code chromium}): every prediction region appears where our
 * coordinates put it (measured on the frontend's stage, in percent of the displayed image), the frontend's own
 * {@code serializeAnnotation()} gives back our results, and our importer reads that serialization back to the
 * labels we exported (for masks exported as polygons: every vertex on the stage where our percentages put it, and
 * the same mask back). Brush RLE is also checked against {@code @thi.ng/rle-pack}, the library the frontend uses,
 * run in Node.js. Needs Chromium, Node.js and npm (the registry, once): tagged {@code peers}.
 */
@Tag("peers")
class LabelStudioFrontendTest {
  static final String CHROMIUM = "/usr/bin/chromium";
  static Path frontend;
  @TempDir Path tmp;

  /** Installs the committed package-lock (label-studio 1.0.1) once per machine, with npm ci --ignore-scripts. */
  @BeforeAll
  static void install() throws Exception {
    assertThat(Path.of(CHROMIUM)).as("Debian's chromium (.ci/packages.txt)").exists();
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "datamgmt-label-studio-frontend-1.0.1");
    frontend = dir.resolve("node_modules");
    if (Files.exists(frontend.resolve("label-studio/build/static/js/main.js"))) {
      return;
    }
    Path staging = Files.createTempDirectory("datamgmt-lsf-");
    for (String f : List.of("package.json", "package-lock.json")) {
      try (InputStream in = LabelStudioFrontendTest.class.getResourceAsStream("frontend/" + f)) {
        Files.copy(in, staging.resolve(f));
      }
    }
    Process p = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund").directory(
        staging.toFile()).redirectErrorStream(true).redirectOutput(staging.resolve("npm.log").toFile()).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
    assertThat(p.exitValue()).as("npm ci: " + Files.readString(staging.resolve("npm.log"))).isZero();
    try {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // another run installed it meanwhile: use that one
    }
  }

  static final List<String> CLASSES = List.of("cat", "dog", "bird & fish");

  static DatasetSchema schema(LabelKind kind) {
    DatasetSchema.Builder b = DatasetSchema.builder().setLabelKind(kind);
    if (kind != LabelKind.TEXT) {
      b.addClassNames(CLASSES.toArray(String[]::new));
    }
    return b.build();
  }

  static String pngDataUrl(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static Record record(int w, int h) {
    return Record.builder("img-0").setBlob(BlobRef.of(new byte[] {1}, "image/png")).addAttribute("width", w)
        .addAttribute("height", h).build();
  }

  /** Loads {@code task} (one exported task) into the frontend; what it reports (see the page's script). */
  JsonNode load(String config, JsonNode task) throws Exception {
    String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<link rel=\"stylesheet\" href=\"" + frontend.resolve("label-studio/build/static/css/main.css").toUri()
        + "\"><script src=\"" + frontend.resolve("label-studio/build/static/js/main.js").toUri() + "\"></script>"
        + "</head><body><div id=\"label-studio\"></div><pre id=\"out\">pending</pre><script>\n"
        + "var out = document.getElementById('out');\n"
        + "function report(o) { out.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(o)))); }\n"
        + "window.onerror = function(m) { report({error: String(m)}); };\n"
        + "new LabelStudio('label-studio', {config: " + LabelStudioTest.M.writeValueAsString(config) + ",\n"
        + "  interfaces: ['panel', 'predictions:menu', 'annotations:menu', 'side-column'],\n"
        + "  user: {pk: 1, firstName: 'a', lastName: 'b'}, task: " + task + ",\n"
        + "  onLabelStudioLoad: function(LS) { setTimeout(function() { try {\n"
        + "    var p = LS.annotationStore.predictions[0];\n"
        + "    var im = LS.annotationStore.names.get('image');\n"
        + "    report({stage: im ? {w: im.stageWidth, h: im.stageHeight, nw: im.naturalWidth, nh: im.naturalHeight}\n"
        + "        : null, regions: p.regionStore.regions.map(function(r) { return {id: r.cleanId, type: r.type,\n"
        + "        x: r.x, y: r.y, width: r.width, height: r.height,\n"
        + "        points: r.points ? r.points.map(function(q) { return [q.x, q.y]; }) : null}; }),\n"
        + "        result: p.serializeAnnotation()});\n"
        + "  } catch (e) { report({error: String(e) + ' ' + e.stack}); } }, 3000); }});\n"
        + "</script></body></html>";
    Path page = tmp.resolve("page.html");
    Files.writeString(page, html);
    Process p = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom", page.toUri().toString())
        .redirectError(tmp.resolve("chromium.err").toFile()).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    Matcher m = Pattern.compile("<pre id=\"out\">([^<]*)</pre>").matcher(dom);
    assertThat(m.find()).as("the page's output in " + dom.length() + " characters of DOM").isTrue();
    assertThat(m.group(1)).as("the frontend loaded and reported").isNotEqualTo("pending");
    JsonNode report = LabelStudioTest.M.readTree(Base64.getDecoder().decode(m.group(1)));
    assertThat(report.has("error")).as(report.toString()).isFalse();
    return report;
  }

  /** Our export of one record with {@code label} as the prediction, loaded; returns [our task, report]. */
  JsonNode[] exportAndLoad(LabelKind kind, Label label, int w, int h, Map<String, byte[]> blobs) throws Exception {
    return exportAndLoad(kind, label, w, h, blobs, LabelStudio.MaskFormat.BRUSH);
  }

  /** The same with masks exported (and the config's control chosen) as {@code masks}. */
  JsonNode[] exportAndLoad(LabelKind kind, Label label, int w, int h, Map<String, byte[]> blobs,
      LabelStudio.MaskFormat masks) throws Exception {
    Record r = record(w, h);
    String dataUrl = pngDataUrl(w, h);
    String tasks = LabelStudio.exporter(schema(kind)).setMediaUrl(x -> dataUrl)
        .optBlobReader(ref -> blobs.get(ref.hash().toString())).optMaskFormat(masks).build()
        .export(List.of(r), Map.of(r.id(), Annotation.builder(r.id(), label).setDatasetVersion("v1")
            .setAnnotator("model-1").optConfidence(0.75).build()));
    ObjectNode task = (ObjectNode) LabelStudioTest.M.readTree(tasks).get(0);
    task.put("id", 17);
    JsonNode report = load(LabelStudio.labelingConfig(schema(kind), LabelStudio.MediaTag.IMAGE, masks), task);
    return new JsonNode[] {task, report};
  }

  /** The frontend's serialization equals our result items (as sets keyed by id; numbers within 1e-9). */
  static void assertSameResults(JsonNode ours, JsonNode theirs) {
    assertThat(theirs.size()).as("results " + theirs).isEqualTo(ours.size());
    Map<String, JsonNode> byId = new HashMap<>();
    theirs.forEach(t -> byId.put(t.get("id").asText(), t));
    for (JsonNode o : ours) {
      JsonNode t = byId.get(o.get("id").asText());
      assertThat(t).as("result " + o.get("id") + " in " + theirs).isNotNull();
      for (String f : List.of("type", "from_name", "to_name")) {
        assertThat(t.get(f)).as(f).isEqualTo(o.get(f));
      }
      Iterator<Map.Entry<String, JsonNode>> it = o.get("value").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode tv = t.get("value").get(e.getKey());
        assertThat(tv).as("value." + e.getKey() + " of " + t).isNotNull();
        assertSameValue("value." + e.getKey(), e.getValue(), tv);
      }
    }
  }

  /** Equal JSON, numbers (also inside arrays, as polygon points) within 1e-9. */
  static void assertSameValue(String what, JsonNode ours, JsonNode theirs) {
    if (ours.isNumber()) {
      assertThat(theirs.isNumber()).as(what + ": " + theirs).isTrue();
      assertThat(theirs.asDouble()).as(what).isCloseTo(ours.asDouble(), within(1e-9));
    } else if (ours.isArray()) {
      assertThat(theirs.isArray() ? theirs.size() : -1).as(what + ": " + theirs).isEqualTo(ours.size());
      for (int i = 0; i < ours.size(); i++) {
        assertSameValue(what + "[" + i + "]", ours.get(i), theirs.get(i));
      }
    } else {
      assertThat(theirs).as(what).isEqualTo(ours);
    }
  }

  /** Our importer on the frontend's serialization, as an annotation of task 17. */
  static Label importSerialized(LabelKind kind, JsonNode result, Map<String, byte[]> blobs) throws Exception {
    return LabelStudio.importer(schema(kind)).setDatasetVersion("v1").setMaskSink(png -> {
      BlobRef ref = BlobRef.of(png, "image/png");
      blobs.put(ref.hash().toString(), png);
      return ref;
    }).build().read(LabelStudioTest.oneAnnotatedTask(result)).annotations().get(0).label();
  }

  @Test
  void boxes_appearWhereOurPercentagesPutThem_andComeBackAsTheSameBoxes() throws Exception {
    BoxesLabel boxes = BoxesLabel.of(new Box(64, 48, 192, 240, 1), new Box(300.5, 10, 640, 470, 2));
    JsonNode[] r = exportAndLoad(LabelKind.BOXES, boxes, 640, 480, Map.of());
    JsonNode ours = r[0].at("/predictions/0/result");
    JsonNode report = r[1];
    assertThat(report.at("/stage/nw").asInt()).isEqualTo(640);
    assertThat(report.at("/stage/nh").asInt()).isEqualTo(480);
    double sw = report.at("/stage/w").asDouble();
    double sh = report.at("/stage/h").asDouble();
    JsonNode regions = report.get("regions");
    assertThat(regions).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode v = ours.get(i).get("value");
      JsonNode g = regions.get(i);
      assertThat(g.get("type").asText()).isEqualTo("rectangleregion");
      // on the stage, in percent of the displayed image (stage sizes are whole pixels: within 0.5%)
      assertThat(100 * g.get("x").asDouble() / sw).isCloseTo(v.get("x").asDouble(), within(0.5));
      assertThat(100 * g.get("y").asDouble() / sh).isCloseTo(v.get("y").asDouble(), within(0.5));
      assertThat(100 * g.get("width").asDouble() / sw).isCloseTo(v.get("width").asDouble(), within(0.5));
      assertThat(100 * g.get("height").asDouble() / sh).isCloseTo(v.get("height").asDouble(), within(0.5));
    }
    assertSameResults(ours, report.get("result"));
    LabelStudioTest.assertBoxes((BoxesLabel) importSerialized(LabelKind.BOXES, report.get("result"), Map.of()),
        boxes.boxes().toArray(Box[]::new));
  }

  @Test
  void keypoints_appearWhereOurPercentagesPutThem() throws Exception {
    KeypointsLabel kp = new KeypointsLabel(List.of(new Keypoint(64, 48, Keypoint.VISIBLE),
        new Keypoint(0, 0, Keypoint.NOT_LABELED), new Keypoint(320, 240.5, Keypoint.VISIBLE)), -1);
    JsonNode[] r = exportAndLoad(LabelKind.KEYPOINTS, kp, 640, 480, Map.of());
    JsonNode ours = r[0].at("/predictions/0/result");
    JsonNode report = r[1];
    double sw = report.at("/stage/w").asDouble();
    double sh = report.at("/stage/h").asDouble();
    assertThat(report.get("regions")).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode g = report.get("regions").get(i);
      assertThat(g.get("type").asText()).isEqualTo("keypointregion");
      assertThat(100 * g.get("x").asDouble() / sw).isCloseTo(ours.get(i).at("/value/x").asDouble(), within(0.5));
      assertThat(100 * g.get("y").asDouble() / sh).isCloseTo(ours.get(i).at("/value/y").asDouble(), within(0.5));
    }
    assertSameResults(ours, report.get("result"));
    KeypointsLabel back = (KeypointsLabel) importSerialized(LabelKind.KEYPOINTS, report.get("result"), Map.of());
    assertThat(back.points().get(0).x()).isCloseTo(64, within(1e-9));
    assertThat(back.points().get(1).visibility()).isEqualTo(Keypoint.NOT_LABELED);
    assertThat(back.points().get(2).y()).isCloseTo(240.5, within(1e-9));
  }

  @Test
  void choicesAndText_serializeBackToOurResults() throws Exception {
    JsonNode[] c = exportAndLoad(LabelKind.CLASS, ClassLabel.of(2), 64, 48, Map.of());
    assertSameResults(c[0].at("/predictions/0/result"), c[1].get("result"));
    assertThat(importSerialized(LabelKind.CLASS, c[1].get("result"), Map.of())).isEqualTo(ClassLabel.of(2));

    JsonNode[] t = exportAndLoad(LabelKind.TEXT, new TextLabel("a cat & a dog <3"), 64, 48, Map.of());
    assertSameResults(t[0].at("/predictions/0/result"), t[1].get("result"));
    assertThat(importSerialized(LabelKind.TEXT, t[1].get("result"), Map.of()))
        .isEqualTo(new TextLabel("a cat & a dog <3"));
  }

  @Test
  void polygonMasks_appearWhereOurPercentagesPutThem_andComeBackAsTheSameMask() throws Exception {
    // a "dog" ring around a "bird & fish" disc (the ring's hole holds no background), another "dog" apart;
    // class 0 ("cat") is the background
    int w = 64;
    int h = 48;
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double ring = Math.hypot(x + 0.5 - 20, y + 0.5 - 22);
        px[y * w + x] = (byte) (ring < 8 ? 2 : ring < 15 ? 1 : (x - 50) * (x - 50) + (y - 12) * (y - 12) < 64 ? 1 : 0);
      }
    }
    Map<String, byte[]> blobs = new HashMap<>();
    byte[] png = MaskPng.encode(px, w, h);
    BlobRef ref = BlobRef.of(png, "image/png");
    blobs.put(ref.hash().toString(), png);
    JsonNode[] r = exportAndLoad(LabelKind.MASK, new MaskLabel(ref, w, h), w, h, blobs,
        LabelStudio.MaskFormat.POLYGON);
    JsonNode ours = r[0].at("/predictions/0/result");
    JsonNode report = r[1];
    double sw = report.at("/stage/w").asDouble();
    double sh = report.at("/stage/h").asDouble();
    assertThat(ours).extracting(o -> o.get("id").asText()).containsExactly("p1_0", "p1_1", "p2_0");
    assertThat(ours).allMatch(o -> o.get("type").asText().equals("polygonlabels"));
    assertThat(report.get("regions")).hasSize(ours.size());
    Map<String, JsonNode> regions = new HashMap<>();
    report.get("regions").forEach(g -> regions.put(g.get("id").asText(), g));
    for (JsonNode o : ours) {
      JsonNode g = regions.get(o.get("id").asText());
      assertThat(g).as("region " + o.get("id") + " on the stage").isNotNull();
      assertThat(g.get("type").asText()).isEqualTo("polygonregion");
      JsonNode pts = o.at("/value/points");
      assertThat(g.get("points")).hasSize(pts.size());
      for (int i = 0; i < pts.size(); i++) {
        // each vertex on the stage, in percent of the displayed image, where our percentages put it
        assertThat(100 * g.get("points").get(i).get(0).asDouble() / sw).isCloseTo(pts.get(i).get(0).asDouble(),
            within(0.5));
        assertThat(100 * g.get("points").get(i).get(1).asDouble() / sh).isCloseTo(pts.get(i).get(1).asDouble(),
            within(0.5));
      }
    }
    assertSameResults(ours, report.get("result"));
    MaskLabel back = (MaskLabel) importSerialized(LabelKind.MASK, report.get("result"), blobs);
    assertThat(MaskPng.decode(blobs.get(back.mask().hash().toString()), w, h)).isEqualTo(px);
  }

  @Test
  void brushMasks_loadAndSerializeBack_andOurRleIsRlePacks() throws Exception {
    int w = 64;
    int h = 48;
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (byte) (y >= 30 ? 1 : (x - 20) * (x - 20) + (y - 15) * (y - 15) < 100 ? 2 : 0);
      }
    }
    Map<String, byte[]> blobs = new HashMap<>();
    byte[] png = MaskPng.encode(px, w, h);
    BlobRef ref = BlobRef.of(png, "image/png");
    blobs.put(ref.hash().toString(), png);
    JsonNode[] r = exportAndLoad(LabelKind.MASK, new MaskLabel(ref, w, h), w, h, blobs);
    JsonNode ours = r[0].at("/predictions/0/result");
    assertThat(r[1].get("regions")).hasSize(2).allMatch(g -> g.get("type").asText().equals("brushregion"));
    assertSameResults(ours, r[1].get("result"));
    MaskLabel back = (MaskLabel) importSerialized(LabelKind.MASK, r[1].get("result"), blobs);
    assertThat(MaskPng.decode(blobs.get(back.mask().hash().toString()), w, h)).isEqualTo(px);

    // @thi.ng/rle-pack (what the frontend decodes with) on our RLE of class 2, and ours on its encoding
    byte[] rgba = MaskPng.rgbaOf(px, 2);
    JsonNode rle = ours.get(1).at("/value/rle");
    String script = "const {decode, encode} = require(" + LabelStudioTest.M.writeValueAsString(
        frontend.resolve("@thi.ng/rle-pack").toString()) + ");\n"
        + "const ours = Uint8Array.from(" + rle + ");\n"
        + "const rgba = Buffer.from('" + Base64.getEncoder().encodeToString(rgba) + "', 'base64');\n"
        + "console.log(JSON.stringify({decoded: Buffer.from(decode(ours)).toString('base64'), "
        + "encoded: Array.from(encode(Uint8Array.from(rgba), rgba.length))}));";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(tmp.resolve("node.err").toFile()).start();
    JsonNode out = LabelStudioTest.M.readTree(node.getInputStream().readAllBytes());
    assertThat(node.waitFor()).as(Files.readString(tmp.resolve("node.err"))).isZero();
    assertThat(Base64.getDecoder().decode(out.get("decoded").asText())).isEqualTo(rgba);
    int[] theirs = new int[out.get("encoded").size()];
    for (int i = 0; i < theirs.length; i++) {
      theirs[i] = out.get("encoded").get(i).asInt();
    }
    assertThat(BrushRle.decode(theirs, rgba.length)).isEqualTo(rgba);
  }
}
