package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a repository the way FORMAT.md tells a Python user to — plain files, a JSON parser, SHA-256 and an
 * independent Parquet reader (DuckDB) — and checks it finds exactly what this library committed.
 */
class RepositoryFormatTest {
  @TempDir Path tmp;

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static String hexOf(String h) {
    return h.substring(h.indexOf(':') + 1);
  }

  private static byte[] verified(Path file, String hex) throws Exception {
    byte[] data = Files.readAllBytes(file);
    assertThat(sha256(data)).as("hash of %s", file).isEqualTo(hex);
    return data;
  }

  @Test
  void aVersion_isReadableWithJsonSha256AndAnyParquetReader_asFormatMdSays() throws Exception {
    List<Record> committed;
    Path root = tmp.resolve("repo");
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("cat", "dog").build();
      CommitBuilder b = repo.commit("main").setMessage("v1").optSchema(schema).addLineage("source", "unit test")
          .optProvenance(Provenance.builder("import")
              .addSource(new Provenance.Source("directory", "file:/data/pets"))
              .addStep(new Provenance.Step("ingest", Map.of("labels", "folder-names")))
              .addSeed("split", 7).optCodeCommit("9c1e").build());
      b.addRecord(Record.builder("a/cat.png").setBlob(b.putBlob("cat bytes".getBytes(UTF_8), "image/png"))
          .optLabel(ClassLabel.of(0)).optSplit(Split.TRAIN).addAttribute("w", 64).addAttribute("ok", true).build());
      b.addRecord(Record.builder("b/dog.png").setBlob(b.putBlob("dog bytes".getBytes(UTF_8), "image/png"))
          .addBlob("mask", b.putBlob("mask bytes".getBytes(UTF_8), "image/png")).optLabel(ClassLabel.of(1)).build());
      b.addRecord(Record.builder("c/none").build());
      b.commit();
      DatasetSchema boxesSchema = DatasetSchema.builder().setLabelKind(LabelKind.BOXES).build();
      CommitBuilder b2 = repo.commit("main").setMessage("v2").optSchema(boxesSchema).removeAllRecords();
      b2.addRecord(Record.builder("d/boxes").setBlob(b2.putBlob("img".getBytes(UTF_8), "image/jpeg"))
          .optLabel(BoxesLabel.of(new Box(1, 2, 3, 4, 0))).addAttribute("score", 0.5).build());
      b2.addRecord(Record.builder("a/cat.png").build());
      committed = b2.commit().records();
      for (BlobInfo i : store.listAll("").toList()) {
        Path f = root.resolve(i.key());
        Files.createDirectories(f.getParent());
        Files.write(f, store.get(i.key()));
      }
    }

