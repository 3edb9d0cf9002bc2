package dev.datamgmt.storage.reader;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.storage.shard.BlobSource;
import dev.datamgmt.storage.shard.ShardBatch;
import dev.datamgmt.storage.shard.ShardFile;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardInfo;
import dev.datamgmt.storage.shard.ShardSchema;
import dev.datamgmt.storage.shard.ShardSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a {@link ShardSet}: random access by index, and seeded epoch streams that are shuffled (shard order
 * plus a bounded shuffle buffer), partitioned by rank and worker so each sample is delivered exactly once per
 * epoch, resumable from a {@link ReaderCheckpoint}, and fed by prefetching the next shards on background
 * threads. See the package documentation for the shuffle's quality.
 *
 * <pre>{@code
 * try (DatasetReader reader = DatasetReader.builder()
 *     .setShards(ShardSet.load(store, versionId))
 *     .setStore(store)
 *     .optFilter(ShardFilter.builder().addSplit(Split.TRAIN).build())
 *     .optSeed(42)
 *     .build();
 *     EpochStream s = reader.stream(epoch, Partition.of(rank, worldSize))) {
 *   for (Sample x; (x = s.next()) != null; ) {
 *     train(x.data(), x.classIndex());
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe; each {@link EpochStream} is used by one thread at a time.
 */
public final class DatasetReader implements AutoCloseable {
  final ShardSet set;
  final BlobStore store;
  final BlobSource blobs;
  final ShardFilter filter;
  final long seed;
  final int shuffleBuffer;
  final boolean shuffleShards;
  final int prefetchShards;
  final BadRecordPolicy policy;
  final LabelKind expectedLabel;
  final Set<String> columns;
  final ExecutorService io;
  final BadRecordReport report = new BadRecordReport();
  final String plan;
  private final int[] counts;
  private final long[] storedPrefix;
  private final int cachedShards;
  private final LinkedHashMap<Integer, ShardBatch> cache;
  private volatile boolean closed;

  private DatasetReader(Builder b) throws DataException {
    this.set = b.set;
    this.store = b.store;
    this.blobs = b.blobs;
    this.filter = b.filter;
    this.seed = b.seed;
    this.shuffleBuffer = b.shuffleBuffer;
    this.shuffleShards = b.shuffleShards;
    this.prefetchShards = b.prefetchShards;
    this.policy = b.policy;
    this.expectedLabel = b.expectedLabel;
    this.cachedShards = b.cachedShards;
    Set<String> cols = new HashSet<>(Set.of(ShardSchema.DATA, ShardSchema.DATA_HASH, ShardSchema.DATA_SIZE,
        ShardSchema.MEDIA_TYPE));
    if (b.loadLabels || (expectedLabel != null && expectedLabel != LabelKind.CLASS)) {
      cols.add(ShardSchema.LABEL);
    }
    if (expectedLabel == LabelKind.CLASS) {
      cols.add(ShardSchema.LABEL);
    }
    if (b.loadRecords) {
      cols.add(ShardSchema.RECORD);
    }
    this.columns = Set.copyOf(cols);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "datamgmt-shard-prefetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.io = Executors.newFixedThreadPool(b.ioThreads, tf);
    this.cache = new LinkedHashMap<>(16, 0.75f, true);
    this.counts = new int[set.shards().size()];
    boolean ok = false;
    try {
      for (int i = 0; i < counts.length; i++) {
        int c = filter.count(set.shards().get(i));
        // Attribute criteria cannot be answered from the index: count by reading the shard once.
        counts[i] = c >= 0 ? c : loadBatch(i).rowCount();
      }
      ok = true;
    } finally {
      if (!ok) {
        io.shutdownNow();
      }
    }
    this.storedPrefix = new long[counts.length + 1];
    for (int i = 0; i < counts.length; i++) {
      storedPrefix[i + 1] = storedPrefix[i] + counts[i];
    }
    this.plan = fingerprint();
  }

  /** Starts a reader configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of records that pass the filter: the length of every epoch. */
  public long size() {
    return storedPrefix[counts.length];
  }

  /** The shard set being read. */
  public ShardSet shards() {
    return set;
  }

  /** What streams do with bad records. */
  public BadRecordPolicy badRecordPolicy() {
    return policy;
  }

  /** Samples skipped so far under {@link BadRecordPolicy#SKIP_AND_REPORT}, by every stream and {@link #get}. */
  public BadRecordReport report() {
    return report;
  }

  /**
   * The {@code index}-th record passing the filter, in shard-set order. Keeps the last few shards in memory
   * ({@link Builder#optCachedShards}), so nearby indices are cheap.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   * @throws DataException naming shard and record if the record is bad (whatever the policy: random access
   *     cannot skip)
   */
  public Sample get(long index) throws DataException {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index " + index + " not in [0, " + size() + ")");
    }
    int shard = Arrays.binarySearch(storedPrefix, index);
    shard = shard >= 0 ? shard : -shard - 2;
    while (counts[shard] == 0 || storedPrefix[shard + 1] <= index) {
      shard++;
    }
    ShardBatch b = cachedBatch(shard);
    return sample(b, shard, (int) (index - storedPrefix[shard]), index);
  }

  /** A stream over epoch {@code epoch}, for one participant. */
  public EpochStream stream(long epoch, Partition partition) throws DataException {
    EpochPlan p = new EpochPlan(this, epoch);
    LongRanges all = LongRanges.of(0, p.size());
    LongRanges piece = piece(all, partition);
    return new EpochStream(this, p, 0, partition.participants(), partition.participant(), piece, 0, List.of(), 0, 0);
  }

  /**
   * Continues a participant exactly where its checkpoint was taken: the next sample is the one that would
   * have followed.
   *
   * @throws IllegalArgumentException if the checkpoint is from another plan or participant
   */
  public EpochStream resume(ReaderCheckpoint c, Partition partition) throws DataException {
    checkPlan(c);
    if (c.participants() != partition.participants() || c.participant() != partition.participant()) {
      throw new IllegalArgumentException("checkpoint is for participant " + c.participant() + " of "
          + c.participants() + ", not " + partition.participant() + " of " + partition.participants()
          + "; to re-partition, resume from all participants' checkpoints");
    }
    EpochPlan p = new EpochPlan(this, c.epoch());
    return new EpochStream(this, p, c.generation(), c.participants(), c.participant(),
        LongRanges.fromPairs(c.piece()), c.read(), c.buffer(), c.emitted(), c.skipped());
  }

  /**
   * Resumes an epoch from the checkpoints of all its participants, for a possibly different partition. With
   * the same number of participants this is {@link #resume(ReaderCheckpoint, Partition)}; otherwise the samples
   * none of them delivered are re-partitioned, so each is still delivered exactly once.
   *
   * @throws IllegalArgumentException if the checkpoints are not exactly one per participant of one epoch
   */
  public EpochStream resume(List<ReaderCheckpoint> all, Partition partition) throws DataException {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no checkpoints to resume from");
    }
    ReaderCheckpoint first = all.get(0);
    boolean[] seen = new boolean[first.participants()];
    for (ReaderCheckpoint c : all) {
      checkPlan(c);
      if (c.epoch() != first.epoch() || c.generation() != first.generation()
          || c.participants() != first.participants()) {
        throw new IllegalArgumentException("checkpoints are from different epochs or partitions: epoch "
            + c.epoch() + "/" + first.epoch() + ", generation " + c.generation() + "/" + first.generation()
            + ", participants " + c.participants() + "/" + first.participants());
      }
      if (seen[c.participant()]) {
        throw new IllegalArgumentException("two checkpoints for participant " + c.participant());
      }
      seen[c.participant()] = true;
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        throw new IllegalArgumentException("no checkpoint for participant " + i + " of " + seen.length);
      }
    }
    if (first.participants() == partition.participants()) {
      return resume(all.stream().filter(c -> c.participant() == partition.participant()).findFirst().orElseThrow(),
          partition);
    }
    List<LongRanges> rem = new ArrayList<>();
    for (ReaderCheckpoint c : all) {
      rem.add(c.remaining());
    }
    LongRanges remaining = LongRanges.union(rem);
    EpochPlan p = new EpochPlan(this, first.epoch());
    return new EpochStream(this, p, first.generation() + 1, partition.participants(), partition.participant(),
        piece(remaining, partition), 0, List.of(), 0, 0);
  }

  private void checkPlan(ReaderCheckpoint c) {
    if (!c.plan().equals(plan)) {
      throw new IllegalArgumentException("checkpoint is for another shard set, filter or shuffle setting: plan "
          + c.plan() + ", this reader's plan " + plan);
    }
  }

  private static LongRanges piece(LongRanges all, Partition p) {
    long m = all.size();
    int n = p.participants();
    int q = p.participant();
    // Participant q gets ranks [q*m/n, (q+1)*m/n): sizes differ by at most one, nothing repeats.
    long from = Math.multiplyExact((long) q, m) / n;
    long to = Math.multiplyExact(q + 1L, m) / n;
    return all.slice(from, to);
  }

  int filteredCount(int shard) {
    return counts[shard];
  }

  /** Loads and parses a shard, checking its hash and its filtered row count. */
  ShardBatch loadBatch(int shard) throws DataException {
    ShardInfo info = set.shards().get(shard);
    byte[] bytes = store.get(info.key());
    if (bytes.length != info.bytes()) {
      throw new IntegrityException("shard size differs from its shard set", info.key(), info.bytes() + " bytes",
          bytes.length + " bytes");
    }
    ShardBatch b = ShardFile.read(bytes, info.key(), info.hash(), columns, filter);
    if (counts != null && plan != null && b.rowCount() != counts[shard]) {
      throw new IntegrityException("shard rows differ from its shard set", info.key(),
          counts[shard] + " rows passing " + filter, b.rowCount() + " rows");
    }
    return b;
  }

  private ShardBatch cachedBatch(int shard) throws DataException {
    synchronized (cache) {
      ShardBatch b = cache.get(shard);
      if (b != null) {
        return b;
      }
    }
    ShardBatch b = loadBatch(shard);
    synchronized (cache) {
      cache.put(shard, b);
      while (cache.size() > cachedShards) {
        Integer eldest = cache.keySet().iterator().next();
        cache.remove(eldest);
      }
    }
    return b;
  }

  /** Builds the sample for row {@code k} of a loaded batch, fetching a by-reference blob. */
  Sample sample(ShardBatch b, int shard, int k, long position) throws DataException {
    ShardInfo info = set.shards().get(shard);
    String id = b.id(k);
    byte[] data = b.data(k);
    String hash = b.dataHash(k);
    String mediaType = b.mediaType(k);
    if (data == null && hash != null) {
      if (blobs == null) {
        throw new IllegalStateException("shard " + info.key() + " stores record " + id
            + "'s blob by reference; build the reader with optBlobSource");
      }
      BlobRef ref = new BlobRef(ContentHash.parse(hash), b.dataSize(k), mediaType);
      data = blobs.read(ref);
      ref.hash().verify(data, info.key() + ", record " + id + " (blob " + hash + ")");
    }
    String labelJson = b.has(ShardSchema.LABEL) ? b.labelJson(k) : null;
    int cls = b.classIndex(k);
    if (expectedLabel != null) {
      checkLabel(info.key(), id, cls, labelJson);
    }
    String recordJson = b.has(ShardSchema.RECORD) ? b.recordJson(k) : null;
    return new Sample(info.firstIndex() + b.row(k), position, id, b.split(k), cls, data, mediaType, info.key(),
        b.row(k), labelJson, recordJson);
  }

  private void checkLabel(String shard, String id, int cls, String labelJson) throws DataException {
    if (expectedLabel == LabelKind.CLASS) {
      if (cls < 0) {
        String found = labelJson == null ? "no label" : kindOf(shard, id, labelJson);
        throw new InvalidDataException("wrong label type", shard + ", record " + id, "a CLASS label", found);
      }
      return;
    }
    if (labelJson == null) {
      throw new InvalidDataException("wrong label type", shard + ", record " + id, "a " + expectedLabel + " label",
          "no label");
    }
    String kind = kindOf(shard, id, labelJson);
    if (!kind.equals(expectedLabel.toString())) {
      throw new InvalidDataException("wrong label type", shard + ", record " + id, "a " + expectedLabel + " label",
          kind);
    }
  }

  private static String kindOf(String shard, String id, String labelJson) throws DataException {
    Label l = dev.datamgmt.core.internal.json.Json.read(labelJson, Label.class, shard + ", record " + id);
    return l.kind().toString();
  }

  private String fingerprint() {
    StringBuilder sb = new StringBuilder();
    for (ShardInfo s : set.shards()) {
      sb.append(s.hash()).append('\n');
    }
    sb.append(filter).append('\n').append(seed).append('\n').append(shuffleShards).append('\n').append(shuffleBuffer);
    return ContentHash.of(sb.toString().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32);
  }

  /** Stops the prefetch threads and drops cached shards. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      io.shutdownNow();
      synchronized (cache) {
        cache.clear();
      }
    }
  }

  /** Configures a {@link DatasetReader}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private ShardSet set;
    private BlobStore store;
    private BlobSource blobs;
    private ShardFilter filter = ShardFilter.all();
    private long seed;
    private int shuffleBuffer = 4096;
    private boolean shuffleShards = true;
    private int prefetchShards = 2;
    private int ioThreads = 2;
    private int cachedShards = 2;
    private BadRecordPolicy policy = BadRecordPolicy.FAIL;
    private LabelKind expectedLabel;
    private boolean loadLabels;
    private boolean loadRecords;

    private Builder() {}

    /** The shard set to read (required). */
    public Builder setShards(ShardSet set) {
      this.set = Objects.requireNonNull(set, "set");
      return this;
    }

    /** The store holding the shard files, e.g. a caching store in front of S3 (required). */
    public Builder setStore(BlobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where blobs stored by reference are read from, e.g. {@code version::readBlob}; needed if any are. */
    public Builder optBlobSource(BlobSource blobs) {
      this.blobs = Objects.requireNonNull(blobs, "blobs");
      return this;
    }

    /** Which records to read (default all). */
    public Builder optFilter(ShardFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Seed of the shard order and the shuffle buffer (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Shuffle buffer size in samples per stream (default 4096; 0 or 1 = no buffer shuffle). */
    public Builder optShuffleBuffer(int samples) {
      this.shuffleBuffer = samples;
      return this;
    }

    /** Whether each epoch visits shards in a seeded random order (default true). */
    public Builder optShuffleShards(boolean shuffle) {
      this.shuffleShards = shuffle;
      return this;
    }

    /** Shards each stream loads ahead of the one it is reading (default 2); bounds memory. */
    public Builder optPrefetchShards(int shards) {
      this.prefetchShards = shards;
      return this;
    }

    /** Threads fetching and parsing shards in the background (default 2). */
    public Builder optIoThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /** Shards kept in memory for random access (default 2). */
    public Builder optCachedShards(int shards) {
      this.cachedShards = shards;
      return this;
    }

    /** What to do with bad records in streams (default {@link BadRecordPolicy#FAIL}). */
    public Builder optBadRecordPolicy(BadRecordPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Treat a record whose label is missing or of another kind as bad (default: no check). */
    public Builder optExpectedLabel(LabelKind kind) {
      this.expectedLabel = kind;
      return this;
    }

    /** Whether samples carry their full label (boxes, masks, ...), not only a class index (default false). */
    public Builder optLoadLabels(boolean load) {
      this.loadLabels = load;
      return this;
    }

    /** Whether samples carry their whole record (default false). */
    public Builder optLoadRecords(boolean load) {
      this.loadRecords = load;
      return this;
    }

    /**
     * Validates, plans (reading every shard once if the filter has attribute criteria) and builds.
     *
     * @throws IllegalStateException if the shard set or store is missing
     * @throws IllegalArgumentException naming the first bad setting
     */
    public DatasetReader build() throws DataException {
      if (set == null) {
        throw new IllegalStateException("shard set was not set; call setShards");
      }
      if (store == null) {
        throw new IllegalStateException("store was not set; call setStore");
      }
      if (shuffleBuffer < 0) {
        throw new IllegalArgumentException("shuffleBuffer must be >= 0: " + shuffleBuffer);
      }
      if (prefetchShards < 0) {
        throw new IllegalArgumentException("prefetchShards must be >= 0: " + prefetchShards);
      }
      if (ioThreads < 1) {
        throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
      }
      if (cachedShards < 1) {
        throw new IllegalArgumentException("cachedShards must be >= 1: " + cachedShards);
      }
      return new DatasetReader(this);
    }
  }
}
