package dev.datamgmt.label.studio;

import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.schema.DatasetSchema;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point for Label Studio interchange: export records as Label Studio tasks (with model predictions
 * pre-filled), the labeling configuration that opens them, and import Label Studio's JSON export back into the
 * label store.
 *
 * <pre>{@code
 * DatasetSchema schema = version.schema().orElseThrow();
 * String config = LabelStudio.labelingConfig(schema);                    // paste into the project settings
 * String tasks = LabelStudio.exporter(schema)
 *     .setMediaUrl(r -> "s3://bucket/images/" + r.id() + ".jpg")        // or a presigned URL, or /data/local-files/?d=...
 *     .build().export(version, predictions);                             // predictions: record id -> Annotation
 * ...
 * LabelStudioImporter.Result imported = LabelStudio.importer(schema)
 *     .setDatasetVersion(version.commitId().toString()).build()
 *     .importInto(store, Files.readString(Path.of("export.json")));      // all or nothing
 * }</pre>
 *
 * <p>Supported label kinds and Label Studio result types: {@link LabelKind#CLASS} and {@link
 * LabelKind#MULTI_LABEL} as {@code choices}, {@link LabelKind#BOXES} as {@code rectanglelabels} (percent of the
 * original width and height, rotation 0), {@link LabelKind#KEYPOINTS} as {@code keypointlabels} (the schema's
 * class names are the keypoint names, in order: point i is labeled with name i; points not labeled are left out,
 * and an imported point is {@code VISIBLE}, since Label Studio has no occluded state), {@link LabelKind#TEXT} as
 * {@code textarea}, {@link LabelKind#MASK} as {@code brushlabels} (Label Studio's RLE; one region per class
 * present, class 0 being the background that no region covers; the default) or {@code polygonlabels} (one polygon
 * per connected region, traced from the mask: {@link MaskFormat#POLYGON}); the importer reads both (a polygon is
 * rasterized: a pixel is inside when its centre is).
 */
public final class LabelStudio {
  static final Set<LabelKind> SUPPORTED = Set.of(LabelKind.CLASS, LabelKind.MULTI_LABEL, LabelKind.BOXES,
      LabelKind.KEYPOINTS, LabelKind.TEXT, LabelKind.MASK);

  private LabelStudio() {}

  /** An exporter of tasks for records of a dataset with {@code schema}. */
  public static LabelStudioExporter.Builder exporter(DatasetSchema schema) {
    return new LabelStudioExporter.Builder(checkSchema(schema));
  }

  /** An importer of Label Studio JSON exports for a dataset with {@code schema}. */
  public static LabelStudioImporter.Builder importer(DatasetSchema schema) {
    return new LabelStudioImporter.Builder(checkSchema(schema));
  }

  /** The object tags a labeling configuration can show a task's media with. */
  public enum MediaTag {
    /** {@code <Image>}: regions are rectangles and key points in percent of the image. */
    IMAGE("Image", "image"),
    /** {@code <Text>}: the task's data is the text itself. */
    TEXT("Text", "text"),
    /** {@code <Audio>}: an audio URL. */
    AUDIO("Audio", "audio");

    final String tag;
    final String dataKey;

    MediaTag(String tag, String dataKey) {
      this.tag = tag;
      this.dataKey = dataKey;
    }

    /** The {@code data} key the tag reads ({@code image}, {@code text}, {@code audio}): the exporter's data key. */
    public String dataKey() {
      return dataKey;
    }
  }

  /**
   * How the exporter writes mask predictions ({@link LabelStudioExporter.Builder#optMaskFormat}) and which control
   * the labeling config offers for them. The importer reads both.
   */
  public enum MaskFormat {
    /**
     * {@code brushlabels}: one region per class present (except class 0), the pixels exactly, in Label Studio's
     * brush RLE; config control {@code BrushLabels}. The default: it expresses every mask.
     */
    BRUSH,
    /**
     * {@code polygonlabels}: one polygon per 4-connected region of a class (except class 0), its outline traced by
     * marching squares through the midpoints between pixel centres and simplified by Douglas–Peucker at the
     * exporter's tolerance (default 0.5 px) without moving any pixel centre across an outline, so the importer's
     * pixel-centre rule paints back the mask pixel for pixel; the polygons come in an order that paints them back
     * over each other correctly (a region lying in another's hole comes after it). A Label Studio polygon has no holes: a mask
     * with background pixels inside a region's outline fails the export with an {@code InvalidDataException}
     * naming the record, the pixel and the class; export such masks as {@link #BRUSH}. Config control {@code
     * PolygonLabels}.
     */
    POLYGON
  }

  /** {@link #labelingConfig(DatasetSchema, MediaTag)} with an {@code Image}. */
  public static String labelingConfig(DatasetSchema schema) {
    return labelingConfig(schema, MediaTag.IMAGE);
  }

  /**
   * The labeling configuration ({@code <View>...</View>}) of a project whose tasks come from {@link #exporter}
   * with the default names, or for text and audio with {@code optDataKey(media.dataKey())} and {@code
   * optToName(media.dataKey())}: an object named {@code image} (or {@code
   * text}, {@code audio}) and a control named {@code label} listing the schema's class names ({@code Choices},
   * {@code RectangleLabels}, {@code KeyPointLabels}, {@code BrushLabels} without class 0, or a {@code TextArea}).
   *
   * @throws IllegalArgumentException if the label kind needs an image (boxes, keypoints, masks) and {@code media} is not
   *     {@link MediaTag#IMAGE}
   */
  public static String labelingConfig(DatasetSchema schema, MediaTag media) {
    return labelingConfig(schema, media, MaskFormat.BRUSH);
  }

  /**
   * {@link #labelingConfig(DatasetSchema, MediaTag)} with masks as {@code maskFormat}: {@code BrushLabels} for
   * {@link MaskFormat#BRUSH}, {@code PolygonLabels} for {@link MaskFormat#POLYGON} (both without class 0), the
   * control matching an exporter built with the same {@code optMaskFormat}. Other label kinds ignore it.
   *
   * @throws IllegalArgumentException as {@link #labelingConfig(DatasetSchema, MediaTag)}
   */
  public static String labelingConfig(DatasetSchema schema, MediaTag media, MaskFormat maskFormat) {
    checkSchema(schema);
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(maskFormat, "maskFormat");
    if ((schema.labelKind() == LabelKind.BOXES || schema.labelKind() == LabelKind.KEYPOINTS
        || schema.labelKind() == LabelKind.MASK) && media != MediaTag.IMAGE) {
      throw new IllegalArgumentException(schema.labelKind() + " labels need an Image, not " + media.tag);
    }
    String to = media.dataKey;
    StringBuilder sb = new StringBuilder("<View>\n  <").append(media.tag).append(" name=\"").append(to)
        .append("\" value=\"$").append(to).append("\"/>\n");
    switch (schema.labelKind()) {
      case CLASS, MULTI_LABEL -> {
        sb.append("  <Choices name=\"label\" toName=\"" + to + "\" choice=\"")
            .append(schema.labelKind() == LabelKind.CLASS ? "single" : "multiple").append("\">\n");
        schema.classNames().forEach(n -> sb.append("    <Choice value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </Choices>\n");
      }
      case BOXES -> {
        sb.append("  <RectangleLabels name=\"label\" toName=\"" + to + "\">\n");
        schema.classNames().forEach(n -> sb.append("    <Label value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </RectangleLabels>\n");
      }
      case KEYPOINTS -> {
        sb.append("  <KeyPointLabels name=\"label\" toName=\"" + to + "\">\n");
        schema.classNames().forEach(n -> sb.append("    <Label value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </KeyPointLabels>\n");
      }
      case TEXT -> sb.append("  <TextArea name=\"label\" toName=\"" + to + "\"/>\n");
      case MASK -> {
        String control = maskFormat == MaskFormat.POLYGON ? "PolygonLabels" : "BrushLabels";
        sb.append("  <" + control + " name=\"label\" toName=\"" + to + "\">\n");
        // class 0 is the background: pixels no region covers
        schema.classNames().stream().skip(1).forEach(n -> sb.append("    <Label value=\"").append(xml(n))
            .append("\"/>\n"));
        sb.append("  </" + control + ">\n");
      }
      default -> throw new AssertionError(schema.labelKind());
    }
    return sb.append("</View>\n").toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static DatasetSchema checkSchema(DatasetSchema schema) {
    Objects.requireNonNull(schema, "schema");
    if (!SUPPORTED.contains(schema.labelKind())) {
      throw new IllegalArgumentException("Label Studio interchange supports label kinds " + SUPPORTED
          + ", not " + schema.labelKind());
    }
    if (schema.labelKind() != LabelKind.TEXT && schema.classNames().isEmpty()) {
      throw new IllegalArgumentException("the schema names no classes: Label Studio exchanges labels by name");
    }
    return schema;
  }
}
