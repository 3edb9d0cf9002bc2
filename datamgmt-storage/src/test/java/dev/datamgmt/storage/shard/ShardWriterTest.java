package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardWriterTest {
  @TempDir Path dir;
  private BufferAllocator allocator;
  private InMemoryBlobStore store;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    store = new InMemoryBlobStore();
  }

  @AfterEach
  void tearDown() {
    store.close();
    allocator.close(); // fails the test if a batch leaked
  }

  private ShardSet pack(TestRecords data, long target, long inline) throws Exception {
    return ShardWriter.builder().setStore(store).setBlobSource(data).optTargetShardBytes(target)
        .optInlineThreshold(inline).optTempDir(dir).build().write(data.records(), "test");
  }

  @Test
  void write_splitsIntoShardsOfTargetSize_andRecordsReadBackEqual() throws Exception {
    TestRecords data = TestRecords.of(500, 7, 1);
    ShardSet set = pack(data, 16 * 1024, 1 << 20);
    assertThat(set.shards()).hasSizeGreaterThan(3);
    assertThat(set.records()).isEqualTo(500);
    List<Record> back = new ArrayList<>();
    for (ShardInfo s : set.shards()) {
      byte[] bytes = store.get(s.key());
      assertThat(s.key()).isEqualTo("shards/" + s.hash().hex() + ".parquet");
      s.hash().verify(bytes, s.key());
      back.addAll(ShardFile.readRecords(bytes, s.key()));
    }
    assertThat(back).containsExactlyInAnyOrderElementsOf(data.records());
    // grouped by split (in split-name order): the split changes exactly once along the shards
    int changes = 0;
    for (int i = 1; i < back.size(); i++) {
      changes += back.get(i).split().equals(back.get(i - 1).split()) ? 0 : 1;
    }
    assertThat(changes).isEqualTo(1);
    assertThat(back.get(0).split()).isEqualTo(Split.TEST);
  }

  @Test
  void write_sameInputTwice_givesIdenticalShardHashes() throws Exception {
    TestRecords data = TestRecords.of(200, 3, 2);
    ShardSet a = pack(data, 4096, 1 << 20);
    ShardSet b = pack(data, 4096, 1 << 20);
    assertThat(b.shards()).isEqualTo(a.shards());
    assertThat(ShardSet.fromJson(a.toJson(), "json").shards()).isEqualTo(a.shards());
  }

  @Test
  void read_inlineBlobsAreBytesAndLargeOnesAreReferences() throws Exception {
    TestRecords data = TestRecords.of(100, 3, 3);
    ShardSet set = pack(data, 1 << 20, 40);
    ShardInfo s = set.shards().get(0);
    Map<String, Record> byId = new HashMap<>();
    data.records().forEach(r -> byId.put(r.id(), r));
    ShardBatch b = ShardFile.read(store.get(s.key()), s.key(), s.hash(),
        Set.of(ShardSchema.DATA, ShardSchema.DATA_SIZE, ShardSchema.DATA_HASH), ShardFilter.all());
    {
      int inline = 0;
      for (int i = 0; i < b.rowCount(); i++) {
        Record r = byId.get(b.id(i));
        assertThat(b.dataHash(i)).isEqualTo(r.blob().orElseThrow().hash().toString());
        if (b.dataSize(i) <= 40) {
          assertThat(b.data(i)).isEqualTo(data.read(r.blob().orElseThrow()));
          inline++;
        } else {
          assertThat(b.data(i)).isNull();
        }
      }
      assertThat(inline).isBetween(1, 99);
    }
  }

  @Test
  void read_withSplitAndClassFilter_returnsExactlyMatchingRowsAndCountsAgree() throws Exception {
    TestRecords data = TestRecords.of(300, 4, 4);
    ShardSet set = pack(data, 2048, 1 << 20);
    ShardFilter f = ShardFilter.builder().addSplit(Split.TEST).addClass(1).addClass(2).build();
    long expected = data.records().stream().filter(f::matches).count();
    long counted = 0;
    long read = 0;
    for (ShardInfo s : set.shards()) {
      counted += f.count(s);
      ShardBatch b = ShardFile.read(store.get(s.key()), s.key(), s.hash(), Set.of(), f);
      {
        for (int i = 0; i < b.rowCount(); i++) {
          assertThat(b.split(i)).isEqualTo("test");
          assertThat(b.classIndex(i)).isIn(1, 2);
        }
        read += b.rowCount();
      }
    }
    assertThat(read).isEqualTo(expected).isEqualTo(counted).isPositive();
  }

  @Test
  void read_withAttributeFilter_evaluatesOnRecords() throws Exception {
    TestRecords data = TestRecords.of(120, 4, 5);
    ShardSet set = pack(data, 1 << 20, 1 << 20);
    ShardFilter f = ShardFilter.builder().addAttribute("parity", 1).addClass(3).build();
    ShardInfo s = set.shards().get(0);
    assertThat(f.count(s)).isEqualTo(-1);
    ShardBatch b = ShardFile.read(store.get(s.key()), s.key(), s.hash(), Set.of(), f);
      {
      assertThat(b.rowCount()).isEqualTo(data.records().stream().filter(f::matches).count()).isPositive();
    }
  }

  @Test
  void toArrow_givesVectorsWithTheSameColumns_andFreesAllMemoryOnClose() throws Exception {
    TestRecords data = TestRecords.of(60, 3, 9);
    ShardSet set = pack(data, 1 << 20, 1 << 20);
    ShardInfo s = set.shards().get(0);
    ShardBatch b = ShardFile.read(store.get(s.key()), s.key(), s.hash(),
        Set.of(ShardSchema.DATA, ShardSchema.DATA_SIZE), ShardFilter.all());
    try (org.apache.arrow.vector.VectorSchemaRoot root = b.toArrow(allocator)) {
      assertThat(root.getRowCount()).isEqualTo(60);
      org.apache.arrow.vector.VarBinaryVector v = (org.apache.arrow.vector.VarBinaryVector) root.getVector(ShardSchema.DATA);
      org.apache.arrow.vector.VarCharVector ids = (org.apache.arrow.vector.VarCharVector) root.getVector(ShardSchema.ID);
      for (int i = 0; i < 60; i++) {
        assertThat(v.get(i)).isEqualTo(b.data(i));
        assertThat(new String(ids.get(i), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(b.id(i));
      }
      assertThat(allocator.getAllocatedMemory()).isPositive();
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void read_whenBytesDoNotMatchHash_failsNamingShard() throws Exception {
    ShardSet set = pack(TestRecords.of(50, 2, 6), 1 << 20, 1 << 20);
    ShardInfo s = set.shards().get(0);
    byte[] bytes = store.get(s.key());
    bytes[bytes.length / 2] ^= 0x55;
    assertThatThrownBy(() -> ShardFile.read(bytes, s.key(), s.hash(), Set.of(), ShardFilter.all()))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(s.key())
        .hasMessageContaining("content hash mismatch");
  }

  @Test
  void read_whenFileIsTruncated_failsWithCorruptShard() throws Exception {
    ShardSet set = pack(TestRecords.of(50, 2, 7), 1 << 20, 1 << 20);
    ShardInfo s = set.shards().get(0);
    byte[] bytes = java.util.Arrays.copyOf(store.get(s.key()), (int) s.bytes() - 100);
    assertThatThrownBy(() -> ShardFile.read(bytes, s.key(), null, Set.of(), ShardFilter.all()))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("corrupt shard at " + s.key());
  }

  @Test
  void read_whenParquetIsNotAShard_failsWithUnsupportedFormat() throws Exception {
    Path p = dir.resolve("other.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT 1 AS x) TO '" + p + "' (FORMAT PARQUET)");
    }
    byte[] bytes = Files.readAllBytes(p);
    assertThatThrownBy(() -> ShardFile.read(bytes, "other.parquet", null, Set.of(), ShardFilter.all()))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("not a datamgmt shard at other.parquet");
  }

  @Test
  void duckDb_readsOurShards_withSameIdsLabelsAndInlineBytes() throws Exception {
    TestRecords data = TestRecords.of(400, 5, 8);
    ShardSet set = pack(data, 8 * 1024, 1 << 20);
    List<String> files = new ArrayList<>();
    for (ShardInfo s : set.shards()) {
      Path f = dir.resolve(s.hash().hex() + ".parquet");
      Files.write(f, store.get(s.key()));
      files.add("'" + f + "'");
    }
    Map<String, Record> byId = new HashMap<>();
    data.records().forEach(r -> byId.put(r.id(), r));
    int rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, split, label_class, data, data_hash, data_media_type, record_json FROM read_parquet(["
            + String.join(",", files) + "]) ORDER BY id")) {
      while (rs.next()) {
        Record r = byId.get(rs.getString(1));
        assertThat(r).isNotNull();
        assertThat(rs.getString(2)).isEqualTo(r.split().name());
        assertThat(rs.getInt(3)).isEqualTo(((dev.datamgmt.core.label.ClassLabel) r.label().orElseThrow()).index());
        assertThat(rs.getBytes(4)).isEqualTo(data.read(r.blob().orElseThrow()));
        assertThat(rs.getString(5)).isEqualTo(r.blob().orElseThrow().hash().toString());
        assertThat(rs.getString(6)).isEqualTo("application/octet-stream");
        assertThat(dev.datamgmt.core.internal.json.Json.read(rs.getString(7), Record.class, "duckdb")).isEqualTo(r);
        rows++;
      }
    }
    assertThat(rows).isEqualTo(400);
    assertThat(set.shards().stream().map(ShardInfo::firstIndex).toList())
        .isSortedAccordingTo(Comparator.naturalOrder());
  }
}
