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
 * {@code textarea}. Polygons and brush masks are not yet supported (a schema of kind {@code MASK} is refused when
 * the exporter or importer is built).
 */
public final class LabelStudio {
  static final Set<LabelKind> SUPPORTED = Set.of(LabelKind.CLASS, LabelKind.MULTI_LABEL, LabelKind.BOXES,
      LabelKind.KEYPOINTS, LabelKind.TEXT);

  private LabelStudio() {}

  /** An exporter of tasks for records of a dataset with {@code schema}. */
  public static LabelStudioExporter.Builder exporter(DatasetSchema schema) {
    return new LabelStudioExporter.Builder(checkSchema(schema));
  }

  /** An importer of Label Studio JSON exports for a dataset with {@code schema}. */
  public static LabelStudioImporter.Builder importer(DatasetSchema schema) {
    return new LabelStudioImporter.Builder(checkSchema(schema));
  }

  /**
   * The labeling configuration ({@code <View>...</View>}) of a project whose tasks come from {@link #exporter}
   * with the default names: an {@code Image} named {@code image} and a control named {@code label} listing the
   * schema's class names ({@code Choices}, {@code RectangleLabels} or a {@code TextArea}).
   */
  public static String labelingConfig(DatasetSchema schema) {
    checkSchema(schema);
    StringBuilder sb = new StringBuilder("<View>\n  <Image name=\"image\" value=\"$image\"/>\n");
    switch (schema.labelKind()) {
      case CLASS, MULTI_LABEL -> {
        sb.append("  <Choices name=\"label\" toName=\"image\" choice=\"")
            .append(schema.labelKind() == LabelKind.CLASS ? "single" : "multiple").append("\">\n");
        schema.classNames().forEach(n -> sb.append("    <Choice value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </Choices>\n");
      }
      case BOXES -> {
        sb.append("  <RectangleLabels name=\"label\" toName=\"image\">\n");
        schema.classNames().forEach(n -> sb.append("    <Label value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </RectangleLabels>\n");
      }
      case KEYPOINTS -> {
        sb.append("  <KeyPointLabels name=\"label\" toName=\"image\">\n");
        schema.classNames().forEach(n -> sb.append("    <Label value=\"").append(xml(n)).append("\"/>\n"));
        sb.append("  </KeyPointLabels>\n");
      }
      case TEXT -> sb.append("  <TextArea name=\"label\" toName=\"image\"/>\n");
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
