package dev.datamgmt.augment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads operations from pipeline JSON with messages that name the operation, its place and the setting
 * ({@code pipeline JSON ops[2] (rotate): unknown setting; expected one of [fill, interpolation, maxDegrees, p],
 * found "maxDegree" (did you mean maxDegrees?)}), and fills in the optional settings a file may omit:
 * {@code p} (1), {@code fill} (0), {@code interpolation} (the op's default) and {@code border} (CONSTANT). Record operations (all built-ins
 * and most user operations) are checked setting by setting before Jackson binds them; other classes are left to
 * Jackson.
 */
final class OpJsonReader {
  /** Settings that may be omitted, and the value they then take (null: the record's own default for null). */
  private static final Map<String, Object> OPTIONAL = Map.of("p", 1.0, "fill", 0.0, "interpolation", "", "border", "");

  private OpJsonReader() {}

  static Pipeline readPipeline(String json) throws UnsupportedFormatException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new UnsupportedFormatException("unreadable JSON", "pipeline JSON", "JSON text", e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new UnsupportedFormatException("not a pipeline", "pipeline JSON", "a JSON object",
          root == null ? "nothing" : root.getNodeType().toString().toLowerCase());
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("formatVersion") && !f.equals("ops") && !f.equals("seed")) {
        throw new UnsupportedFormatException("unknown field", "pipeline JSON",
            "formatVersion, ops, seed", "\"" + f + "\"");
      }
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.isIntegralNumber()) {
      throw new UnsupportedFormatException("missing or malformed format version", "pipeline JSON",
          "\"formatVersion\": " + Pipeline.FORMAT_VERSION, version == null ? "none" : version.toString());
    }
    if (version.asInt() != Pipeline.FORMAT_VERSION) {
      throw new UnsupportedFormatException("unknown pipeline format version", "pipeline JSON",
          "formatVersion " + Pipeline.FORMAT_VERSION, "formatVersion " + version.asText());
    }
    JsonNode seed = root.get("seed");
    if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw new UnsupportedFormatException("missing or malformed seed", "pipeline JSON", "\"seed\": a 64-bit integer",
          seed == null ? "none" : seed.toString());
    }
    JsonNode ops = root.get("ops");
    if (ops == null || !ops.isArray()) {
      throw new UnsupportedFormatException("missing operations", "pipeline JSON", "an \"ops\" array",
          ops == null ? "none" : ops.toString());
    }
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      out.add(readOp(ops.get(i), "ops[" + i + "]"));
    }
    return Pipeline.builder().setSeed(seed.asLong()).addAll(out).build();
  }

  /** Checks and completes {@code node} (recursively), then binds it. */
  static Op readOp(JsonNode node, String path) throws UnsupportedFormatException {
    ObjectNode complete = complete(node, path);
    try {
      return Json.mapper().treeToValue(complete, Op.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      String detail = cause instanceof IllegalArgumentException ? cause.getMessage()
          : e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new UnsupportedFormatException("invalid operation settings",
          "pipeline JSON " + path + " (" + complete.path("op").asText() + ")", "valid settings", detail, e);
    }
  }

  private static ObjectNode complete(JsonNode node, String path) throws UnsupportedFormatException {
    String where = "pipeline JSON " + path;
    if (node == null || !node.isObject()) {
      throw new UnsupportedFormatException("operation is not an object", where, "an object with an \"op\" name",
          node == null ? "nothing" : node.toString());
    }
    JsonNode name = node.get("op");
    if (name == null || !name.isTextual()) {
      throw new UnsupportedFormatException("operation without a name", where, "an \"op\" string",
          name == null ? "no \"op\" field" : name.toString());
    }
    Class<? extends Op> type = OpRegistry.typeOf(name.asText());
    if (type == null) {
      throw new UnsupportedFormatException("unknown operation", where,
          "a built-in operation or one registered with OpRegistry.register or an OpProvider",
          "'" + name.asText() + "'");
    }
    ObjectNode out = ((ObjectNode) node).deepCopy();
    if (!type.isRecord()) {
      return out;
    }
    where = where + " (" + name.asText() + ")";
    RecordComponent[] comps = type.getRecordComponents();
    TreeSet<String> known = new TreeSet<>();
    for (RecordComponent c : comps) {
      known.add(c.getName());
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("op") && !known.contains(f)) {
        String near = nearest(f, known);
        throw new UnsupportedFormatException("unknown setting", where, "one of " + known,
            "\"" + f + "\"" + (near == null ? "" : " (did you mean " + near + "?)"));
      }
    }
    for (RecordComponent c : comps) {
      String f = c.getName();
      JsonNode v = node.get(f);
      if (v == null || v.isNull()) {
        if (!OPTIONAL.containsKey(f)) {
          throw new UnsupportedFormatException("missing setting", where,
              "\"" + f + "\" (" + describe(c.getType()) + ")", "no such field");
        }
        Object dflt = OPTIONAL.get(f);
        if (dflt instanceof Double d && (c.getType() == double.class || c.getType() == Double.class)) {
          out.put(f, d);
        } else if (dflt instanceof Double d && c.getType() == float.class) {
          out.put(f, d.floatValue());
        } else if (c.getType().isPrimitive()) {
          throw new UnsupportedFormatException("missing setting", where,
              "\"" + f + "\" (" + describe(c.getType()) + ")", "no such field");
        } else {
          out.remove(f);
        }
        continue;
      }
      checkType(c, v, where);
      if (isOpList(c.getGenericType())) {
        for (int i = 0; i < v.size(); i++) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) out.get(f)).set(i, complete(v.get(i), path + "." + f + "[" + i + "]"));
        }
      } else if (c.getType() == Op.class) {
        out.set(f, complete(v, path + "." + f));
      }
    }
    return out;
  }

  private static void checkType(RecordComponent c, JsonNode v, String where) throws UnsupportedFormatException {
    Class<?> t = c.getType();
    boolean ok;
    if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
      ok = v.isNumber();
    } else if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
      ok = v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
    } else if (t == boolean.class || t == Boolean.class) {
      ok = v.isBoolean();
    } else if (List.class.isAssignableFrom(t)) {
      ok = v.isArray();
    } else if (t == String.class || t.isEnum()) {
      ok = v.isTextual();
    } else {
      ok = true;
    }
    if (!ok) {
      throw new UnsupportedFormatException("setting has the wrong type", where,
          "\"" + c.getName() + "\": " + describe(t), v.toString());
    }
    if (t.isEnum()) {
      TreeSet<String> names = new TreeSet<>();
      for (Object e : t.getEnumConstants()) {
        names.add(((Enum<?>) e).name());
      }
      if (!names.contains(v.asText())) {
        throw new UnsupportedFormatException("unknown value", where, "\"" + c.getName() + "\": one of " + names,
            v.toString());
      }
    }
  }

  private static boolean isOpList(Type t) {
    return t instanceof ParameterizedType pt && pt.getRawType() == List.class
        && pt.getActualTypeArguments()[0] == Op.class;
  }

  private static String describe(Class<?> t) {
    if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
      return "a number";
    }
    if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
      return "an integer";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(t)) {
      return "an array";
    }
    if (t.isEnum()) {
      return "a name";
    }
    return t == String.class ? "a string" : t.getSimpleName();
  }

  /** The known name within edit distance 2 of {@code f}, if any. */
  private static String nearest(String f, Iterable<String> known) {
    String best = null;
    int bestD = 3;
    for (String k : known) {
      int d = distance(f.toLowerCase(), k.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
