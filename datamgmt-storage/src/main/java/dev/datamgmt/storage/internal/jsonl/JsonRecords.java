package dev.datamgmt.storage.internal.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The record-building rules of a JSON Lines object (see the package comment). */
public final class JsonRecords {
  private JsonRecords() {}

  /** The object's scalar and array values by dotted key ({@code {"a":{"b":1}}} gives {@code a.b}), sorted. */
  public static Map<String, JsonNode> flatten(JsonNode n) {
    Map<String, JsonNode> out = new TreeMap<>();
    flatten("", n, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, JsonNode> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        flatten(k, e.getValue(), out);
      } else {
        out.put(k, e.getValue());
      }
    }
  }

  /** The attribute type of one non-null scalar value. */
  public static AttributeType typeOf(JsonNode v) {
    return v.isBoolean() ? AttributeType.BOOLEAN
        : v.isIntegralNumber() && v.canConvertToLong() ? AttributeType.LONG
        : v.isNumber() ? AttributeType.DOUBLE : AttributeType.STRING;
  }

  /** The type that holds values of both types: the same type, DOUBLE for two numeric types, else STRING. */
  public static AttributeType widen(AttributeType a, AttributeType b) {
    if (a == null || a == b) {
      return b;
    }
    return isNumeric(a) && isNumeric(b) ? AttributeType.DOUBLE : AttributeType.STRING;
  }

  private static boolean isNumeric(AttributeType t) {
    return t == AttributeType.LONG || t == AttributeType.DOUBLE;
  }

  /**
   * The record id in field {@code idField} of {@code n}.
   *
   * @throws InvalidDataException if the field is missing, null, empty or not a scalar, naming {@code where}
   */
  public static String id(JsonNode n, String idField, String where) throws InvalidDataException {
    JsonNode v = n.get(idField);
    if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
      throw new InvalidDataException("missing id", where, "a scalar field \"" + idField + "\"",
          v == null ? "none" : v.toString());
    }
    return v.asText();
  }

  /**
   * Sets the split from field {@code splitField} when {@code n} has it (a null field name: no split field).
   *
   * @throws InvalidDataException if the value is not a split name, naming {@code where}
   */
  public static void split(Record.Builder b, JsonNode n, String splitField, String where) throws InvalidDataException {
    if (splitField != null && n.hasNonNull(splitField)) {
      try {
        b.optSplit(Split.of(n.get(splitField).asText()));
      } catch (IllegalArgumentException e) {
        throw new InvalidDataException("bad split name", where, "[a-z0-9][a-z0-9_-]*", n.get(splitField).toString(), e);
      }
    }
  }

  /** Adds every flattened value of {@code n} whose key has a type in {@code types}, converted to it. */
  public static void attributes(Record.Builder b, JsonNode n, Map<String, AttributeType> types) {
    for (Map.Entry<String, JsonNode> e : flatten(n).entrySet()) {
      AttributeType t = types.get(e.getKey());
      JsonNode v = e.getValue();
      if (t == null || v.isNull() || v.isArray()) {
        continue;
      }
      b.addAttribute(e.getKey(), switch (t) {
        case LONG -> v.asLong();
        case DOUBLE -> v.asDouble();
        case BOOLEAN -> v.asBoolean();
        default -> v.isTextual() ? v.asText() : v.toString();
      });
    }
  }
}