    ObjectMapper plain = new ObjectMapper();
    // resolve the branch: the lexicographically last entry of its log
    Path log = root.resolve("refs/heads/main");
    List<String> entries;
    try (Stream<Path> s = Files.list(log)) {
      entries = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(entries).containsExactly("00000000000000000000", "00000000000000000001");
    String commitId = plain.readTree(Files.readString(log.resolve(entries.get(1)))).get("commit").asText();
    JsonNode commit = plain.readTree(verified(root.resolve("commits/" + hexOf(commitId) + ".json"), hexOf(commitId)));
    assertThat(commit.get("format").asInt()).isEqualTo(1);
    assertThat(commit.get("message").asText()).isEqualTo("v2");
    assertThat(commit.get("recordCount").asInt()).isEqualTo(2);
    assertThat(commit.get("parents")).hasSize(1);
    assertThat(commit.get("schema").get("labelKind").asText()).isEqualTo("BOXES");
    String first = hexOf(commit.get("parents").get(0).asText());
    JsonNode parent = plain.readTree(verified(root.resolve("commits/" + first + ".json"), first));
    assertThat(parent.get("lineage").get("source").asText()).isEqualTo("unit test");
    assertThat(parent.has("parents")).isFalse();
    // provenance: the one v1 was given, and v2's default (kind, commit time, library/Java/OS versions)
    JsonNode given = parent.get("provenance");
    assertThat(given.get("kind").asText()).isEqualTo("import");
    assertThat(given.get("sources").get(0).get("id").asText()).isEqualTo("file:/data/pets");
    assertThat(given.get("steps").get(0).get("settings").get("labels").asText()).isEqualTo("folder-names");
    assertThat(given.get("seeds").get("split").asLong()).isEqualTo(7);
    assertThat(given.get("codeCommit").asText()).isEqualTo("9c1e");
    JsonNode byDefault = commit.get("provenance");
    assertThat(byDefault.get("kind").asText()).isEqualTo("dataset-version");
    assertThat(java.time.Instant.parse(byDefault.get("createdAt").asText()))
        .isEqualTo(java.time.Instant.parse(commit.get("time").asText()));
    assertThat(byDefault.get("environment").get("java.version").asText()).isEqualTo(System.getProperty("java.version"));
    List<String> keys = new java.util.ArrayList<>();
    commit.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("commit keys in alphabetical order").isSorted();

    String mhex = hexOf(commit.get("manifest").asText());
    Path manifest = root.resolve("manifests/" + mhex + ".parquet");
    verified(manifest, mhex);
    Class.forName("org.duckdb.DuckDBDriver");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + manifest + "')")) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(types).containsExactly(Map.entry("id", "VARCHAR"), Map.entry("split", "VARCHAR"),
          Map.entry("data_hash", "VARCHAR"), Map.entry("data_size", "BIGINT"), Map.entry("data_media_type", "VARCHAR"),
          Map.entry("label_type", "VARCHAR"), Map.entry("label_class", "INTEGER"), Map.entry("label_json", "VARCHAR"),
          Map.entry("blobs_json", "VARCHAR"), Map.entry("attributes_json", "VARCHAR"));
      try (ResultSet rs = st.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + manifest
          + "') WHERE decode(key) = 'datamgmt.manifest.format'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("1");
      }
      try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + manifest + "')")) {
        int i = 0;
        while (rs.next()) {
          Record r = committed.get(i++);
          assertThat(rs.getString("id")).isEqualTo(r.id());
          assertThat(rs.getString("split")).isEqualTo(r.split().name());
          String labelJson = rs.getString("label_json");
          if (r.label().isPresent()) {
            assertThat(plain.readTree(labelJson)).isEqualTo(Json.mapper().valueToTree(r.label().get()));
            assertThat(rs.getString("label_type")).isEqualTo("boxes");
          } else {
            assertThat(labelJson).isNull();
          }
          String blobs = rs.getString("blobs_json");
          if (r.blob().isPresent()) {
            BlobRef ref = r.blob().get();
            JsonNode data = plain.readTree(blobs).get("data");
            assertThat(data.get("hash").asText()).isEqualTo(ref.hash().toString()).isEqualTo(rs.getString("data_hash"));
            assertThat(rs.getLong("data_size")).isEqualTo(ref.size());
            String h = hexOf(data.get("hash").asText());
            assertThat(new String(verified(root.resolve("objects/sha256/" + h.substring(0, 2) + "/" + h.substring(2)), h),
                UTF_8)).isEqualTo("img");
            assertThat(plain.readTree(rs.getString("attributes_json")).get("score").asDouble()).isEqualTo(0.5);
          } else {
            assertThat(blobs).isNull();
            assertThat(rs.getObject("data_size")).isNull();
          }
        }
        assertThat(i).isEqualTo(committed.size());
      }
    }
  }

  @Test
  void aManifestWrittenByAnotherTool_withZstdPages_checksOutLikeOurOwn() throws Exception {
    Path file = tmp.resolve("duckdb-manifest.parquet");
    Class.forName("org.duckdb.DuckDBDriver");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM (VALUES "
          + "('a', 'train', NULL::VARCHAR, NULL::BIGINT, NULL::VARCHAR, 'class', 1, '{\"index\": 1, \"type\": \"class\"}', NULL::VARCHAR, '{\"n\": 5}'),"
          + "('b', 'test', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
          + ") t(id, split, data_hash, data_size, data_media_type, label_type, label_class, label_json, blobs_json, attributes_json)"
          + ") TO '" + file + "' (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {'datamgmt.manifest.format': '1'})");
    }
    byte[] manifest = Files.readAllBytes(file);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      dev.datamgmt.core.hash.ContentHash m = dev.datamgmt.core.hash.ContentHash.of(manifest);
      store.put(RepositoryKeys.manifestKey(m), manifest);
      Commit.Encoded commit = Commit.encode(List.of(), m, 2, null, "from duckdb", "tool",
          java.time.Instant.parse("2026-01-01T00:00:00Z"), Map.of(), null);
      store.put(RepositoryKeys.commitKey(commit.commit().id()), commit.bytes());
      Repository repo = Repository.init(store);

      DatasetVersion v = repo.checkout(commit.commit().id());
      assertThat(v.records()).containsExactly(
          Record.builder("a").optSplit(Split.TRAIN).optLabel(ClassLabel.of(1)).addAttribute("n", 5).build(),
          Record.builder("b").optSplit(Split.TEST).build());
      // text differs from ours (spaces), records do not: a diff against our encoding is empty
      repo.commit("main").setMessage("ours").addRecords(v.records()).commit();
      assertThat(repo.diff(v, repo.checkout("main")).isEmpty()).isTrue();
    }
  }

  @Test
  void packedBlobs_areReadableFromThePackIndex_asFormatMdSays() throws Exception {
    Path root = tmp.resolve("packed");
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      CommitBuilder b = repo.commit("main").setMessage("packed");
      try (PackWriter w = repo.newPackWriter()) {
        for (String s : List.of("first blob", "second", "", "the fourth and last")) {
          BlobRef ref = w.put(s.getBytes(UTF_8), "text/plain");
          blobs.put(ref.hash().hex(), s.getBytes(UTF_8));
          b.addRecord(Record.builder("r" + blobs.size()).setBlob(ref).build());
        }
      }
      b.commit();
      for (BlobInfo i : store.listAll("").toList()) {
        Path f = root.resolve(i.key());
        Files.createDirectories(f.getParent());
        Files.write(f, store.get(i.key()));
      }
    }
    List<Path> indexes;
    try (Stream<Path> s = Files.list(root.resolve("packs"))) {
      indexes = s.filter(p -> p.toString().endsWith(".idx")).toList();
    }
    assertThat(indexes).hasSize(1);
    Path idx = indexes.get(0);
    String packHex = idx.getFileName().toString().replace(".idx", "");
    byte[] pack = verified(root.resolve("packs/" + packHex + ".pack"), packHex);
    byte[] data = Files.readAllBytes(idx);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data); // big-endian, as the table in FORMAT.md says
    assertThat(new String(data, 0, 8, UTF_8)).isEqualTo("DMPKIDX1");
    assertThat(HexFormat.of().formatHex(data, 8, 40)).isEqualTo(packHex);
    assertThat(HexFormat.of().formatHex(data, data.length - 32, data.length))
        .isEqualTo(sha256(java.util.Arrays.copyOf(data, data.length - 32)));
    long n = in.getLong(40);
    assertThat(n).isEqualTo(blobs.size());
    Map<String, byte[]> found = new LinkedHashMap<>();
    String previous = "";
    for (int e = 0; e < n; e++) {
      int at = 48 + 48 * e;
      String hex = HexFormat.of().formatHex(data, at, at + 32);
      assertThat(hex).isGreaterThan(previous);
      previous = hex;
      int offset = (int) in.getLong(at + 32);
      int size = (int) in.getLong(at + 40);
      byte[] blob = java.util.Arrays.copyOfRange(pack, offset, offset + size);
      assertThat(sha256(blob)).isEqualTo(hex);
      found.put(hex, blob);
    }
    assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(blobs.keySet());
    blobs.forEach((hex, bytes) -> assertThat(found.get(hex)).isEqualTo(bytes));
    assertThat(Files.exists(root.resolve("objects"))).isFalse();
  }
}
