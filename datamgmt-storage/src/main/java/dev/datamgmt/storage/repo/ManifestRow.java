package dev.datamgmt.storage.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One manifest row as stored: the column values of FORMAT.md "Manifests", nested parts still as JSON text.
 * Rows are compared and copied without decoding, so a commit that changes one record of many re-encodes one
 * record, and a diff decodes only the records that differ.
 */
record ManifestRow(String id, String split, String dataHash, Long dataSize, String dataMediaType,
    String labelType, Integer labelClass, String labelJson, String blobsJson, String attributesJson) {

  private static final ObjectWriter LABEL_WRITER = Json.mapper().writerFor(Label.class);
  private static final ObjectReader LABEL_READER = Json.mapper().readerFor(Label.class);
  private static final TypeReference<SortedMap<String, BlobRef>> BLOBS_TYPE = new TypeReference<>() {};
  private static final ObjectWriter BLOBS_WRITER = Json.mapper().writerFor(BLOBS_TYPE);
  private static final ObjectReader BLOBS_READER = Json.mapper().readerFor(BLOBS_TYPE);
  private static final TypeReference<SortedMap<String, Object>> ATTRS_TYPE = new TypeReference<>() {};
  private static final ObjectWriter ATTRS_WRITER = Json.mapper().writerFor(ATTRS_TYPE);
  private static final ObjectReader ATTRS_READER = Json.mapper().readerFor(ATTRS_TYPE);

  ManifestRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(split, "split");
  }

  /** Encodes a record. */
  static ManifestRow of(Record r) {
    try {
      BlobRef data = r.blob().orElse(null);
      Label label = r.label().orElse(null);
      return new ManifestRow(r.id(), r.split().name(),
          data == null ? null : data.hash().toString(),
          data == null ? null : data.size(),
          data == null ? null : data.mediaType(),
          label == null ? null : labelType(label),
          label instanceof ClassLabel c ? c.index() : null,
          label == null ? null : label instanceof ClassLabel c ? classLabelJson(c)
              : label instanceof TextLabel t ? textLabelJson(t) : LABEL_WRITER.writeValueAsString(label),
          r.blobs().isEmpty() ? null : blobsJson(r.blobs()),
          r.attributes().isEmpty() ? null : attributesJson(r.attributes()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode record " + r.id() + ": " + e.getOriginalMessage(), e);
    }
  }

  // The two shapes nearly every ingested record has, written by hand: Jackson's serializer lookup per value
  // dominates a commit of many small records. The output is byte-identical to Jackson's (a property test
  // checks it), so rows compare by text whichever path wrote them.
  static String classLabelJson(ClassLabel c) {
    return "{\"type\":\"class\",\"index\":" + c.index() + "}";
  }

  static String textLabelJson(TextLabel t) {
    StringBuilder sb = new StringBuilder(t.text().length() + 32).append("{\"type\":\"text\",\"text\":");
    return quote(sb, t.text()).append('}').toString();
  }

  /**
   * Attributes whose values are strings, longs, booleans or finite doubles (what a record holds, NaN and the
   * infinities aside, which Jackson writes as quoted names) by hand; Jackson otherwise.
   */
  static String attributesJson(SortedMap<String, Object> attributes) throws JsonProcessingException {
    StringBuilder sb = new StringBuilder(32 * attributes.size()).append('{');
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, e.getKey()).append(':');
      Object v = e.getValue();
      if (v instanceof String str) {
        quote(sb, str);
      } else if (v instanceof Long || v instanceof Boolean) {
        sb.append(v);
      } else if (v instanceof Double d && Double.isFinite(d)) {
        sb.append(d.doubleValue());
      } else {
        return ATTRS_WRITER.writeValueAsString(attributes);
      }
    }
    return sb.append('}').toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Appends {@code s} as a JSON string the way Jackson writes it by default: quote and backslash escaped, the
   * control characters below U+0020 as a backslash and b, t, n, f, r or u00 and two upper-case hex digits,
   * everything else as is.
   */
  static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        sb.append(c);
        continue;
      }
      sb.append('\\');
      switch (c) {
        case '"', '\\' -> sb.append(c);
        case '\b' -> sb.append('b');
        case '\t' -> sb.append('t');
        case '\n' -> sb.append('n');
        case '\f' -> sb.append('f');
        case '\r' -> sb.append('r');
        default -> sb.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return sb.append('"');
  }

  /** Jackson's encoding of attributes, for tests of the hand-written path. */
  static String jacksonAttributesJson(SortedMap<String, Object> attributes) throws JsonProcessingException {
    return ATTRS_WRITER.writeValueAsString(attributes);
  }

  static String blobsJson(SortedMap<String, BlobRef> blobs) {
    StringBuilder sb = new StringBuilder(128 * blobs.size()).append('{');
    for (Map.Entry<String, BlobRef> e : blobs.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      BlobRef b = e.getValue();
      quote(sb, e.getKey()).append(":{\"hash\":\"").append(b.hash()).append("\",\"mediaType\":");
      quote(sb, b.mediaType()).append(",\"size\":").append(b.size()).append('}');
    }
    return sb.append('}').toString();
  }

  /** Jackson's encoding of a label, for tests of the hand-written path. */
  static String jacksonLabelJson(Label l) throws JsonProcessingException {
    return LABEL_WRITER.writeValueAsString(l);
  }

  /** Jackson's encoding of a blob map, for tests of the hand-written path. */
  static String jacksonBlobsJson(SortedMap<String, BlobRef> blobs) throws JsonProcessingException {
    return BLOBS_WRITER.writeValueAsString(blobs);
  }

  /**
   * Decodes the record.
   *
   * @param location the manifest key, for messages
   * @throws IntegrityException if a column does not hold what FORMAT.md says
   */
  Record decode(String location) throws IntegrityException {
    try {
      Record.Builder b = Record.builder(id).optSplit(Split.of(split));
      if (labelJson != null) {
        b.optLabel(LABEL_READER.readValue(labelJson));
      }
      if (blobsJson != null) {
        Map<String, BlobRef> m = BLOBS_READER.readValue(blobsJson);
        m.forEach(b::addBlob);
      }
      if (attributesJson != null) {
        Map<String, Object> m = ATTRS_READER.readValue(attributesJson);
        m.forEach(b::addAttribute);
      }
      return b.build();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IntegrityException("undecodable manifest row", location + ", record " + id,
          "a record per FORMAT.md", detail, e);
    }
  }

  /**
   * Whether two rows certainly hold the same record: equal JSON text. Different text may still decode to equal
   * records (a manifest written by another tool), so callers decode and compare when this is false.
   */
  boolean sameText(ManifestRow o) {
    return id.equals(o.id) && split.equals(o.split) && Objects.equals(labelJson, o.labelJson)
        && Objects.equals(blobsJson, o.blobsJson) && Objects.equals(attributesJson, o.attributesJson);
  }

  /** The {@code "type"} name a label has in JSON (see {@link Label}). */
  static String labelType(Label label) {
    switch (label.kind()) {
      case CLASS:
        return "class";
      case MULTI_LABEL:
        return "multi";
      case BOXES:
        return "boxes";
      case KEYPOINTS:
        return "keypoints";
      case MASK:
        return "mask";
      case TEXT:
        return "text";
      default:
        throw new IllegalArgumentException("unknown label kind " + label.kind());
    }
  }
}
