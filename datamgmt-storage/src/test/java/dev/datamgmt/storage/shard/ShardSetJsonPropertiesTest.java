package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The streaming reading of shard-set JSON against the data-binding mapper: on what {@link ShardSet#toJson()}
 * writes they give equal sets (equal to the one written), and on altered text (fields removed, added, repeated,
 * retyped, reordered, pretty-printed) {@link ShardSet#fromJson} gives what the mapper gives, value or error.
 */
class ShardSetJsonPropertiesTest {

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void streamingReading_ofWrittenSets_equalsTheSetAndTheMappersReading(
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) throws Exception {
    ShardSet set = randomSet(new SplittableRandom(seed));
    byte[] json = set.toJson();
    assertThat(ShardSetJson.read(json)).isEqualTo(set).isEqualTo(Json.read(json, ShardSet.class, "t"));
    assertThat(ShardSet.fromJson(json, "t")).isEqualTo(set);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void fromJson_ofAlteredText_givesWhatTheMapperGives(@ForAll @LongRange(min = 0, max = 1L << 40) long seed)
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    ShardSet set = randomSet(rnd);
    ObjectNode root = (ObjectNode) Json.mapper().readTree(set.toJson());
    for (int k = rnd.nextInt(1, 3); k > 0; k--) {
      alter(pickObject(root, rnd), rnd);
    }
    String text = rnd.nextBoolean() ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root)
        : Json.mapper().writeValueAsString(root);
    if (rnd.nextInt(8) == 0) {
      // a repeated field, which a tree cannot hold: the mapper keeps the last value
      text = text.replaceFirst("\"codec\"", "\"codec\":\"GZIP\",\"codec\"");
    }
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    Statistics.label("read by").collect(ShardSetJson.read(json) != null ? "streaming" : "mapper");
    assertThat(outcome(() -> ShardSet.fromJson(json, "t"))).isEqualTo(outcome(() -> Json.read(json, ShardSet.class, "t")));
  }

  private interface Read {
    ShardSet read() throws Exception;
  }

  private static Object outcome(Read r) {
    try {
      return r.read();
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** A random object node of the tree: the root, a shard, its counts, the provenance or one of its parts. */
  private static ObjectNode pickObject(ObjectNode root, SplittableRandom rnd) {
    List<ObjectNode> all = new ArrayList<>();
    collect(root, all);
    return all.get(rnd.nextInt(all.size()));
  }

  private static void collect(JsonNode n, List<ObjectNode> out) {
    if (n instanceof ObjectNode o) {
      out.add(o);
    }
    for (JsonNode c : n) {
      collect(c, out);
    }
  }

  private static void alter(ObjectNode o, SplittableRandom rnd) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    // without a creation time the mapper's reading stamps "now": two readings would differ by the clock alone
    names.remove("createdAt");
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (rnd.nextInt(6)) {
      case 0 -> {
        if (!names.isEmpty()) {
          o.remove(names.get(rnd.nextInt(names.size())));
        }
      }
      case 1 -> o.put("unexpected", 1);
      case 2 -> {
        if (!names.isEmpty()) {
          String n = names.get(rnd.nextInt(names.size()));
          switch (rnd.nextInt(5)) {
            case 0 -> o.put(n, "7");
            case 1 -> o.put(n, 7);
            case 2 -> o.putNull(n);
            case 3 -> o.put(n, 1.5);
            default -> o.set(n, f.arrayNode());
          }
        }
      }
      case 3 -> {
        // the same fields in reverse order
        List<String> rev = new ArrayList<>();
        o.fieldNames().forEachRemaining(rev::add);
        java.util.Collections.reverse(rev);
        ObjectNode copy = o.deepCopy();
        o.removeAll();
        for (String n : rev) {
          o.set(n, copy.get(n));
        }
      }
      case 4 -> o.put("createdAt", rnd.nextBoolean() ? "2026-12-06T03:35:04Z" : "yesterday");
      default -> {
        if (o.get("shards") instanceof ArrayNode shards) {
          shards.removeAll();
        } else {
          o.put("records", Long.MAX_VALUE);
        }
      }
    }
  }

  private static ShardSet randomSet(SplittableRandom rnd) {
    List<ShardInfo> shards = new ArrayList<>();
    long first = 0;
    for (int i = rnd.nextInt(0, 5); i > 0; i--) {
      byte[] b = new byte[8];
      rnd.nextBytes(b);
      ContentHash h = ContentHash.of(b);
      SortedMap<String, SortedMap<String, Integer>> counts = new TreeMap<>();
      int records = 0;
      for (int s = rnd.nextInt(0, 3); s > 0; s--) {
        SortedMap<String, Integer> byClass = new TreeMap<>();
        for (int c = rnd.nextInt(1, 4); c > 0; c--) {
          int n = rnd.nextInt(1, 100_000);
          byClass.merge(rnd.nextBoolean() ? ShardInfo.NO_CLASS : Integer.toString(rnd.nextInt(100)), n, Integer::sum);
        }
        String split = List.of("train", "test", "validation", "x-" + text(rnd)).get(rnd.nextInt(4));
        if (counts.putIfAbsent(split, byClass) == null) {
          records += byClass.values().stream().mapToInt(Integer::intValue).sum();
        }
      }
      shards.add(new ShardInfo(ShardInfo.keyOf(h), h, rnd.nextLong(0, 1L << 40), records, first, counts));
      first += records;
    }
    Provenance prov = null;
    if (rnd.nextInt(4) > 0) {
      Provenance.Builder b = Provenance.builder("shard-set " + text(rnd))
          .optCreatedAt(Instant.ofEpochSecond(rnd.nextLong(0, 4_000_000_000L), rnd.nextBoolean() ? 0 : rnd.nextInt(1_000_000_000)));
      for (int i = rnd.nextInt(0, 3); i > 0; i--) {
        b.addSource(new Provenance.Source("role " + text(rnd), "id " + text(rnd)));
      }
      for (int i = rnd.nextInt(0, 3); i > 0; i--) {
        TreeMap<String, String> settings = new TreeMap<>();
        for (int k = rnd.nextInt(0, 3); k > 0; k--) {
          settings.put("k" + text(rnd), text(rnd));
        }
        b.addStep(new Provenance.Step("step " + text(rnd), settings));
      }
      for (int i = rnd.nextInt(0, 3); i > 0; i--) {
        b.addSeed("seed " + text(rnd), rnd.nextLong());
      }
      if (rnd.nextBoolean()) {
        b.optCodeCommit(text(rnd) + "c0ffee");
      }
      if (rnd.nextBoolean()) {
        TreeMap<String, String> env = new TreeMap<>();
        for (int k = rnd.nextInt(0, 4); k > 0; k--) {
          env.put("e." + text(rnd), text(rnd));
        }
        b.optEnvironment(env);
      }
      prov = b.build();
    }
    return new ShardSet(ShardSet.FORMAT, "sha256:" + text(rnd), first, rnd.nextLong(1, 1L << 36),
        rnd.nextLong(0, 1L << 30), List.of("SNAPPY", "GZIP", "ZSTD", "UNCOMPRESSED").get(rnd.nextInt(4)), shards, prov);
  }

  private static String text(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(0, 8); i > 0; i--) {
      int kind = rnd.nextInt(6);
      sb.appendCodePoint(switch (kind) {
        case 0 -> '"';
        case 1 -> '\\';
        case 2 -> 0x4e2d;
        case 3 -> 0x1f600;
        case 4 -> '\n';
        default -> 'a' + rnd.nextInt(26);
      });
    }
    return sb.toString();
  }
}
