package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Attribute filters answered from typed attribute columns agree exactly with filtering the records themselves. */
class ShardAttributeFilterTest {
  private static final Object[] COLOR = {"red", "green", "blue"};
  private static final Object[] SIZE = {1L, 2L, 3L};
  private static final Object[] SCORE = {0.5, 1.5};
  private static final Object[] FLAG = {true, false};
  private static final Object[] MIXED = {7L, "7"}; // one key, two types: no column, evaluated on record_json
  private static final Object[] DOTTED = {"x", "y"}; // a key with a dot: no column either

  private static TestRecords records(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TestRecords t = new TestRecords();
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[8 + rnd.nextInt(16)];
      rnd.nextBytes(data);
      Record.Builder b = Record.builder(String.format("r-%05d", i)).optLabel(ClassLabel.of(rnd.nextInt(3)))
          .optSplit(rnd.nextInt(4) == 0 ? Split.TEST : Split.TRAIN)
          .setBlob(BlobRef.of(data, "application/octet-stream"));
      maybe(rnd, b, "color", COLOR);
      maybe(rnd, b, "size", SIZE);
      maybe(rnd, b, "score", SCORE);
      maybe(rnd, b, "flag", FLAG);
      maybe(rnd, b, "mixed", MIXED);
      maybe(rnd, b, "meta.source", DOTTED);
      t.add(b.build(), data);
    }
    return t;
  }

  private static void maybe(SplittableRandom rnd, Record.Builder b, String key, Object[] values) {
    if (rnd.nextInt(4) != 0) {
      b.addAttribute(key, values[rnd.nextInt(values.length)]);
    }
  }

  private static ShardSet pack(InMemoryBlobStore store, TestRecords data, long target) throws Exception {
    Path tmp = Files.createTempDirectory("shard-attr-");
    try {
      return ShardWriter.builder().setStore(store).setBlobSource(data).optTargetShardBytes(target)
          .optTempDir(tmp).build().write(data.records(), "test");
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Property(tries = 60)
  void columnFilteredRows_equalRecordFilteredRows(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 63) int criteria, @ForAll @IntRange(min = 0, max = 5) int pick)
      throws Exception {
    TestRecords data = records(n, seed);
    ShardFilter.Builder fb = ShardFilter.builder();
    String[] keys = {"color", "size", "score", "flag", "mixed", "meta.source"};
    // A String for the Long column "size" (bit 5 with pick 5) checks type mismatch: it matches nothing.
    Object[][] values = {COLOR, pick == 5 ? new Object[] {"2"} : SIZE, SCORE, FLAG, MIXED, DOTTED};
    // Keys with one type across the version get a column ("mixed" too when a small version has one type only).
    java.util.Map<String, Class<?>> columns = ShardSchema.attributeColumns(data.records());
    boolean needsJson = false;
    for (int k = 0; k < keys.length; k++) {
      if ((criteria & (1 << k)) != 0) {
        fb.addAttribute(keys[k], values[k][pick % values[k].length]);
        needsJson |= !columns.containsKey(keys[k]);
      }
    }
    if (pick % 2 == 1) {
      fb.addSplit(Split.TRAIN);
    }
    ShardFilter f = fb.build();
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      ShardSet set = pack(store, data, 2048);
      List<String> got = new ArrayList<>();
      for (ShardInfo s : set.shards()) {
        ShardBatch b = ShardFile.read(store.get(s.key()), s.key(), s.hash(), Set.of(), f);
        assertThat(b.has(ShardSchema.RECORD)).as("record_json parsed").isEqualTo(needsJson);
        for (int i = 0; i < b.rowCount(); i++) {
          got.add(b.id(i));
        }
      }
      List<String> want = data.records().stream().filter(f::matches).map(Record::id).sorted().toList();
      assertThat(got.stream().sorted().toList()).isEqualTo(want);
    }
  }

  @Test
  void attributeColumns_haveTheOneTypeOfTheirValues_andSkipMixedAndDottedKeys() {
    TestRecords data = records(400, 3);
    assertThat(ShardSchema.attributeColumns(data.records())).containsOnlyKeys("color", "flag", "score", "size")
        .containsEntry("color", String.class).containsEntry("size", Long.class)
        .containsEntry("score", Double.class).containsEntry("flag", Boolean.class);
  }

  @Test
  void duckDb_filtersOnAttributeColumns() throws Exception {
    TestRecords data = records(500, 11);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      ShardSet set = pack(store, data, 4096);
      Path dir = Files.createTempDirectory("shard-attr-duck-");
      List<String> files = new ArrayList<>();
      for (ShardInfo s : set.shards()) {
        Path p = dir.resolve(s.hash().hex() + ".parquet");
        Files.write(p, store.get(s.key()));
        files.add("'" + p + "'");
      }
      long want = data.records().stream()
          .filter(r -> "red".equals(r.attributes().get("color")) && Long.valueOf(2).equals(r.attributes().get("size")))
          .count();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet([" + String.join(",", files)
              + "]) WHERE attributes.color = 'red' AND attributes.size = 2")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(want).isPositive();
      } finally {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
        Files.delete(dir);
      }
    }
  }
}
