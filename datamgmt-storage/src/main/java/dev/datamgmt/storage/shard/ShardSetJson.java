package dev.datamgmt.storage.shard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.provenance.Provenance;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the shard-set JSON that {@link ShardSet#toJson()} writes with Jackson's streaming parser alone, or gives up
 * (returns null) at the first thing it does not expect (an unknown, missing or repeated field, a value of another
 * JSON type, trailing content), and {@link ShardSet#fromJson} then reads the text with the shared data-binding
 * mapper, whose answer (value or error) is the authority. Equal results on everything it accepts are
 * property-tested.
 *
 * <p>Why: the mapper's first use in a process (its configuration, the Java time module and the introspection of
 * these records) costs about 0.4 CPU-seconds, more than reading the shard set itself by two orders of magnitude, and
 * a reader's first epoch in a fresh JVM starts with exactly this file.
 */
final class ShardSetJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ShardSetJson() {}

  /** The shard set, or null when the text is not in the form {@link ShardSet#toJson()} writes. */
  static ShardSet read(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ShardSet s = shardSet(p);
      return s != null && p.nextToken() == null ? s : null;
    } catch (IOException | RuntimeException e) {
      // not in the expected form, or invalid: the mapper reads it or reports it
      return null;
    }
  }

  private static ShardSet shardSet(JsonParser p) throws IOException {
    String format = null;
    String source = null;
    String codec = null;
    long records = 0;
    long target = 0;
    long inline = 0;
    List<ShardInfo> shards = null;
    Provenance provenance = null;
    Set<String> seen = new HashSet<>();
    for (String f; (f = nextField(p, seen)) != null; ) {
      switch (f) {
        case "format" -> format = text(p);
        case "source" -> source = text(p);
        case "codec" -> codec = text(p);
        case "records" -> records = longValue(p);
        case "targetShardBytes" -> target = longValue(p);
        case "inlineThreshold" -> inline = longValue(p);
        case "shards" -> {
          expect(p, JsonToken.START_ARRAY);
          shards = new ArrayList<>();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            ShardInfo s = shardInfo(p);
            if (s == null) {
              return null;
            }
            shards.add(s);
          }
          expectCurrent(p, JsonToken.END_ARRAY);
        }
        case "provenance" -> {
          if (p.nextToken() == JsonToken.VALUE_NULL) {
            provenance = null;
          } else {
            expectCurrent(p, JsonToken.START_OBJECT);
            provenance = provenance(p);
            if (provenance == null) {
              return null;
            }
          }
        }
        default -> {
          return null;
        }
      }
    }
    if (!seen.containsAll(List.of("format", "source", "codec", "records", "targetShardBytes", "inlineThreshold",
        "shards"))) {
      return null;
    }
    return new ShardSet(format, source, records, target, inline, codec, shards, provenance);
  }

  private static ShardInfo shardInfo(JsonParser p) throws IOException {
    String key = null;
    ContentHash hash = null;
    long bytes = 0;
    int records = 0;
    long first = 0;
    SortedMap<String, SortedMap<String, Integer>> counts = null;
    Set<String> seen = new HashSet<>();
    for (String f; (f = nextField(p, seen)) != null; ) {
      switch (f) {
        case "key" -> key = text(p);
        case "hash" -> hash = ContentHash.parse(text(p));
        case "bytes" -> bytes = longValue(p);
        case "records" -> records = intValue(p);
        case "firstIndex" -> first = longValue(p);
        case "counts" -> {
          expect(p, JsonToken.START_OBJECT);
          counts = new TreeMap<>();
          for (String split; (split = nextField(p, null)) != null; ) {
            expect(p, JsonToken.START_OBJECT);
            SortedMap<String, Integer> byClass = new TreeMap<>();
            for (String cls; (cls = nextField(p, null)) != null; ) {
              if (byClass.put(cls, intValue(p)) != null) {
                return null;
              }
            }
            if (counts.put(split, byClass) != null) {
              return null;
            }
          }
        }
        default -> {
          return null;
        }
      }
    }
    return seen.size() == 6 ? new ShardInfo(key, hash, bytes, records, first, counts) : null;
  }

  private static Provenance provenance(JsonParser p) throws IOException {
    String kind = null;
    Instant createdAt = null;
    String codeCommit = null;
    List<Provenance.Source> sources = new ArrayList<>();
    List<Provenance.Step> steps = new ArrayList<>();
    Map<String, Long> seeds = new TreeMap<>();
    Map<String, String> environment = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (String f; (f = nextField(p, seen)) != null; ) {
      switch (f) {
        case "kind" -> kind = text(p);
        case "createdAt" -> createdAt = Instant.parse(text(p));
        case "codeCommit" -> codeCommit = text(p);
        case "environment" -> {
          if (!stringMap(p, environment)) {
            return null;
          }
        }
        case "seeds" -> {
          expect(p, JsonToken.START_OBJECT);
          for (String k; (k = nextField(p, null)) != null; ) {
            if (seeds.put(k, longValue(p)) != null) {
              return null;
            }
          }
        }
        case "sources" -> {
          expect(p, JsonToken.START_ARRAY);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> s = new TreeMap<>();
            if (!stringMapBody(p, s) || s.size() != 2 || !s.containsKey("role") || !s.containsKey("id")) {
              return null;
            }
            sources.add(new Provenance.Source(s.get("role"), s.get("id")));
          }
          expectCurrent(p, JsonToken.END_ARRAY);
        }
        case "steps" -> {
          expect(p, JsonToken.START_ARRAY);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            Map<String, String> settings = new TreeMap<>();
            Set<String> stepSeen = new HashSet<>();
            for (String g; (g = nextField(p, stepSeen)) != null; ) {
              if (g.equals("name")) {
                name = text(p);
              } else if (g.equals("settings")) {
                if (!stringMap(p, settings)) {
                  return null;
                }
              } else {
                return null;
              }
            }
            if (name == null) {
              return null;
            }
            steps.add(new Provenance.Step(name, settings));
          }
          expectCurrent(p, JsonToken.END_ARRAY);
        }
        default -> {
          return null;
        }
      }
    }
    // a missing creation time would make the mapper's reading default it to "now": leave that to the mapper
    if (kind == null || createdAt == null) {
      return null;
    }
    Provenance.Builder b = Provenance.builder(kind).optCreatedAt(createdAt).optEnvironment(environment)
        .optCodeCommit(codeCommit);
    sources.forEach(b::addSource);
    steps.forEach(b::addStep);
    seeds.forEach(b::addSeed);
    return b.build();
  }

  /** The next field name of the current object, or null at its end; a repeated name is an error. */
  private static String nextField(JsonParser p, Set<String> seen) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return null;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw new IOException("expected a field name, found " + t);
    }
    String name = p.currentName();
    if (seen != null && !seen.add(name)) {
      throw new IOException("repeated field " + name);
    }
    return name;
  }

  private static boolean stringMap(JsonParser p, Map<String, String> out) throws IOException {
    expect(p, JsonToken.START_OBJECT);
    return stringMapBody(p, out);
  }

  private static boolean stringMapBody(JsonParser p, Map<String, String> out) throws IOException {
    for (String k; (k = nextField(p, null)) != null; ) {
      if (out.put(k, text(p)) != null) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonParser p) throws IOException {
    expect(p, JsonToken.VALUE_STRING);
    return p.getText();
  }

  private static long longValue(JsonParser p) throws IOException {
    expect(p, JsonToken.VALUE_NUMBER_INT);
    return p.getLongValue();
  }

  private static int intValue(JsonParser p) throws IOException {
    expect(p, JsonToken.VALUE_NUMBER_INT);
    return p.getIntValue();
  }

  private static void expect(JsonParser p, JsonToken t) throws IOException {
    p.nextToken();
    expectCurrent(p, t);
  }

  private static void expectCurrent(JsonParser p, JsonToken t) throws IOException {
    if (p.currentToken() != t) {
      throw new IOException("expected " + t + ", found " + p.currentToken());
    }
  }
}
