package dev.datamgmt.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.internal.parquet.LeanParquet;
import dev.datamgmt.storage.internal.parquet.LeanParquetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * The lean shard decoder against parquet-java on shards written by {@link ShardWriter} from random records
 * (splits, class and other labels, inline and by-reference blobs up to several pages, attributes, every codec) read
 * with random split and class filters and column sets: the same rows, column by column. And on damaged shards
 * the lean decoder returns or gives up with its own exception, never anything else.
 */
class LeanShardReadPropertiesTest {
  private static final List<String> OPTIONAL = List.of(ShardSchema.LABEL, ShardSchema.MEDIA_TYPE,
      ShardSchema.DATA_HASH, ShardSchema.DATA_SIZE, ShardSchema.DATA, ShardSchema.RECORD);
  private static final List<Split> SPLITS = List.of(Split.TRAIN, Split.TEST, Split.VALIDATION, Split.of("extra-1"));

  @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
  void leanDecoder_readsTheSameRowsAsParquetJava(
      @ForAll @IntRange(min = 0, max = 400) int n,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    int codec = rnd.nextInt(4);
    int blobSizes = rnd.nextInt(3);
    Path tmp = Files.createTempDirectory("lean-shards");
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      TestRecords data = randomRecords(n, blobSizes, rnd);
      CompressionCodecName c = List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
          CompressionCodecName.GZIP, CompressionCodecName.ZSTD).get(codec);
      ShardSet set = ShardWriter.builder().setStore(store).setBlobSource(data).optCodec(c)
          .optTargetShardBytes(rnd.nextBoolean() ? 64 << 10 : 3 << 20).optInlineThreshold(rnd.nextInt(1, 40_000))
          .optShuffleSeed(rnd.nextBoolean() ? null : rnd.nextLong()).optTempDir(tmp).build()
          .write(data.records(), "test");
      for (ShardInfo s : set.shards()) {
        byte[] bytes = store.get(s.key());
        Statistics.label("row groups per shard").collect(
            c == CompressionCodecName.ZSTD ? "zstd" : LeanParquet.open(bytes).rowGroupCount() > 1 ? "several" : "one");
        for (int k = 0; k < 3; k++) {
          Set<String> cols = randomColumns(rnd);
          ShardFilter filter = randomFilter(rnd);
          ShardBatch expected = ShardFile.parseWithParquetJava(bytes, s.key(), cols, filter);
          if (c != CompressionCodecName.ZSTD) {
            assertSame(ShardFile.parseLean(bytes, s.key(), cols, filter), expected, cols);
          }
          // the public entry point: lean where it can, parquet-java for ZSTD
          assertSame(ShardFile.read(bytes, s.key(), s.hash(), cols, filter), expected, cols);
          assertThat(expected.rowCount()).isEqualTo(filter.count(s));
        }
      }
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
  void leanDecoder_onManyRowGroupsAndPages_readsTheSameRowsAsParquetJava(
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll boolean v2,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) throws Exception {
    // ShardWriter's row groups are at least 1 MiB: write shard rows directly with tiny row groups and pages, small
    // dictionaries (which fall back to PLAIN when full) and, for v2, data pages v2 and parquet-java's v2 encodings
    SplittableRandom rnd = new SplittableRandom(seed);
    Path file = Files.createTempFile("lean-shard", ".parquet");
    try {
      TestRecords data = randomRecords(n, rnd.nextInt(3), rnd);
      CompressionCodecName c = List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
          CompressionCodecName.GZIP).get(rnd.nextInt(3));
      MessageType schema = ShardSchema.MESSAGE;
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
          .withConf(new PlainParquetConfiguration()).withType(schema)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(c)
          .withWriterVersion(v2 ? ParquetProperties.WriterVersion.PARQUET_2_0 : ParquetProperties.WriterVersion.PARQUET_1_0)
          .withRowGroupSize(rnd.nextInt(2_000, 64_000)).withPageSize(rnd.nextInt(300, 8_000))
          .withDictionaryPageSize(rnd.nextInt(64, 4_000)).withDictionaryEncoding(rnd.nextBoolean())
          .withPageRowCountLimit(rnd.nextInt(5, 200))
          .withExtraMetaData(java.util.Map.of(ShardSchema.FORMAT_KEY, ShardSchema.FORMAT_VERSION)).build()) {
        for (Record r : data.records()) {
          Group g = groups.newGroup();
          g.add(ShardSchema.ID, r.id());
          g.add(ShardSchema.SPLIT, r.split().name());
          r.label().ifPresent(l -> {
            if (l instanceof ClassLabel k) {
              g.add(ShardSchema.LABEL_CLASS, k.index());
            }
            g.add(ShardSchema.LABEL, dev.datamgmt.core.internal.json.Json.write(l));
          });
          BlobRef b = r.blob().orElse(null);
          if (b != null) {
            g.add(ShardSchema.MEDIA_TYPE, b.mediaType());
            g.add(ShardSchema.DATA_HASH, b.hash().toString());
            g.add(ShardSchema.DATA_SIZE, b.size());
            if (rnd.nextInt(4) > 0) {
              g.add(ShardSchema.DATA, Binary.fromConstantByteArray(data.read(b)));
            }
          }
          g.add(ShardSchema.RECORD, dev.datamgmt.core.internal.json.Json.write(r));
          w.write(g);
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      Statistics.label("row groups").collect(LeanParquet.open(bytes).rowGroupCount() > 1 ? "several" : "one");
      for (int k = 0; k < 4; k++) {
        Set<String> cols = randomColumns(rnd);
        ShardFilter filter = randomFilter(rnd);
        ShardBatch expected = ShardFile.parseWithParquetJava(bytes, "raw", cols, filter);
        try {
          assertSame(ShardFile.parseLean(bytes, "raw", cols, filter), expected, cols);
          Statistics.label("lean").collect(v2 ? "v2 read" : "v1 read");
        } catch (LeanParquetException e) {
          // v1 files are the lean decoder's subset and must be read; v2 pages are left to parquet-java
          assertThat(v2).as("v1 file given up: %s", e.getMessage()).isTrue();
          Statistics.label("lean").collect("v2 given up");
        }
        assertSame(ShardFile.read(bytes, "raw", null, cols, filter), expected, cols);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Property(tries = 200)
  void leanDecoder_onDamagedShard_returnsOrGivesUp_neverFailsOtherwise(
      @ForAll @IntRange(min = 1, max = 6) int flips,
      @ForAll @IntRange(min = 0, max = 2) int codec,
      @ForAll boolean truncate,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    Path tmp = Files.createTempDirectory("lean-shards");
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      TestRecords data = randomRecords(60, 1, rnd);
      ShardSet set = ShardWriter.builder().setStore(store).setBlobSource(data)
          .optCodec(List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
              CompressionCodecName.GZIP).get(codec))
          .optTempDir(tmp).build().write(data.records(), "test");
      byte[] bytes = store.get(set.shards().get(0).key());
      if (truncate) {
        bytes = Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
      }
      for (int i = 0; i < flips && bytes.length > 0; i++) {
        // damage concentrated in the footer and page headers makes the interesting cases likelier
        int at = rnd.nextBoolean() ? rnd.nextInt(bytes.length) : Math.max(0, bytes.length - 1 - rnd.nextInt(600));
        bytes[at] = (byte) rnd.nextInt(256);
      }
      Set<String> cols = Set.copyOf(OPTIONAL);
      try {
        ShardBatch b = ShardFile.parseLean(bytes, "damaged", cols, ShardFilter.all());
        assertThat(b.rowCount()).isBetween(0, Integer.MAX_VALUE);
      } catch (LeanParquetException expected) {
        // gave up: the caller falls back to parquet-java
      }
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  private static TestRecords randomRecords(int n, int blobSizes, SplittableRandom rnd) {
    TestRecords t = new TestRecords();
    // a few distinct media types keep the column's dictionary; many distinct ones make the writer fall back to PLAIN
    boolean manyMediaTypes = rnd.nextBoolean();
    for (int i = 0; i < n; i++) {
      Record.Builder r = Record.builder("r-" + i + "-" + randomText(rnd))
          .optSplit(SPLITS.get(rnd.nextInt(SPLITS.size())));
      switch (rnd.nextInt(4)) {
        case 0 -> { }
        case 1 -> r.optLabel(TextLabel.of(randomText(rnd)));
        default -> r.optLabel(ClassLabel.of(rnd.nextInt(12)));
      }
      if (rnd.nextInt(3) > 0) {
        r.addAttribute("camera", rnd.nextBoolean() ? "left" : "right").addAttribute("n", (long) rnd.nextInt(5));
      }
      byte[] data = null;
      if (rnd.nextInt(6) > 0) {
        int size = switch (blobSizes) {
          case 0 -> rnd.nextInt(0, 64);
          case 1 -> rnd.nextInt(0, 3000);
          default -> rnd.nextInt(0, 60_000);
        };
        data = new byte[size];
        if (rnd.nextBoolean()) {
          rnd.nextBytes(data);
        } else {
          // compressible: repeated runs, so Snappy and GZIP emit back-references
          for (int k = 0; k < size; k++) {
            data[k] = (byte) ((k / (1 + rnd.nextInt(8))) & 3);
          }
        }
        String mt = manyMediaTypes ? "application/x-test-" + rnd.nextInt(1_000_000) : rnd.nextBoolean()
            ? "image/png" : BlobRef.OCTET_STREAM;
        r.setBlob(BlobRef.of(data, mt));
      }
      t.add(r.build(), data);
    }
    return t;
  }

  private static String randomText(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    int len = rnd.nextInt(0, 12);
    for (int i = 0; i < len; i++) {
      int kind = rnd.nextInt(4);
      sb.appendCodePoint(kind == 0 ? 'a' + rnd.nextInt(26) : kind == 1 ? 0xe9 : kind == 2 ? 0x4e2d : 0x1f600);
    }
    return sb.toString();
  }

  private static Set<String> randomColumns(SplittableRandom rnd) {
    Set<String> cols = new LinkedHashSet<>();
    for (String c : OPTIONAL) {
      if (rnd.nextBoolean()) {
        cols.add(c);
      }
    }
    return cols;
  }

  private static ShardFilter randomFilter(SplittableRandom rnd) {
    ShardFilter.Builder f = ShardFilter.builder();
    for (Split s : SPLITS) {
      if (rnd.nextInt(3) == 0) {
        f.addSplit(s);
      }
    }
    if (rnd.nextBoolean()) {
      for (int k = rnd.nextInt(1, 4); k > 0; k--) {
        f.addClass(rnd.nextInt(-1, 12));
      }
    }
    return f.build();
  }

  private static void assertSame(ShardBatch got, ShardBatch want, Set<String> cols) {
    assertThat(got.rowCount()).isEqualTo(want.rowCount());
    assertThat(got.rows).isEqualTo(want.rows);
    assertThat(got.ids).isEqualTo(want.ids);
    assertThat(got.splits).isEqualTo(want.splits);
    assertThat(got.classes).isEqualTo(want.classes);
    assertThat(got.labels).isEqualTo(want.labels);
    assertThat(got.mediaTypes).isEqualTo(want.mediaTypes);
    assertThat(got.dataHashes).isEqualTo(want.dataHashes);
    assertThat(got.dataSizes).isEqualTo(want.dataSizes);
    assertThat(got.records).isEqualTo(want.records);
    if (want.data == null) {
      assertThat(got.data).isNull();
    } else {
      assertThat(got.data.length).isEqualTo(want.data.length);
      for (int i = 0; i < want.data.length; i++) {
        assertThat(got.data[i]).as("data of row %d", i).isEqualTo(want.data[i]);
      }
    }
    for (String c : OPTIONAL) {
      assertThat(got.has(c)).as(c).isEqualTo(cols.contains(c));
    }
  }
}
