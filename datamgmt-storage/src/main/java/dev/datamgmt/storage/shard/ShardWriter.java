package dev.datamgmt.storage.shard;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
 * Packs records into Parquet shard files of about {@link Builder#optTargetShardBytes target size} and stores
 * them, content-addressed, in a {@link BlobStore} under {@code shards/<sha256>.parquet}.
 *
 * <p>Records are grouped by split (so a reader filtering by split skips whole shards) and, unless
 * {@link Builder#optShuffleSeed} is {@code null}, shuffled within each split with that seed, because
 * importers produce records in source order (an ImageFolder is sorted by class) and a bounded shuffle buffer
 * cannot undo a sorted layout. The same records, settings and seed always give byte-identical shards.
 *
 * <pre>{@code
 * ShardSet set = ShardWriter.builder()
 *     .setStore(store)
 *     .setBlobSource(version::readBlob)
 *     .optTargetShardBytes(64 << 20)
 *     .build()
 *     .write(records, "version " + version.id());
 * set.save(store, version.id());
 * }</pre>
 */
public final class ShardWriter {
  private final BlobStore store;
  private final BlobSource blobs;
  private final long targetShardBytes;
  private final long inlineThreshold;
  private final int maxRecordsPerShard;
  private final CompressionCodecName codec;
  private final Long shuffleSeed;
  private final Path tempDir;

  private ShardWriter(Builder b) {
    this.store = b.store;
    this.blobs = b.blobs;
    this.targetShardBytes = b.targetShardBytes;
    this.inlineThreshold = b.inlineThreshold;
    this.maxRecordsPerShard = b.maxRecordsPerShard;
    this.codec = b.codec;
    this.shuffleSeed = b.shuffleSeed;
    this.tempDir = b.tempDir;
  }

  /** Starts a writer configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes {@code records} as shards and returns their index (not yet saved; see {@link ShardSet#save}).
   *
   * @param source what is being packed, recorded in the set (e.g. a version id)
   * @throws dev.datamgmt.core.error.IntegrityException if an inline blob's bytes do not match its hash
   * @throws DataException if a blob cannot be read or a shard cannot be stored
   */
  public ShardSet write(List<Record> records, String source) throws DataException {
    Plan plan = plan(records);
    List<ShardInfo> shards = new ArrayList<>();
    for (int i = 0; i < plan.shardCount(); i++) {
      shards.add(writeShard(plan, i));
    }
    return assemble(plan, shards, source);
  }

  /**
   * The layout {@link #write} gives {@code records}: their order (by split, shuffled within a split) and where each
   * shard starts. A pure function of the records and this writer's settings, so several processes that plan the
   * same records get the same plan and can each write some of its shards ({@link #writeShard}) — datamgmt-spark
   * packs a version that way — and {@link #assemble} gives the same set as {@link #write}.
   */
  public Plan plan(List<Record> records) {
    List<Record> ordered = order(records);
    SortedMap<String, Class<?>> attributeColumns = ShardSchema.attributeColumns(ordered);
    List<Integer> starts = new ArrayList<>();
    int start = 0;
    while (start < ordered.size()) {
      int end = start;
      long bytes = 0;
      while (end < ordered.size() && (end == start || (bytes < targetShardBytes && end - start < maxRecordsPerShard))) {
        bytes += estimate(ordered.get(end));
        end++;
      }
      starts.add(start);
      start = end;
    }
    starts.add(ordered.size());
    return new Plan(ordered, attributeColumns, starts.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Writes shard {@code shard} of {@code plan} and stores it (content-addressed: writing it twice, from a retried
   * task, stores it once).
   *
   * @throws IndexOutOfBoundsException if the plan has no such shard
   */
  public ShardInfo writeShard(Plan plan, int shard) throws DataException {
    java.util.Objects.checkIndex(shard, plan.shardCount());
    MessageType schema = ShardSchema.message(plan.attributeColumns);
    return writeShard(plan.ordered.subList(plan.starts[shard], plan.starts[shard + 1]), plan.starts[shard], schema,
        plan.attributeColumns.keySet());
  }

  /**
   * The shard set of {@code plan} from its written shards, in shard order (what {@link #write} returns).
   *
   * @throws IllegalArgumentException if {@code shards} are not the plan's shards in order
   */
  public ShardSet assemble(Plan plan, List<ShardInfo> shards, String source) {
    if (shards.size() != plan.shardCount()) {
      throw new IllegalArgumentException("plan has " + plan.shardCount() + " shards, found " + shards.size());
    }
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).firstIndex() != plan.starts[i] || shards.get(i).records() != plan.starts[i + 1] - plan.starts[i]) {
        throw new IllegalArgumentException("shard " + i + " must hold rows [" + plan.starts[i] + ", "
            + plan.starts[i + 1] + "), found " + shards.get(i).records() + " rows from " + shards.get(i).firstIndex());
      }
    }
    Provenance.Builder prov = Provenance.builder("shard-set")
        .addSource(new Provenance.Source("records", source))
        .addStep(new Provenance.Step("pack-shards", Map.of(
            "targetShardBytes", Long.toString(targetShardBytes),
            "inlineThreshold", Long.toString(inlineThreshold),
            "maxRecordsPerShard", Integer.toString(maxRecordsPerShard),
            "codec", codec.name(),
            "order", shuffleSeed == null ? "split, then input order" : "split, then shuffled")));
    if (shuffleSeed != null) {
      prov.addSeed("shard-order", shuffleSeed);
    }
    return new ShardSet(ShardSet.FORMAT, source, plan.ordered.size(), targetShardBytes, inlineThreshold, codec.name(),
        shards, prov.build());
  }

  /** Where {@link #write} puts each record: see {@link #plan}. Immutable. */
  public static final class Plan {
    private final List<Record> ordered;
    private final SortedMap<String, Class<?>> attributeColumns;
    private final int[] starts;

    private Plan(List<Record> ordered, SortedMap<String, Class<?>> attributeColumns, int[] starts) {
      this.ordered = java.util.Collections.unmodifiableList(ordered);
      this.attributeColumns = java.util.Collections.unmodifiableSortedMap(attributeColumns);
      this.starts = starts;
    }

    /** The number of shards. */
    public int shardCount() {
      return starts.length - 1;
    }

    /** The records in shard order (shard {@code i} holds positions {@code [firstIndex(i), firstIndex(i + 1))}). */
    public List<Record> records() {
      return ordered;
    }

    /** The dataset index of shard {@code shard}'s first row; {@code firstIndex(shardCount())} is the record count. */
    public long firstIndex(int shard) {
      return starts[shard];
    }
  }

  private List<Record> order(List<Record> records) {
    List<Record> sorted = new ArrayList<>(records);
    // Stable sort: within a split the input order survives, and the shuffle below then depends only on it.
    sorted.sort(Comparator.comparing(Record::split));
    if (shuffleSeed == null) {
      return sorted;
    }
    SplittableRandom rnd = new SplittableRandom(shuffleSeed);
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).split().equals(sorted.get(i).split())) {
        j++;
      }
      for (int k = j - 1; k > i; k--) {
        int m = i + rnd.nextInt(k - i + 1);
        Record t = sorted.get(k);
        sorted.set(k, sorted.get(m));
        sorted.set(m, t);
      }
      i = j;
    }
    return sorted;
  }

  private long estimate(Record r) {
    long n = 64 + 2L * r.id().length() + Json.write(r).length();
    BlobRef data = r.blob().orElse(null);
    if (data != null && data.size() <= inlineThreshold) {
      n += data.size();
    }
    return n;
  }

  private ShardInfo writeShard(List<Record> rows, long firstIndex, MessageType schema, Set<String> attributeColumns)
      throws DataException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(tempDir, "shard-", ".parquet");
      TreeMap<String, SortedMap<String, Integer>> counts = new TreeMap<>();
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      ExampleParquetWriter.Builder wb = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
          .withConf(new PlainParquetConfiguration())
          .withType(schema)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withCompressionCodec(codec)
          .withRowGroupSize(Math.max(1L << 20, Math.min(targetShardBytes, 16L << 20)))
          .withDictionaryEncoding(false)
          .withDictionaryEncoding(ShardSchema.SPLIT, true)
          .withDictionaryEncoding(ShardSchema.MEDIA_TYPE, true)
          .withDictionaryEncoding(ShardSchema.LABEL_CLASS, true)
          .withStatisticsEnabled(ShardSchema.DATA, false)
          .withStatisticsEnabled(ShardSchema.RECORD, false)
          .withExtraMetaData(Map.of(ShardSchema.FORMAT_KEY, ShardSchema.FORMAT_VERSION));
      for (String a : attributeColumns) {
        // small value sets become dictionaries, which the dictionary filter uses to skip row groups
        wb.withDictionaryEncoding(ShardSchema.ATTRIBUTES + "." + a, true);
      }
      try (ParquetWriter<Group> w = wb.build()) {
        for (Record r : rows) {
          w.write(toGroup(groups, r, attributeColumns));
          String classKey = r.label().filter(l -> l instanceof ClassLabel)
              .map(l -> Integer.toString(((ClassLabel) l).index())).orElse(ShardInfo.NO_CLASS);
          counts.computeIfAbsent(r.split().name(), k -> new TreeMap<>()).merge(classKey, 1, Integer::sum);
        }
      }
      ContentHash hash;
      try (InputStream in = Files.newInputStream(tmp)) {
        hash = ContentHash.of(in);
      }
      long size = Files.size(tmp);
      String key = ShardInfo.keyOf(hash);
      // Content-addressed: an existing object under this key already holds exactly these bytes.
      if (!store.exists(key)) {
        store.putFile(key, tmp);
      }
      return new ShardInfo(key, hash, size, rows.size(), firstIndex, new TreeMap<>(counts));
    } catch (IOException e) {
      throw new StorageException("cannot write shard file", tmp == null ? tempDir.toString() : tmp.toString(),
          "a writable temporary file", e.toString(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // A leftover temp file is harmless; the shard itself is already stored or the error is reported.
        }
      }
    }
  }

  private Group toGroup(SimpleGroupFactory groups, Record r, Set<String> attributeColumns) throws DataException {
    Group g = groups.newGroup();
    g.add(ShardSchema.ID, r.id());
    g.add(ShardSchema.SPLIT, r.split().name());
    Label label = r.label().orElse(null);
    if (label instanceof ClassLabel c) {
      g.add(ShardSchema.LABEL_CLASS, c.index());
    }
    if (label != null) {
      g.add(ShardSchema.LABEL, Json.write(label));
    }
    BlobRef data = r.blob().orElse(null);
    if (data != null) {
      g.add(ShardSchema.MEDIA_TYPE, data.mediaType());
      g.add(ShardSchema.DATA_HASH, data.hash().toString());
      g.add(ShardSchema.DATA_SIZE, data.size());
      if (data.size() <= inlineThreshold) {
        byte[] bytes = blobs.read(data);
        data.hash().verify(bytes, "blob " + Record.DEFAULT_BLOB + " of record " + r.id());
        g.add(ShardSchema.DATA, Binary.fromConstantByteArray(bytes));
      }
    }
    g.add(ShardSchema.RECORD, Json.write(r));
    Group attrs = null;
    for (Map.Entry<String, Object> a : r.attributes().entrySet()) {
      if (!attributeColumns.contains(a.getKey())) {
        continue;
      }
      if (attrs == null) {
        attrs = g.addGroup(ShardSchema.ATTRIBUTES);
      }
      Object v = a.getValue();
      if (v instanceof String t) {
        attrs.add(a.getKey(), t);
      } else if (v instanceof Long t) {
        attrs.add(a.getKey(), t);
      } else if (v instanceof Double t) {
        attrs.add(a.getKey(), t);
      } else {
        attrs.add(a.getKey(), (Boolean) v);
      }
    }
    return g;
  }

  /** Configures a {@link ShardWriter}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private BlobStore store;
    private BlobSource blobs;
    private long targetShardBytes = 64L << 20;
    private long inlineThreshold = 1L << 20;
    private int maxRecordsPerShard = 1 << 20;
    private CompressionCodecName codec = CompressionCodecName.SNAPPY;
    private Long shuffleSeed = 0L;
    private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));

    private Builder() {}

    /** The store shards are written to (required). */
    public Builder setStore(BlobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where inline blobs' bytes come from (required). */
    public Builder setBlobSource(BlobSource blobs) {
      this.blobs = Objects.requireNonNull(blobs, "blobs");
      return this;
    }

    /** Approximate shard size in bytes (default 64 MiB). */
    public Builder optTargetShardBytes(long bytes) {
      this.targetShardBytes = bytes;
      return this;
    }

    /** Blobs up to this many bytes are stored inline, larger ones by reference (default 1 MiB). */
    public Builder optInlineThreshold(long bytes) {
      this.inlineThreshold = bytes;
      return this;
    }

    /** At most this many records per shard (default 1,048,576). */
    public Builder optMaxRecordsPerShard(int records) {
      this.maxRecordsPerShard = records;
      return this;
    }

    /** The Parquet codec (default SNAPPY; UNCOMPRESSED, SNAPPY, GZIP and ZSTD are supported). */
    public Builder optCodec(CompressionCodecName codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** Seed of the within-split shuffle at packing time (default 0), or {@code null} to keep input order. */
    public Builder optShuffleSeed(Long seed) {
      this.shuffleSeed = seed;
      return this;
    }

    /** Where shard files are assembled before upload (default {@code java.io.tmpdir}). */
    public Builder optTempDir(Path dir) {
      this.tempDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if the store or blob source is missing
     * @throws IllegalArgumentException if a size is not positive or the codec is not supported
     */
    public ShardWriter build() {
      if (store == null) {
        throw new IllegalStateException("store was not set; call setStore");
      }
      if (blobs == null) {
        throw new IllegalStateException("blob source was not set; call setBlobSource");
      }
      if (targetShardBytes <= 0) {
        throw new IllegalArgumentException("targetShardBytes must be > 0: " + targetShardBytes);
      }
      if (inlineThreshold < 0) {
        throw new IllegalArgumentException("inlineThreshold must be >= 0: " + inlineThreshold);
      }
      if (maxRecordsPerShard <= 0) {
        throw new IllegalArgumentException("maxRecordsPerShard must be > 0: " + maxRecordsPerShard);
      }
      switch (codec) {
        case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> { }
        default -> throw new IllegalArgumentException(
            "codec must be UNCOMPRESSED, SNAPPY, GZIP or ZSTD: " + codec);
      }
      return new ShardWriter(this);
    }
  }
}
