package dev.datamgmt.storage.formats.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.RecordSink;
import dev.datamgmt.storage.internal.jsonl.JsonRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imports JSON Lines logs as tabular records, schema on read: nested objects are flattened to dotted names
 * ({@code {"user":{"age":3}}} gives attribute {@code user.age}), scalars become attributes, and each attribute's
 * type is inferred from every line: all integers give LONG, numbers DOUBLE, booleans BOOLEAN, anything mixed
 * STRING (values then kept as their JSON text). Nulls and arrays are left out and listed in the report. Blank
 * lines are skipped.
 *
 * <pre>{@code
 * ImportReport r = JsonLines.builder().optIdField("request_id").optLabelField("outcome").build()
 *     .importFrom(Path.of("events.jsonl"), sink);
 * }</pre>
 */
public final class JsonLines {
  private final String idField;
  private final String labelField;
  private final String splitField;
  private final List<String> classNames;

  private JsonLines(Builder b) {
    this.idField = b.idField;
    this.labelField = b.labelField;
    this.splitField = b.splitField;
    this.classNames = b.classNames;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the file (two passes: types first, then records).
   *
   * @throws UnsupportedFormatException naming file and line if a line is not a JSON object
   * @throws InvalidDataException naming file and line for a missing or duplicate id or a bad label
   */
  public ImportReport importFrom(Path file, RecordSink sink) throws DataException {
    List<JsonNode> lines = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int no = 0;
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = Json.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UnsupportedFormatException("not a JSON line", file + ":" + no, "one JSON object per line",
              e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
          throw new UnsupportedFormatException("not a JSON object", file + ":" + no, "a JSON object",
              n == null ? "nothing" : n.getNodeType().toString());
        }
        lines.add(n);
        lineNumbers.add(no);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UnsupportedFormatException("not UTF-8 text", file.toString(), "UTF-8 JSON Lines", e.toString(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read JSON Lines file", file.toString(), "a readable file", e.toString(), e);
    }
    TreeMap<String, AttributeType> types = new TreeMap<>();
    TreeMap<String, Boolean> allIntegral = new TreeMap<>();
    Set<String> ignored = new java.util.TreeSet<>();
    for (JsonNode n : lines) {
      Map<String, JsonNode> flat = JsonRecords.flatten(n);
      for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
        String k = e.getKey();
        if (k.equals(idField) || k.equals(labelField) || k.equals(splitField)) {
          continue;
        }
        JsonNode v = e.getValue();
        if (v.isNull() || v.isArray()) {
          ignored.add(k + " (" + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ")");
          continue;
        }
        AttributeType t = JsonRecords.typeOf(v);
        types.put(k, JsonRecords.widen(types.get(k), t));
        allIntegral.merge(k, t == AttributeType.LONG, Boolean::logicalAnd);
      }
    }
    boolean classLabels = labelField != null && lines.stream().allMatch(n -> {
      JsonNode l = n.get(labelField);
      return l == null || l.isNull() || l.isTextual() && (classNames.isEmpty() || classNames.contains(l.asText()))
          || l.isIntegralNumber();
    }) && (!classNames.isEmpty() || lines.stream().allMatch(n -> n.get(labelField) == null
        || n.get(labelField).isNull() || n.get(labelField).isIntegralNumber()));
    Set<String> ids = new HashSet<>();
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = lines.get(i);
      String where = file + ":" + lineNumbers.get(i);
      String id;
      if (idField == null) {
        id = "line-" + lineNumbers.get(i);
      } else {
        id = JsonRecords.id(n, idField, where);
      }
      if (!ids.add(id)) {
        throw new InvalidDataException("duplicate id", where, "unique ids", id + " again");
      }
      Record.Builder b = Record.builder(id);
      if (labelField != null && n.hasNonNull(labelField)) {
        JsonNode l = n.get(labelField);
        if (classLabels) {
          int c = l.isIntegralNumber() ? l.asInt() : classNames.indexOf(l.asText());
          if (c < 0) {
            throw new InvalidDataException("bad class label", where, "a class index >= 0", l.toString());
          }
          b.optLabel(ClassLabel.of(c));
        } else {
          b.optLabel(new TextLabel(l.isTextual() ? l.asText() : l.toString()));
        }
      }
      JsonRecords.split(b, n, splitField, where);
      JsonRecords.attributes(b, n, types);
      sink.add(b.build(), null);
      count++;
    }
    DatasetSchema.Builder sb = DatasetSchema.builder()
        .setLabelKind(classLabels || labelField == null ? LabelKind.CLASS : LabelKind.TEXT)
        .addClassNames(classNames.toArray(String[]::new));
    types.forEach(sb::addAttribute);
    sink.flush();
    return new ImportReport(sb.build(), count, new ArrayList<>(ignored));
  }

  /** Configures {@link JsonLines}; all settings optional. */
  public static final class Builder {
    private String idField;
    private String labelField;
    private String splitField;
    private List<String> classNames = List.of();

    private Builder() {}

    /** The field holding the record id (default: {@code line-<n>} from the line number). */
    public Builder optIdField(String field) {
      this.idField = field;
      return this;
    }

    /**
     * The field holding the label: class indices, or class names from {@link #optClassNames}, give class
     * labels; anything else gives text labels (default: unlabeled).
     */
    public Builder optLabelField(String field) {
      this.labelField = field;
      return this;
    }

    /** The field holding the split name (default: none). */
    public Builder optSplitField(String field) {
      this.splitField = field;
      return this;
    }

    /** Class names, to read textual labels as classes. */
    public Builder optClassNames(List<String> names) {
      this.classNames = List.copyOf(Objects.requireNonNull(names, "names"));
      return this;
    }

    /** Builds. */
    public JsonLines build() {
      return new JsonLines(this);
    }
  }
}
