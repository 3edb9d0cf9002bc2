package dev.datamgmt.label.studio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.label.KeypointsLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.label.store.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes records as Label Studio tasks (a JSON array to import into a project), each with the record's media URL
 * and id in {@code data} and, where given, a model's prediction pre-filled. Built by {@link LabelStudio#exporter}.
 */
public final class LabelStudioExporter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final DatasetSchema schema;
  private final Function<Record, String> mediaUrl;
  private final String dataKey;
  private final String recordIdKey;
  private final String fromName;
  private final String toName;
  private final Function<Record, int[]> imageSize;
  private final BlobReader blobReader;
  private final LabelStudio.MaskFormat maskFormat;
  private final double polygonTolerance;

  /** Reads a blob of the version being exported, e.g. {@code version::readBlob}: mask predictions need it. */
  @FunctionalInterface
  public interface BlobReader {
    /**
     * The blob's bytes.
     *
     * @throws DataException if it cannot be read
     */
    byte[] read(BlobRef ref) throws DataException;
  }

  private LabelStudioExporter(Builder b) {
    this.schema = b.schema;
    this.mediaUrl = b.mediaUrl;
    this.dataKey = b.dataKey;
    this.recordIdKey = b.recordIdKey;
    this.fromName = b.fromName;
    this.toName = b.toName;
    this.imageSize = b.imageSize;
    this.blobReader = b.blobReader;
    this.maskFormat = b.maskFormat;
    this.polygonTolerance = Double.isNaN(b.polygonTolerance) ? Builder.DEFAULT_POLYGON_TOLERANCE
        : b.polygonTolerance;
  }

  /**
   * The tasks of {@code records} as a JSON array, with the prediction of each record found in {@code predictions}
   * (its annotator becomes {@code model_version}, its confidence {@code score}).
   *
   * @throws InvalidDataException naming the record if a prediction's label has the wrong kind or class, a box
   *     prediction's record has no image size, a mask prediction's PNG is unreadable or of another size, or (with
   *     {@link LabelStudio.MaskFormat#POLYGON}) a mask's region encloses background pixels
   * @throws IllegalStateException if a mask prediction meets an exporter built without a blob reader
   * @throws DataException if the blob reader fails
   */
  public String export(Iterable<Record> records, Map<String, Annotation> predictions) throws DataException {
    ArrayNode tasks = F.arrayNode();
    for (Record r : records) {
      ObjectNode task = tasks.addObject();
      ObjectNode data = task.putObject("data");
      data.put(dataKey, Objects.requireNonNull(mediaUrl.apply(r), "media URL of " + r.id()));
      data.put(recordIdKey, r.id());
      Annotation p = predictions.get(r.id());
      if (p != null) {
        ObjectNode prediction = task.putArray("predictions").addObject();
        prediction.put("model_version", p.annotator());
        prediction.put("score", p.confidence());
        prediction.set("result", results(r, p.label()));
      }
    }
    return tasks.toPrettyString();
  }

  /** {@link #export(Iterable, Map)} without predictions. */
  public String export(Iterable<Record> records) throws DataException {
    return export(records, Map.of());
  }

  private ArrayNode results(Record r, Label label) throws DataException {
    String where = "record " + r.id();
    if (label.kind() != schema.labelKind()) {
      throw new InvalidDataException("prediction of the wrong label kind", where, schema.labelKind().name(),
          label.kind().name());
    }
    if (label.maxClassIndex() >= schema.classNames().size() && label.kind() != dev.datamgmt.core.label.LabelKind.TEXT) {
      throw new InvalidDataException("prediction class out of range", where, "a class in [0, "
          + schema.classNames().size() + ")", Integer.toString(label.maxClassIndex()));
    }
    ArrayNode out = F.arrayNode();
    if (label instanceof ClassLabel c) {
      choices(out, "p0").add(schema.classNames().get(c.index()));
    } else if (label instanceof MultiLabel m) {
      ArrayNode choices = choices(out, "p0");
      m.indices().forEach(i -> choices.add(schema.classNames().get(i)));
    } else if (label instanceof TextLabel t) {
      region(out, "p0", "textarea").putObject("value").putArray("text").add(t.text());
    } else if (label instanceof KeypointsLabel kp) {
      int[] size = size(r, where);
      if (kp.points().size() > schema.classNames().size()) {
        throw new InvalidDataException("more keypoints than names", where, "at most " + schema.classNames().size()
            + " points (the schema's class names name the keypoints)", kp.points().size() + " points");
      }
      for (int i = 0; i < kp.points().size(); i++) {
        Keypoint p = kp.points().get(i);
        if (p.visibility() == Keypoint.NOT_LABELED) {
          continue;
        }
        ObjectNode res = region(out, "p" + i, "keypointlabels");
        res.put("original_width", size[0]);
        res.put("original_height", size[1]);
        res.put("image_rotation", 0);
        ObjectNode v = res.putObject("value");
        v.put("x", 100.0 * p.x() / size[0]);
        v.put("y", 100.0 * p.y() / size[1]);
        v.put("width", 0.5);
        v.putArray("keypointlabels").add(schema.classNames().get(i));
      }
    } else if (label instanceof BoxesLabel b) {
      int[] size = size(r, where);
      int i = 0;
      for (Box box : b.boxes()) {
        ObjectNode res = region(out, "p" + i++, "rectanglelabels");
        res.put("original_width", size[0]);
        res.put("original_height", size[1]);
        res.put("image_rotation", 0);
        ObjectNode v = res.putObject("value");
        v.put("x", 100.0 * box.x1() / size[0]);
        v.put("y", 100.0 * box.y1() / size[1]);
        v.put("width", 100.0 * box.width() / size[0]);
        v.put("height", 100.0 * box.height() / size[1]);
        v.put("rotation", 0);
        v.putArray("rectanglelabels").add(schema.classNames().get(box.classIndex()));
      }
    } else if (label instanceof MaskLabel m) {
      masks(out, m, where);
    } else {
      throw new InvalidDataException("label kind not exported", where, LabelStudio.SUPPORTED.toString(),
          label.kind().name());
    }
    return out;
  }

  /**
   * A mask's regions: one {@code brushlabels} region (Label Studio's RLE of its RGBA) per class present except 0,
   * or one {@code polygonlabels} region per connected region of a class (see {@link LabelStudio.MaskFormat}).
   */
  private void masks(ArrayNode out, MaskLabel m, String where) throws DataException {
    if (blobReader == null) {
      throw new IllegalStateException("a mask prediction needs the mask's pixels: build the exporter with "
          + "optBlobReader(version::readBlob)");
    }
    String at = where + ", mask " + m.mask().hash();
    byte[] pixels;
    try {
      pixels = MaskPng.decode(blobReader.read(m.mask()), m.width(), m.height());
    } catch (java.io.IOException e) {
      throw new InvalidDataException("unreadable mask", at, "a single-channel PNG of " + m.width() + "x"
          + m.height(), e.getMessage(), e);
    }
    boolean[] present = new boolean[256];
    for (byte p : pixels) {
      present[p & 0xFF] = true;
    }
    for (int c = schema.classNames().size(); c < 256; c++) {
      if (present[c]) {
        throw new InvalidDataException("mask class out of range", at, "pixel values in [0, "
            + schema.classNames().size() + ")", Integer.toString(c));
      }
    }
    if (maskFormat == LabelStudio.MaskFormat.POLYGON) {
      polygons(out, m, pixels, at);
      return;
    }
    for (int c = 1; c < schema.classNames().size(); c++) {
      if (!present[c]) {
        continue;
      }
      ObjectNode v = imageRegion(out, "p" + c, "brushlabels", m);
      v.put("format", "rle");
      ArrayNode rle = v.putArray("rle");
      for (int b : BrushRle.encode(MaskPng.rgbaOf(pixels, c))) {
        rle.add(b);
      }
      v.putArray("brushlabels").add(schema.classNames().get(c));
    }
  }

  /** One {@code polygonlabels} region per connected region, in the order that paints them back into the mask. */
  private void polygons(ArrayNode out, MaskLabel m, byte[] pixels, String at) throws InvalidDataException {
    List<MaskOutlines.Outline> outlines;
    try {
      outlines = MaskOutlines.trace(pixels, m.width(), m.height(), polygonTolerance);
    } catch (MaskOutlines.NotPolygonsException e) {
      String name = "\"" + schema.classNames().get(e.classIndex) + "\"";
      throw new InvalidDataException("mask not expressible as polygons", at + ", pixel x=" + e.x + ", y=" + e.y,
          "no background (class 0) inside the outline of a region (a Label Studio polygon has no holes; export "
              + "this mask with MaskFormat.BRUSH)", e.hole ? "a background pixel inside a " + name + " region ("
              + "which has a pixel at x=" + e.regionX + ", y=" + e.regionY + ")" : "regions that enclose each "
              + "other, one of them " + name, e);
    }
    int[] perClass = new int[256];
    for (MaskOutlines.Outline o : outlines) {
      ObjectNode v = imageRegion(out, "p" + o.classIndex() + "_" + perClass[o.classIndex()]++, "polygonlabels", m);
      ArrayNode points = v.putArray("points");
      double[] xy = o.xy();
      for (int i = 0; i < xy.length; i += 2) {
        points.addArray().add(100.0 * xy[i] / m.width()).add(100.0 * xy[i + 1] / m.height());
      }
      v.putArray("polygonlabels").add(schema.classNames().get(o.classIndex()));
    }
  }

  /** A region on the image with the mask's size; returns its {@code value}. */
  private ObjectNode imageRegion(ArrayNode out, String id, String type, MaskLabel m) {
    ObjectNode res = region(out, id, type);
    res.put("original_width", m.width());
    res.put("original_height", m.height());
    res.put("image_rotation", 0);
    return res.putObject("value");
  }

  private int[] size(Record r, String where) throws InvalidDataException {
    int[] size = imageSize.apply(r);
    if (size == null || size.length != 2 || size[0] <= 0 || size[1] <= 0) {
      throw new InvalidDataException("image size unknown", where, "width and height > 0 (attributes "
          + "\"width\" and \"height\", or Builder.optImageSize)", size == null ? "none"
          : java.util.Arrays.toString(size));
    }
    return size;
  }

  private ObjectNode region(ArrayNode out, String id, String type) {
    ObjectNode res = out.addObject();
    res.put("id", id);
    res.put("from_name", fromName);
    res.put("to_name", toName);
    res.put("type", type);
    return res;
  }

  private ArrayNode choices(ArrayNode out, String id) {
    return region(out, id, "choices").putObject("value").putArray("choices");
  }

  /** Builds an exporter; {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private final DatasetSchema schema;
    private Function<Record, String> mediaUrl;
    private String dataKey = "image";
    private String recordIdKey = "record_id";
    private String fromName = "label";
    private String toName = "image";
    private Function<Record, int[]> imageSize = Builder::sizeFromAttributes;
    private BlobReader blobReader;
    private LabelStudio.MaskFormat maskFormat = LabelStudio.MaskFormat.BRUSH;
    private double polygonTolerance = Double.NaN;

    Builder(DatasetSchema schema) {
      this.schema = schema;
    }

    /**
     * How a task finds the record's media (required): a URL Label Studio can load, such as an S3 presigned URL,
     * an {@code s3://} URI of a project with cloud storage, or {@code /data/local-files/?d=<path>} for local files.
     */
    public Builder setMediaUrl(Function<Record, String> mediaUrl) {
      this.mediaUrl = Objects.requireNonNull(mediaUrl, "mediaUrl");
      return this;
    }

    /** The {@code data} key of the media, {@code $image} in the config (default {@code image}). */
    public Builder optDataKey(String dataKey) {
      this.dataKey = Objects.requireNonNull(dataKey, "dataKey");
      return this;
    }

    /** The {@code data} key holding the record id (default {@code record_id}); the importer reads it back. */
    public Builder optRecordIdKey(String recordIdKey) {
      this.recordIdKey = Objects.requireNonNull(recordIdKey, "recordIdKey");
      return this;
    }

    /** The control's name, {@code from_name} in results (default {@code label}). */
    public Builder optFromName(String fromName) {
      this.fromName = Objects.requireNonNull(fromName, "fromName");
      return this;
    }

    /** The object's name, {@code to_name} in results (default {@code image}). */
    public Builder optToName(String toName) {
      this.toName = Objects.requireNonNull(toName, "toName");
      return this;
    }

    /** The original width and height in pixels of a record's image (default: its attributes "width", "height"). */
    public Builder optImageSize(Function<Record, int[]> imageSize) {
      this.imageSize = Objects.requireNonNull(imageSize, "imageSize");
      return this;
    }

    /**
     * Reads mask blobs, e.g. {@code version::readBlob} (needed for {@code MASK} predictions: their pixels become
     * {@code brushlabels} regions, one per class present except class 0, the background).
     */
    public Builder optBlobReader(BlobReader blobReader) {
      this.blobReader = Objects.requireNonNull(blobReader, "blobReader");
      return this;
    }

    /**
     * How mask predictions travel (default {@link LabelStudio.MaskFormat#BRUSH}); the project's labeling config
     * must use the matching control: {@link LabelStudio#labelingConfig(DatasetSchema, LabelStudio.MediaTag,
     * LabelStudio.MaskFormat)}.
     */
    public Builder optMaskFormat(LabelStudio.MaskFormat maskFormat) {
      this.maskFormat = Objects.requireNonNull(maskFormat, "maskFormat");
      return this;
    }

    /**
     * The Douglas–Peucker tolerance in pixels of {@link LabelStudio.MaskFormat#POLYGON} outlines (default {@value
     * #DEFAULT_POLYGON_TOLERANCE}): a vertex of the traced outline is dropped when it is at most this far from
     * the edge that replaces it and no pixel centre changes side, so the polygons paint back the mask's pixels at
     * any tolerance; 0 drops only collinear vertices, and above about 0.5 px keeping the pixels allows few more.
     *
     * @throws IllegalArgumentException if negative, NaN or infinite
     */
    public Builder optPolygonTolerance(double pixels) {
      if (!(pixels >= 0) || Double.isInfinite(pixels)) {
        throw new IllegalArgumentException("polygon tolerance: expected a finite number of pixels >= 0, found "
            + pixels);
      }
      this.polygonTolerance = pixels;
      return this;
    }

    /** The default of {@link #optPolygonTolerance}, in pixels. */
    public static final double DEFAULT_POLYGON_TOLERANCE = 0.5;

    /**
     * Builds the exporter.
     *
     * @throws IllegalStateException if no media URL function was set
     * @throws IllegalArgumentException if the data key and the record id key are the same, or a polygon tolerance
     *     was set with a mask format other than {@link LabelStudio.MaskFormat#POLYGON}
     */
    public LabelStudioExporter build() {
      if (mediaUrl == null) {
        throw new IllegalStateException("mediaUrl was not set; call setMediaUrl");
      }
      if (dataKey.equals(recordIdKey)) {
        throw new IllegalArgumentException("dataKey and recordIdKey are both \"" + dataKey + "\"");
      }
      if (!Double.isNaN(polygonTolerance) && maskFormat != LabelStudio.MaskFormat.POLYGON) {
        throw new IllegalArgumentException("optPolygonTolerance(" + polygonTolerance + ") applies to polygons, but "
            + "optMaskFormat is " + maskFormat);
      }
      return new LabelStudioExporter(this);
    }

    private static int[] sizeFromAttributes(Record r) {
      Object w = r.attributes().get("width");
      Object h = r.attributes().get("height");
      if (w instanceof Number wn && h instanceof Number hn) {
        return new int[] {wn.intValue(), hn.intValue()};
      }
      return null;
    }
  }
}
