package dev.datamgmt.label.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.error.DataException;
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
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Label Studio's JSON export (an array of tasks with {@code annotations}) into {@link Annotation}s: one per
 * annotation that was not cancelled, its annotator {@code <prefix><completed_by>}, its time {@code updated_at}
 * (else {@code created_at}), and in its metadata the task id, annotation id, result ids and {@code lead_time}.
 * Built by {@link LabelStudio#importer}.
 *
 * <p>Everything is checked before anything is stored: malformed JSON, a missing field, an unknown label name,
 * coordinates outside the image or an unknown record fail the whole import with a typed error naming the task id
 * and the field ({@code task 17, annotations[0].result[1].value.rectanglelabels}).
 */
public final class LabelStudioImporter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Percent coordinates may overshoot 100 by rounding in the browser; more than this is an error. */
  private static final double EPS = 1e-6;

  private final DatasetSchema schema;
  private final String datasetVersion;
  private final String recordIdKey;
  private final String fromName;
  private final String annotatorPrefix;
  private final Set<String> knownRecords;
  private final Clock clock;
  private final MaskSink maskSink;

  /**
   * Stores an imported mask (a single-channel PNG of class indices) and returns its reference, e.g. {@code png ->
   * repo.putBlob(png, "image/png")}. Called while reading; a failing import may leave stored masks that no
   * annotation refers to (unreferenced blobs, which the repository's garbage collection removes).
   */
  @FunctionalInterface
  public interface MaskSink {
    /**
     * Stores the PNG.
     *
     * @throws DataException if it cannot be stored
     */
    BlobRef put(byte[] png) throws DataException;
  }

  private LabelStudioImporter(Builder b) {
    this.schema = b.schema;
    this.datasetVersion = b.datasetVersion;
    this.recordIdKey = b.recordIdKey;
    this.fromName = b.fromName;
    this.annotatorPrefix = b.annotatorPrefix;
    this.knownRecords = b.knownRecords == null ? null : Set.copyOf(b.knownRecords);
    this.clock = b.clock;
    this.maskSink = b.maskSink;
  }

  /**
   * What an import found.
   *
   * @param annotations the annotations read, in file order
   * @param tasks tasks read
   * @param cancelled annotations skipped because they were cancelled ({@code was_cancelled})
   */
  public record Result(List<Annotation> annotations, int tasks, int cancelled) {
    /** Copies the list. */
    public Result {
      annotations = List.copyOf(annotations);
    }
  }

  /**
   * Reads an export without storing it.
   *
   * @throws UnsupportedFormatException if the text is not JSON or not an array of task objects
   * @throws InvalidDataException naming task and field for a missing or wrong field, unknown label name or
   *     coordinates outside the image
   * @throws NotFoundException naming the task if a record id is not among the known records
   */
  public Result read(String json) throws DataException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UnsupportedFormatException("malformed Label Studio export", "line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), "a JSON array of tasks",
          e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new UnsupportedFormatException("malformed Label Studio export", "top level", "a JSON array of tasks",
          root == null ? "nothing" : root.getNodeType().toString());
    }
    List<Annotation> out = new ArrayList<>();
    int cancelled = 0;
    for (int t = 0; t < root.size(); t++) {
      JsonNode task = root.get(t);
      if (!task.isObject()) {
        throw new UnsupportedFormatException("malformed task", "task #" + t, "an object", task.getNodeType().toString());
      }
      String taskId = task.hasNonNull("id") ? task.get("id").asText() : "#" + t;
      String recordId = text(task, "data", taskId, "data." + recordIdKey, recordIdKey);
      if (knownRecords != null && !knownRecords.contains(recordId)) {
        throw new NotFoundException("annotation for an unknown record", "task " + taskId + ", data." + recordIdKey,
            "a record of dataset version " + datasetVersion, recordId);
      }
      JsonNode anns = task.path("annotations");
      if (!anns.isArray()) {
        throw new InvalidDataException("missing field", "task " + taskId + ", annotations", "an array",
            anns.isMissingNode() ? "nothing" : anns.getNodeType().toString());
      }
      for (int a = 0; a < anns.size(); a++) {
        JsonNode ann = anns.get(a);
        String path = "task " + taskId + ", annotations[" + a + "]";
        if (ann.path("was_cancelled").asBoolean(false)) {
          cancelled++;
          continue;
        }
        out.add(annotation(ann, path, taskId, recordId));
      }
    }
    return new Result(out, root.size(), cancelled);
  }

  /**
   * Reads an export and stores all its annotations in one transaction: all or nothing.
   *
   * @throws DataException as {@link #read(String)}, or from the store; nothing is stored then
   */
  public Result importInto(LabelStore store, String json) throws DataException {
    Result r = read(json);
    store.addAll(r.annotations());
    return r;
  }

  private String text(JsonNode task, String objectField, String taskId, String path, String field)
      throws InvalidDataException {
    JsonNode v = task.path(objectField).path(field);
    if (!v.isTextual() && !v.isNumber()) {
      throw new InvalidDataException("missing field", "task " + taskId + ", " + path, "a string",
          v.isMissingNode() ? "nothing" : v.toString());
    }
    return v.asText();
  }

  private Annotation annotation(JsonNode ann, String path, String taskId, String recordId) throws DataException {
    JsonNode by = ann.path("completed_by");
    String annotator;
    if (by.isNumber() || by.isTextual()) {
      annotator = by.asText();
    } else if (by.isObject() && (by.hasNonNull("email") || by.hasNonNull("id"))) {
      annotator = by.hasNonNull("email") ? by.get("email").asText() : by.get("id").asText();
    } else {
      throw new InvalidDataException("missing annotator", path + ".completed_by", "a user id or user object",
          by.isMissingNode() ? "nothing" : by.toString());
    }
    Instant time = clock.instant();
    for (String f : List.of("updated_at", "created_at")) {
      if (ann.hasNonNull(f)) {
        try {
          time = Instant.parse(ann.get(f).asText());
          break;
        } catch (DateTimeParseException e) {
          throw new InvalidDataException("bad time", path + "." + f, "an ISO-8601 instant", ann.get(f).asText(), e);
        }
      }
    }
    JsonNode results = ann.path("result");
    if (!results.isArray()) {
      throw new InvalidDataException("missing field", path + ".result", "an array",
          results.isMissingNode() ? "nothing" : results.getNodeType().toString());
    }
    List<String> resultIds = new ArrayList<>();
    Label label = label(results, path, resultIds);
    Annotation.Builder b = Annotation.builder(recordId, label).setDatasetVersion(datasetVersion)
        .setAnnotator(annotatorPrefix + annotator).optTime(time).optSource(LabelSource.HUMAN)
        .addMetadata("labelstudio.task_id", taskId);
    if (ann.hasNonNull("id")) {
      b.addMetadata("labelstudio.annotation_id", ann.get("id").asText());
    }
    if (ann.hasNonNull("lead_time")) {
      b.addMetadata("labelstudio.lead_time", ann.get("lead_time").asText());
    }
    if (!resultIds.isEmpty()) {
      b.addMetadata("labelstudio.result_ids", String.join(",", resultIds));
    }
    return b.build();
  }

  private Label label(JsonNode results, String path, List<String> resultIds) throws DataException {
    TreeSet<Integer> classes = new TreeSet<>();
    List<Box> boxes = new ArrayList<>();
    Keypoint[] points = new Keypoint[schema.classNames().size()];
    List<String> texts = new ArrayList<>();
    int choiceResults = 0;
    MaskCanvas canvas = new MaskCanvas();
    for (int i = 0; i < results.size(); i++) {
      JsonNode res = results.get(i);
      String rp = path + ".result[" + i + "]";
      if (!fromName.equals(res.path("from_name").asText(null))) {
        continue; // another control of the project: not this dataset's label
      }
      if (res.hasNonNull("id") && !resultIds.contains(res.get("id").asText())) {
        resultIds.add(res.get("id").asText());
      }
      String type = res.path("type").asText("");
      JsonNode value = res.path("value");
      String expected = switch (schema.labelKind()) {
        case CLASS, MULTI_LABEL -> "choices";
        case BOXES -> "rectanglelabels";
        case KEYPOINTS -> "keypointlabels";
        case TEXT -> "textarea";
        case MASK -> type.equals("polygonlabels") ? "polygonlabels" : "brushlabels";
        default -> throw new AssertionError(schema.labelKind());
      };
      if (!expected.equals(type)) {
        if (schema.labelKind() == LabelKind.MASK) {
          expected = "brushlabels or polygonlabels";
        }
        throw new InvalidDataException("unexpected result type", rp + ".type", expected + " (the schema's "
            + schema.labelKind() + " labels)", type.isEmpty() ? "nothing" : type);
      }
      switch (type) {
        case "choices" -> {
          choiceResults++;
          for (String name : strings(value, "choices", rp)) {
            classes.add(classIndex(name, rp + ".value.choices"));
          }
        }
        case "textarea" -> texts.addAll(strings(value, "text", rp));
        case "keypointlabels" -> keypoint(res, value, rp, points);
        case "brushlabels" -> brush(res, value, rp, canvas);
        case "polygonlabels" -> polygon(res, value, rp, canvas);
        default -> boxes.add(box(res, value, rp));
      }
    }
    return switch (schema.labelKind()) {
      case CLASS -> {
        if (classes.size() != 1 || choiceResults != 1) {
          throw new InvalidDataException("not one choice", path + ".result", "exactly one choice for "
              + fromName, classes.size() + " choices in " + choiceResults + " results");
        }
        yield ClassLabel.of(classes.first());
      }
      case MULTI_LABEL -> new MultiLabel(List.copyOf(classes));
      case TEXT -> {
        if (texts.isEmpty()) {
          throw new InvalidDataException("no text", path + ".result", "a textarea result for " + fromName,
              "none");
        }
        yield new TextLabel(String.join("\n", texts));
      }
      case KEYPOINTS -> {
        List<Keypoint> list = new ArrayList<>();
        int last = -1;
        for (int j = 0; j < points.length; j++) {
          last = points[j] != null ? j : last;
        }
        for (int j = 0; j <= last; j++) {
          list.add(points[j] != null ? points[j] : new Keypoint(0, 0, Keypoint.NOT_LABELED));
        }
        yield new KeypointsLabel(list, -1);
      }
      case MASK -> {
        if (canvas.pixels == null) {
          throw new InvalidDataException("no mask", path + ".result", "brushlabels or polygonlabels results for "
              + fromName, "none");
        }
        yield new MaskLabel(maskSink.put(MaskPng.encode(canvas.pixels, canvas.width, canvas.height)), canvas.width,
            canvas.height);
      }
      default -> new BoxesLabel(boxes);
    };
  }

  /** The mask an annotation's regions paint, class 0 where none does; later regions paint over earlier ones. */
  private static final class MaskCanvas {
    byte[] pixels;
    int width;
    int height;

    void size(JsonNode res, String rp) throws InvalidDataException {
      double w = number(res, "original_width", rp);
      double h = number(res, "original_height", rp);
      if (w < 1 || h < 1 || w != Math.rint(w) || h != Math.rint(h) || w * h > (1 << 28)) {
        throw new InvalidDataException("bad image size", rp + ".original_width",
            "whole numbers of pixels > 0, at most 2^28 in all", w + " x " + h);
      }
      if (pixels == null) {
        width = (int) w;
        height = (int) h;
        pixels = new byte[width * height];
      } else if (width != (int) w || height != (int) h) {
        throw new InvalidDataException("regions of different image sizes", rp + ".original_width",
            width + " x " + height + " as in the annotation's first region", (int) w + " x " + (int) h);
      }
    }
  }

  private int maskClass(JsonNode value, String field, String rp) throws InvalidDataException {
    List<String> names = strings(value, field, rp);
    if (names.size() != 1) {
      throw new InvalidDataException("not one label", rp + ".value." + field, "exactly one label per region",
          names.toString());
    }
    int c = classIndex(names.get(0), rp + ".value." + field);
    if (c > 255) {
      throw new InvalidDataException("class not storable in a mask", rp + ".value." + field,
          "a class index <= 255 (masks are 8-bit)", Integer.toString(c));
    }
    return c;
  }

  private void brush(JsonNode res, JsonNode value, String rp, MaskCanvas canvas) throws InvalidDataException {
    canvas.size(res, rp);
    if (!"rle".equals(value.path("format").asText(null))) {
      throw new InvalidDataException("unsupported brush format", rp + ".value.format", "\"rle\"",
          value.path("format").isMissingNode() ? "nothing" : value.path("format").toString());
    }
    JsonNode rleNode = value.path("rle");
    if (!rleNode.isArray() || rleNode.isEmpty()) {
      throw new InvalidDataException("missing field", rp + ".value.rle", "a non-empty array of bytes",
          rleNode.isMissingNode() ? "nothing" : rleNode.getNodeType().toString());
    }
    int[] rle = new int[rleNode.size()];
    for (int k = 0; k < rle.length; k++) {
      JsonNode b = rleNode.get(k);
      if (!b.isIntegralNumber()) {
        throw new InvalidDataException("not a byte", rp + ".value.rle[" + k + "]", "an integer 0..255", b.toString());
      }
      rle[k] = b.asInt();
    }
    int c = maskClass(value, "brushlabels", rp);
    byte[] rgba;
    try {
      rgba = BrushRle.decode(rle, canvas.width * canvas.height * 4);
    } catch (BrushRle.MalformedRleException e) {
      throw new InvalidDataException("malformed brush RLE", rp + ".value.rle", "Label Studio's RLE of "
          + canvas.width + "x" + canvas.height + " RGBA pixels", e.getMessage(), e);
    }
    for (int p = 0; p < canvas.pixels.length; p++) {
      if (rgba[4 * p + 3] != 0) {
        canvas.pixels[p] = (byte) c;
      }
    }
  }

  private void polygon(JsonNode res, JsonNode value, String rp, MaskCanvas canvas) throws InvalidDataException {
    canvas.size(res, rp);
    JsonNode pts = value.path("points");
    if (!pts.isArray() || pts.size() < 3) {
      throw new InvalidDataException("missing field", rp + ".value.points", "an array of at least 3 [x, y] points",
          pts.isMissingNode() ? "nothing" : pts.toString());
    }
    java.awt.geom.Path2D.Double shape = new java.awt.geom.Path2D.Double();
    for (int k = 0; k < pts.size(); k++) {
      JsonNode pt = pts.get(k);
      if (!pt.isArray() || pt.size() != 2 || !pt.get(0).isNumber() || !pt.get(1).isNumber()) {
        throw new InvalidDataException("bad point", rp + ".value.points[" + k + "]", "[x, y] in percent",
            pt.toString());
      }
      double x = pt.get(0).asDouble();
      double y = pt.get(1).asDouble();
      if (!(x >= -EPS && y >= -EPS && x <= 100 + EPS && y <= 100 + EPS)) {
        throw new InvalidDataException("polygon outside the image", rp + ".value.points[" + k + "]",
            "0 <= x, y <= 100 (percent)", "x=" + x + ", y=" + y);
      }
      double px = x / 100 * canvas.width;
      double py = y / 100 * canvas.height;
      if (k == 0) {
        shape.moveTo(px, py);
      } else {
        shape.lineTo(px, py);
      }
    }
    shape.closePath();
    int c = maskClass(value, "polygonlabels", rp);
    java.awt.geom.Rectangle2D bounds = shape.getBounds2D();
    int y0 = Math.max(0, (int) Math.floor(bounds.getMinY()));
    int y1 = Math.min(canvas.height, (int) Math.ceil(bounds.getMaxY()));
    int x0 = Math.max(0, (int) Math.floor(bounds.getMinX()));
    int x1 = Math.min(canvas.width, (int) Math.ceil(bounds.getMaxX()));
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (shape.contains(x + 0.5, y + 0.5)) {
          canvas.pixels[y * canvas.width + x] = (byte) c;
        }
      }
    }
  }

  private List<String> strings(JsonNode value, String field, String rp) throws InvalidDataException {
    JsonNode arr = value.path(field);
    if (!arr.isArray() || arr.isEmpty()) {
      throw new InvalidDataException("missing field", rp + ".value." + field, "a non-empty array of strings",
          arr.isMissingNode() ? "nothing" : arr.toString());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : arr) {
      if (!n.isTextual()) {
        throw new InvalidDataException("not a string", rp + ".value." + field, "strings", n.toString());
      }
      out.add(n.asText());
    }
    return out;
  }

  private int classIndex(String name, String where) throws InvalidDataException {
    return schema.classIndex(name).orElseThrow(() -> new InvalidDataException("unknown label name", where,
        "one of " + schema.classNames(), "\"" + name + "\""));
  }

  private Box box(JsonNode res, JsonNode value, String rp) throws InvalidDataException {
    double w = number(res, "original_width", rp);
    double h = number(res, "original_height", rp);
    double x = number(value, "x", rp + ".value");
    double y = number(value, "y", rp + ".value");
    double bw = number(value, "width", rp + ".value");
    double bh = number(value, "height", rp + ".value");
    double rotation = value.path("rotation").asDouble(0);
    if (w <= 0 || h <= 0) {
      throw new InvalidDataException("bad image size", rp + ".original_width", "width and height > 0",
          w + " x " + h);
    }
    if (rotation % 360 != 0) {
      throw new InvalidDataException("rotated box", rp + ".value.rotation",
          "0 (boxes are axis-aligned in this library)", Double.toString(rotation));
    }
    if (x < -EPS || y < -EPS || bw < 0 || bh < 0 || x + bw > 100 + EPS || y + bh > 100 + EPS) {
      throw new InvalidDataException("box outside the image", rp + ".value",
          "0 <= x, y and x + width, y + height <= 100 (percent)",
          "x=" + x + ", y=" + y + ", width=" + bw + ", height=" + bh);
    }
    List<String> names = strings(value, "rectanglelabels", rp);
    if (names.size() != 1) {
      throw new InvalidDataException("not one label", rp + ".value.rectanglelabels", "exactly one label per box",
          names.toString());
    }
    int cls = classIndex(names.get(0), rp + ".value.rectanglelabels");
    double x1 = Math.max(0, x) / 100 * w;
    double y1 = Math.max(0, y) / 100 * h;
    double x2 = Math.min(100, x + bw) / 100 * w;
    double y2 = Math.min(100, y + bh) / 100 * h;
    return new Box(x1, y1, x2, y2, cls);
  }

  private void keypoint(JsonNode res, JsonNode value, String rp, Keypoint[] points) throws InvalidDataException {
    double w = number(res, "original_width", rp);
    double h = number(res, "original_height", rp);
    double x = number(value, "x", rp + ".value");
    double y = number(value, "y", rp + ".value");
    if (w <= 0 || h <= 0) {
      throw new InvalidDataException("bad image size", rp + ".original_width", "width and height > 0",
          w + " x " + h);
    }
    if (x < -EPS || y < -EPS || x > 100 + EPS || y > 100 + EPS) {
      throw new InvalidDataException("keypoint outside the image", rp + ".value", "0 <= x, y <= 100 (percent)",
          "x=" + x + ", y=" + y);
    }
    List<String> names = strings(value, "keypointlabels", rp);
    if (names.size() != 1) {
      throw new InvalidDataException("not one label", rp + ".value.keypointlabels", "exactly one name per point",
          names.toString());
    }
    int i = classIndex(names.get(0), rp + ".value.keypointlabels");
    if (points[i] != null) {
      throw new InvalidDataException("keypoint given twice", rp + ".value.keypointlabels",
          "each keypoint name at most once per annotation", "\"" + names.get(0) + "\" again");
    }
    points[i] = new Keypoint(Math.min(100, Math.max(0, x)) / 100 * w, Math.min(100, Math.max(0, y)) / 100 * h,
        Keypoint.VISIBLE);
  }

  private static double number(JsonNode obj, String field, String where) throws InvalidDataException {
    JsonNode v = obj.path(field);
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new InvalidDataException("missing field", where + "." + field, "a finite number",
          v.isMissingNode() ? "nothing" : v.toString());
    }
    return v.asDouble();
  }

  /** Builds an importer; {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private final DatasetSchema schema;
    private String datasetVersion;
    private String recordIdKey = "record_id";
    private String fromName = "label";
    private String annotatorPrefix = "labelstudio:";
    private Collection<String> knownRecords;
    private Clock clock = Clock.systemUTC();
    private MaskSink maskSink;

    Builder(DatasetSchema schema) {
      this.schema = schema;
    }

    /** The dataset version the tasks were exported from (required). */
    public Builder setDatasetVersion(String datasetVersion) {
      this.datasetVersion = Objects.requireNonNull(datasetVersion, "datasetVersion");
      return this;
    }

    /** The {@code data} key holding the record id (default {@code record_id}, as the exporter writes it). */
    public Builder optRecordIdKey(String recordIdKey) {
      this.recordIdKey = Objects.requireNonNull(recordIdKey, "recordIdKey");
      return this;
    }

    /** The control whose results are this dataset's label ({@code from_name}, default {@code label}). */
    public Builder optFromName(String fromName) {
      this.fromName = Objects.requireNonNull(fromName, "fromName");
      return this;
    }

    /** Put before Label Studio's user id to make the annotator id (default {@code labelstudio:}). */
    public Builder optAnnotatorPrefix(String annotatorPrefix) {
      this.annotatorPrefix = Objects.requireNonNull(annotatorPrefix, "annotatorPrefix");
      return this;
    }

    /** The record ids that may be annotated (default: any); an annotation of another id fails the import. */
    public Builder optKnownRecords(Collection<String> recordIds) {
      this.knownRecords = List.copyOf(recordIds);
      return this;
    }

    /** The clock for annotations with neither {@code updated_at} nor {@code created_at} (default UTC system). */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where imported masks are stored, e.g. {@code png -> repo.putBlob(png, "image/png")}: required for a {@code
     * MASK} schema, whose annotations are {@code MaskLabel}s referring to a PNG blob.
     */
    public Builder setMaskSink(MaskSink maskSink) {
      this.maskSink = Objects.requireNonNull(maskSink, "maskSink");
      return this;
    }

    /**
     * Builds the importer.
     *
     * @throws IllegalStateException if the dataset version was not set, or the mask sink for a MASK schema
     */
    public LabelStudioImporter build() {
      if (datasetVersion == null) {
        throw new IllegalStateException("datasetVersion was not set; call setDatasetVersion");
      }
      if (schema.labelKind() == LabelKind.MASK && maskSink == null) {
        throw new IllegalStateException("maskSink was not set; call setMaskSink (MASK labels are stored as PNG "
            + "blobs)");
      }
      return new LabelStudioImporter(this);
    }
  }
}
