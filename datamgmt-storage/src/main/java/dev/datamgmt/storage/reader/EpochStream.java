package dev.datamgmt.storage.reader;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.storage.shard.ShardBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One participant's samples of one epoch, in shuffled order. Call {@link #next()} until it returns null;
 * {@link #checkpoint()} at any point captures exactly what has been delivered. Not thread-safe; close it to
 * stop its prefetching.
 */
public final class EpochStream implements AutoCloseable {
  private final DatasetReader reader;
  private final EpochPlan plan;
  private final int generation;
  private final int participants;
  private final int participant;
  private final LongRanges piece;
  private final int bufferSize;
  private final ArrayList<Sample> buffer = new ArrayList<>();
  /** {@code positions[i] == buffer.get(i).position()}, kept in step, so a checkpoint is one array copy. */
  private long[] positions = new long[16];
  private final ArrayDeque<Integer> upcoming = new ArrayDeque<>();
  private final Map<Integer, CompletableFuture<ShardBatch>> window = new HashMap<>();
  private LongRanges.Cursor cursor;
  private long read;
  private long emitted;
  private long skipped;
  private int current = -1;
  /** The order index of the last position read: the next one is usually in the same shard. */
  private int lastOrderIndex = -1;
  private boolean closed;

  EpochStream(DatasetReader reader, EpochPlan plan, int generation, int participants, int participant,
      LongRanges piece, long read, List<Long> bufferPositions, long emitted, long skipped) throws DataException {
    this.reader = reader;
    this.plan = plan;
    this.generation = generation;
    this.participants = participants;
    this.participant = participant;
    this.piece = piece;
    this.bufferSize = Math.max(1, reader.shuffleBuffer);
    this.read = read;
    this.emitted = emitted;
    this.skipped = skipped;
    this.cursor = piece.cursor(read);
    planShards();
    restoreBuffer(bufferPositions);
  }

  /** The epoch. */
  public long epoch() {
    return plan.epoch;
  }

  /** Samples this participant is to deliver in this epoch (delivered + skipped + still to come). */
  public long planned() {
    return piece.size();
  }

  /** Samples delivered so far. */
  public long emitted() {
    return emitted;
  }

  /** Planned samples left out as bad so far (skip-and-report mode); also in the reader's report. */
  public long skipped() {
    return skipped;
  }

  /**
   * The next sample, or null at the end of this participant's share of the epoch.
   *
   * @throws DataException naming shard and record, for a bad record under {@link BadRecordPolicy#FAIL}
   */
  public Sample next() throws DataException {
    if (closed) {
      throw new IllegalStateException("epoch stream is closed");
    }
    while (buffer.size() < bufferSize && cursor.hasNext()) {
      long pos = cursor.next();
      Sample s;
      try {
        s = sampleAt(pos);
      } catch (DataException | RuntimeException e) {
        // leave the failed position unread, so a checkpoint taken now still covers it
        cursor = piece.cursor(read);
        throw e;
      }
      read++;
      if (s != null) {
        add(s);
      }
    }
    int n = buffer.size();
    if (n == 0) {
      return null;
    }
    int j = n == 1 ? 0
        : Seeds.random(Seeds.derive(reader.seed, plan.epoch, emitted), ((long) generation << 32) | participant).nextInt(n);
    Sample s = buffer.get(j);
    buffer.set(j, buffer.get(n - 1));
    positions[j] = positions[n - 1];
    buffer.remove(n - 1);
    emitted++;
    return s;
  }

  private void add(Sample s) {
    int n = buffer.size();
    if (n == positions.length) {
      positions = java.util.Arrays.copyOf(positions, Math.max(16, n * 2));
    }
    positions[n] = s.position();
    buffer.add(s);
  }

  /** The state after the last sample {@link #next()} returned; resume it with {@link DatasetReader#resume}. */
  public ReaderCheckpoint checkpoint() {
    int n = buffer.size();
    return new ReaderCheckpoint(reader.plan, plan.epoch, generation, participants, participant, piece.pairs(), read,
        new ReaderCheckpoint.Positions(java.util.Arrays.copyOf(positions, n), n), emitted, skipped);
  }

  private Sample sampleAt(long pos) throws DataException {
    int oi = lastOrderIndex;
    if (oi < 0 || pos < plan.prefix[oi] || pos >= plan.prefix[oi + 1]) {
      oi = plan.orderIndexOf(pos);
      lastOrderIndex = oi;
    }
    int shard = plan.order[oi];
    int k = (int) (pos - plan.prefix[oi]);
    ShardBatch b;
    try {
      b = batch(shard);
    } catch (DataException e) {
      return skipOrThrow(e);
    }
    try {
      return reader.sample(b, shard, k, pos);
    } catch (DataException e) {
      return skipOrThrow(e);
    }
  }

  private Sample skipOrThrow(DataException e) throws DataException {
    if (reader.policy == BadRecordPolicy.FAIL) {
      throw e;
    }
    reader.report.add(e);
    skipped++;
    return null;
  }

  /** The batch of {@code shard}, from the prefetch window; moving to a new shard releases the old one. */
  private ShardBatch batch(int shard) throws DataException {
    if (shard != current) {
      current = shard;
      // Shards are visited in plan order, so everything before this one in the queue is done.
      while (!upcoming.isEmpty()) {
        if (upcoming.pollFirst() == shard) {
          break;
        }
      }
      java.util.Set<Integer> keep = new java.util.HashSet<>();
      keep.add(shard);
      int ahead = 0;
      for (int s : upcoming) {
        if (ahead++ >= reader.prefetchShards) {
          break;
        }
        keep.add(s);
      }
      window.entrySet().removeIf(e -> {
        if (!keep.contains(e.getKey())) {
          e.getValue().cancel(true);
          return true;
        }
        return false;
      });
      window.computeIfAbsent(shard, this::load);
      schedule();
    }
    CompletableFuture<ShardBatch> f = window.get(shard);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while loading shard", reader.set.shards().get(shard).key(),
          "a loaded shard", "interrupt", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DataException de) {
        throw de;
      }
      throw new StorageException("cannot load shard", reader.set.shards().get(shard).key(), "a loaded shard",
          String.valueOf(e.getCause()), e.getCause());
    }
  }

  private void schedule() {
    int ahead = 0;
    for (int s : upcoming) {
      if (ahead++ >= reader.prefetchShards) {
        break;
      }
      window.computeIfAbsent(s, this::load);
    }
  }

  private CompletableFuture<ShardBatch> load(int shard) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return reader.loadBatch(shard);
      } catch (DataException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, reader.io);
  }

  /** The distinct shards this stream will visit, in order, from its read position on. */
  private void planShards() {
    LongRanges rest = piece.slice(read, piece.size());
    int last = -1;
    for (long[] r : rest.pairs()) {
      int a = plan.orderIndexOf(r[0]);
      int b = plan.orderIndexOf(r[1] - 1);
      for (int oi = a; oi <= b; oi++) {
        int s = plan.order[oi];
        if (s != last) {
          upcoming.add(s);
          last = s;
        }
      }
    }
    schedule();
  }

  private void restoreBuffer(List<Long> positions) throws DataException {
    // Buffered samples come from shards already passed: read them directly, not through the window.
    Map<Integer, ShardBatch> loaded = new HashMap<>();
    for (long pos : positions) {
      int oi = plan.orderIndexOf(pos);
      int shard = plan.order[oi];
      ShardBatch b = loaded.get(shard);
      if (b == null) {
        b = reader.loadBatch(shard);
        loaded.put(shard, b);
      }
      add(reader.sample(b, shard, (int) (pos - plan.prefix[oi]), pos));
    }
  }

  /** Stops prefetching and drops loaded shards. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      window.values().forEach(f -> f.cancel(true));
      window.clear();
      buffer.clear();
      positions = new long[0];
    }
  }
}
