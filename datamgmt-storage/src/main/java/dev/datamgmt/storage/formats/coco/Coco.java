package dev.datamgmt.storage.formats.coco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.core.record.MediaTypes;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.shard.BlobSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports and exports COCO detection annotations.
 *
 * <p>Import: every entry of {@code images} becomes a record with id {@code file_name}, its file (under the
 * image directory) as main blob, attributes {@code width}, {@code height} and {@code coco_id}, and a
 * {@link BoxesLabel} of its annotations (COCO {@code [x, y, w, h]} becomes corners; {@code iscrowd} regions
 * are kept as boxes too). Class indices are the categories' positions in ascending category-id order; the
 * schema's class names are the category names in that order.
 *
 * <p>Export writes the reverse: {@code annotations.json} with images numbered 1.. in record order, categories
 * numbered 1.. in class order, and the image files under {@code images/}.
 */
public final class Coco {
  private Coco() {}

  /**
   * Reads an annotation file.
   *
   * @throws UnsupportedFormatException if the file is not JSON with {@code images}, {@code annotations} and
   *     {@code categories} arrays
   * @throws InvalidDataException naming the annotation for an unknown image or category id or a bad box
   * @throws StorageException if a file cannot be read
   */
  public static ImportReport importFrom(Path annotations, Path imageDir, Split split, RecordSink sink)
      throws DataException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(annotations));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UnsupportedFormatException("unreadable COCO JSON", annotations.toString(), "a JSON object",
          e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read COCO file", annotations.toString(), "a readable file", e.toString(), e);
    }
    String loc = annotations.toString();
    JsonNode images = array(root, "images", loc);
    JsonNode anns = array(root, "annotations", loc);
    JsonNode cats = array(root, "categories", loc);
    TreeMap<Long, String> catNames = new TreeMap<>();
    for (JsonNode c : cats) {
      catNames.put(number(c, "id", loc + ", a category").longValue(), text(c, "name", loc + ", category"));
    }
    Map<Long, Integer> catIndex = new HashMap<>();
    for (Long id : catNames.keySet()) {
      catIndex.put(id, catIndex.size());
    }
    Map<Long, JsonNode> imageById = new LinkedHashMap<>();
    for (JsonNode im : images) {
      long id = number(im, "id", loc + ", an image").longValue();
      if (imageById.put(id, im) != null) {
        throw new InvalidDataException("duplicate image id", loc + ", image " + id, "unique image ids", id + " twice");
      }
    }
    Map<Long, List<Box>> boxes = new HashMap<>();
    for (JsonNode a : anns) {
      String where = loc + ", annotation " + (a.has("id") ? a.get("id").asText() : "?");
      long imageId = number(a, "image_id", where).longValue();
      if (!imageById.containsKey(imageId)) {
        throw new InvalidDataException("annotation of an unknown image", where, "an image id listed in images",
            Long.toString(imageId));
      }
      long cat = number(a, "category_id", where).longValue();
      Integer ci = catIndex.get(cat);
      if (ci == null) {
        throw new InvalidDataException("annotation of an unknown category", where, "a category id in categories",
            Long.toString(cat));
      }
      JsonNode bb = a.get("bbox");
      if (bb == null || !bb.isArray() || bb.size() != 4 || !allNumbers(bb)) {
        throw new InvalidDataException("bad bbox", where, "[x, y, width, height] numbers",
            String.valueOf(bb));
      }
      double w = bb.get(2).asDouble();
      double h = bb.get(3).asDouble();
      if (w < 0 || h < 0) {
        throw new InvalidDataException("bad bbox", where, "width and height >= 0", w + " x " + h);
      }
      boxes.computeIfAbsent(imageId, k -> new ArrayList<>())
          .add(Box.ofXywh(bb.get(0).asDouble(), bb.get(1).asDouble(), w, h, ci));
    }
    int n = 0;
    for (Map.Entry<Long, JsonNode> e : imageById.entrySet()) {
      JsonNode im = e.getValue();
      String where = loc + ", image " + e.getKey();
      String file = text(im, "file_name", where);
      Path f = imageDir.resolve(file).normalize();
      if (!f.startsWith(imageDir.normalize())) {
        throw new InvalidDataException("file name escapes the image directory", where,
            "a relative path inside " + imageDir, file);
      }
      byte[] data;
      try {
        data = Files.readAllBytes(f);
      } catch (java.nio.file.NoSuchFileException x) {
        throw new NotFoundException("image file missing", f.toString(), "the file named by " + where, "nothing");
      } catch (IOException x) {
        throw new StorageException("cannot read image", f.toString(), "a readable file", x.toString(), x);
      }
      Record.Builder b = Record.builder(file)
          .setBlob(BlobRef.of(data, MediaTypes.ofFileName(file).orElse(BlobRef.OCTET_STREAM)))
          .optLabel(new BoxesLabel(boxes.getOrDefault(e.getKey(), List.of())))
          .optSplit(split)
          .addAttribute("coco_id", e.getKey());
      if (im.has("width")) {
        b.addAttribute("width", number(im, "width", where).longValue());
      }
      if (im.has("height")) {
        b.addAttribute("height", number(im, "height", where).longValue());
      }
      sink.add(b.build(), data);
      n++;
    }
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.BOXES)
        .addClassNames(catNames.values().toArray(String[]::new))
        .addAttribute("coco_id", AttributeType.LONG).addAttribute("width", AttributeType.LONG)
        .addAttribute("height", AttributeType.LONG).build();
    sink.flush();
    return new ImportReport(schema, n, List.of());
  }

  /**
   * Writes {@code dir/annotations.json} and {@code dir/images/<file>} for records with box labels.
   *
   * @throws InvalidDataException naming the record if its label is not boxes or a class is outside
   *     {@code classNames}
   */
  public static void export(List<Record> records, BlobSource blobs, List<String> classNames, Path dir)
      throws DataException {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode images = root.putArray("images");
    ArrayNode anns = root.putArray("annotations");
    ArrayNode cats = root.putArray("categories");
    for (int c = 0; c < classNames.size(); c++) {
      cats.addObject().put("id", c + 1).put("name", classNames.get(c));
    }
    Path imageDir = dir.resolve("images");
    long annId = 1;
    long imageId = 1;
    try {
      Files.createDirectories(imageDir);
      for (Record r : records) {
        Label l = r.label().orElse(null);
        if (!(l instanceof BoxesLabel bl)) {
          throw new InvalidDataException("wrong label type", "record " + r.id(), "a BOXES label",
              l == null ? "none" : l.kind().toString());
        }
        BlobRef blob = r.blob().orElseThrow(() -> new IllegalArgumentException("record " + r.id() + " has no data blob"));
        String file = r.id().replace('/', '_');
        if (MediaTypes.ofFileName(file).isEmpty()) {
          file += MediaTypes.extension(blob.mediaType());
        }
        Files.write(imageDir.resolve(file), blobs.read(blob));
        ObjectNode im = images.addObject().put("id", imageId).put("file_name", file);
        Object w = r.attributes().get("width");
        Object h = r.attributes().get("height");
        if (w instanceof Long wl && h instanceof Long hl) {
          im.put("width", wl).put("height", hl);
        }
        for (Box b : bl.boxes()) {
          if (b.classIndex() >= classNames.size()) {
            throw new InvalidDataException("class index out of range", "record " + r.id(),
                "0.." + (classNames.size() - 1), Integer.toString(b.classIndex()));
          }
          ObjectNode a = anns.addObject().put("id", annId++).put("image_id", imageId)
              .put("category_id", b.classIndex() + 1).put("iscrowd", 0).put("area", b.area());
          a.putArray("bbox").add(b.x1()).add(b.y1()).add(b.width()).add(b.height());
        }
        imageId++;
      }
      Files.write(dir.resolve("annotations.json"), Json.mapper().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new StorageException("cannot write COCO export", dir.toString(), "a writable directory", e.toString(), e);
    }
  }

  private static JsonNode array(JsonNode root, String field, String loc) throws UnsupportedFormatException {
    JsonNode a = root == null ? null : root.get(field);
    if (a == null || !a.isArray()) {
      throw new UnsupportedFormatException("not a COCO detection file", loc, "an array \"" + field + "\"",
          a == null ? "none" : a.getNodeType().toString());
    }
    return a;
  }

  private static Number number(JsonNode n, String field, String where) throws InvalidDataException {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new InvalidDataException("missing or non-numeric field", where, "a number \"" + field + "\"",
          v == null ? "none" : v.toString());
    }
    return v.numberValue();
  }

  private static String text(JsonNode n, String field, String where) throws InvalidDataException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new InvalidDataException("missing or non-text field", where, "a string \"" + field + "\"",
          v == null ? "none" : v.toString());
    }
    return v.asText();
  }

  private static boolean allNumbers(JsonNode a) {
    for (JsonNode x : a) {
      if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
        return false;
      }
    }
    return true;
  }
}
