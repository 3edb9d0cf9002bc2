package dev.datamgmt.storage.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.storage.reader.BadRecordPolicy;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.EpochStream;
import dev.datamgmt.storage.reader.Partition;
import dev.datamgmt.storage.reader.ReaderCheckpoint;
import dev.datamgmt.storage.reader.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A streaming DJL {@link Dataset}: each {@link #getData(NDManager)} call iterates the next epoch of a
 * {@link DatasetReader} stream (shuffled, partitioned), decoding each batch on a thread pool while the previous
 * one trains. Every batch has its own sub-manager; close
 * the batch (DJL's training loop does) to free it.
 *
 * <p>{@link #lastCheckpoint()} is the reader state after the last batch handed out; save it with the model and
 * pass it to {@link Builder#optResumeFrom} to continue with exactly the next sample. The final batch of an
 * epoch may be smaller than the batch size: nothing is dropped or repeated.
 *
 * <pre>{@code
 * try (ShardStreamingDataset ds = ShardStreamingDataset.builder()
 *     .setReader(reader).setTensors(tensors).setBatchSize(128)
 *     .optPartition(Partition.of(rank, worldSize)).build()) {
 *   EasyTrain.fit(trainer, epochs, ds, null);
 * }
 * }</pre>
 */
public final class ShardStreamingDataset implements Dataset, AutoCloseable {
  private final DatasetReader reader;
  private final ImageTensors tensors;
  private final int batchSize;
  private final Partition partition;
  private final ExecutorService pool;
  private final int decodeThreads;
  private long nextEpoch;
  private List<ReaderCheckpoint> resumeFrom;
  private volatile ReaderCheckpoint lastCheckpoint;
  private final AtomicInteger decodeSkipped = new AtomicInteger();
  private boolean closed;

  private ShardStreamingDataset(Builder b) {
    this.reader = b.reader;
    this.tensors = b.tensors;
    this.batchSize = b.batchSize;
    this.partition = b.partition;
    this.decodeThreads = b.decodeThreads;
    this.nextEpoch = b.epoch;
    this.resumeFrom = b.resumeFrom;
    AtomicInteger n = new AtomicInteger();
    this.pool = decodeThreads <= 1 ? null : Executors.newFixedThreadPool(decodeThreads, r -> {
      Thread t = new Thread(r, "datamgmt-decode-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The epoch the next {@link #getData(NDManager)} call will iterate. */
  public synchronized long nextEpoch() {
    return nextEpoch;
  }

  /** The reader state after the last batch handed out, or null before the first. */
  public ReaderCheckpoint lastCheckpoint() {
    return lastCheckpoint;
  }

  /** Samples left out because their image did not decode (skip-and-report mode; also in the reader's report). */
  public int decodeSkipped() {
    return decodeSkipped.get();
  }

  /**
   * The next epoch's batches, or the rest of the resumed epoch. Iteration errors (bad records under
   * {@link BadRecordPolicy#FAIL}) surface as {@link UncheckedDataException} naming shard and record.
   */
  @Override
  public synchronized Iterable<Batch> getData(NDManager manager) {
    if (closed) {
      throw new IllegalStateException("dataset is closed");
    }
    EpochStream stream;
    try {
      if (resumeFrom != null) {
        stream = reader.resume(resumeFrom, partition);
        nextEpoch = resumeFrom.get(0).epoch() + 1;
        resumeFrom = null;
      } else {
        stream = reader.stream(nextEpoch, partition);
        nextEpoch++;
      }
    } catch (DataException e) {
      throw new UncheckedDataException(e);
    }
    EpochStream s = stream;
    boolean[] used = {false};
    return () -> {
      if (used[0]) {
        throw new IllegalStateException("an epoch's batches can be iterated once; call getData again");
      }
      used[0] = true;
      return new Batches(manager, s);
    };
  }

  @Override
  public void prepare(Progress progress) {
    // Shards stream in as they are read.
  }

  /** Stops the decode threads. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** A batch whose samples are pulled and whose decoding is under way. */
  private final class Pending {
    final List<Sample> samples;
    final byte[] pixels;
    final float[] floats;
    final List<Future<List<DataException>>> parts = new ArrayList<>();
    final ReaderCheckpoint checkpoint;
    final long progress;
    final long total;
    final long epoch;

    Pending(List<Sample> samples, ReaderCheckpoint checkpoint, long progress, long total, long epoch) {
      this.samples = samples;
      this.checkpoint = checkpoint;
      this.progress = progress;
      this.total = total;
      this.epoch = epoch;
      this.pixels = new byte[samples.size() * tensors.imageBytes()];
      this.floats = tensors.isFloat() ? new float[pixels.length] : null;
      int n = samples.size();
      int chunks = pool == null ? 1 : Math.min(decodeThreads, n);
      for (int c = 0; c < chunks; c++) {
        int from = c * n / chunks;
        int to = (c + 1) * n / chunks;
        if (pool == null) {
          parts.add(java.util.concurrent.CompletableFuture.completedFuture(decodeRange(from, to)));
        } else {
          parts.add(pool.submit(() -> decodeRange(from, to)));
        }
      }
    }

    private List<DataException> decodeRange(int from, int to) {
      List<DataException> bad = new ArrayList<>();
      for (int i = from; i < to; i++) {
        try {
          tensors.decode(samples.get(i), pixels, i * tensors.imageBytes());
        } catch (DataException e) {
          bad.add(e);
          continue;
        }
        if (floats != null) {
          // each image while its pixels are still in cache
          tensors.imageToFloats(pixels, floats, i * tensors.imageBytes());
        }
      }
      return bad;
    }

    Batch finish(NDManager manager) {
      List<DataException> bad = new ArrayList<>();
      for (Future<List<DataException>> f : parts) {
        try {
          bad.addAll(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while decoding a batch", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("decoding failed", e.getCause());
        }
      }
      List<Sample> keep = samples;
      byte[] px = pixels;
      float[] fl = floats;
      if (!bad.isEmpty()) {
        if (reader.badRecordPolicy() == BadRecordPolicy.FAIL) {
          throw new UncheckedDataException(bad.get(0));
        }
        java.util.Set<String> badLoc = new java.util.HashSet<>();
        for (DataException e : bad) {
          reader.report().add(e);
          decodeSkipped.incrementAndGet();
          badLoc.add(e.location());
        }
        keep = new ArrayList<>();
        px = new byte[pixels.length];
        fl = floats == null ? null : new float[floats.length];
        int ib = tensors.imageBytes();
        for (int i = 0; i < samples.size(); i++) {
          if (!badLoc.contains(samples.get(i).location())) {
            System.arraycopy(pixels, i * ib, px, keep.size() * ib, ib);
            if (fl != null) {
              System.arraycopy(floats, i * ib, fl, keep.size() * ib, ib);
            }
            keep.add(samples.get(i));
          }
        }
      }
      NDManager sub = manager.newSubManager();
      try {
        NDArray images = fl != null ? tensors.images(sub, fl, keep.size()) : tensors.images(sub, px, keep.size());
        NDArray labels = tensors.labels(sub, keep);
        long[] indices = keep.stream().mapToLong(Sample::index).toArray();
        List<Long> idx = new ArrayList<>(indices.length);
        for (long i : indices) {
          idx.add(i);
        }
        Batch b = new Batch(sub, new NDList(images), new NDList(labels), keep.size(), Batchifier.STACK,
            Batchifier.STACK, progress, total, idx);
        return b;
      } catch (DataException e) {
        sub.close();
        throw new UncheckedDataException(e);
      } catch (RuntimeException e) {
        sub.close();
        throw e;
      }
    }
  }

  private final class Batches implements Iterator<Batch> {
    private final NDManager manager;
    private final EpochStream stream;
    private Pending next;
    private boolean done;

    Batches(NDManager manager, EpochStream stream) {
      this.manager = manager;
      this.stream = stream;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = pull();
      }
      return next != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Pending p = next;
      next = null;
      Batch b = p.finish(manager);
      lastCheckpoint = p.checkpoint;
      // Start decoding the following batch while the caller trains on this one.
      if (!done) {
        next = pull();
      }
      return b;
    }

    private Pending pull() {
      List<Sample> samples = new ArrayList<>(batchSize);
      try {
        for (Sample s; samples.size() < batchSize && (s = stream.next()) != null; ) {
          samples.add(s);
        }
      } catch (DataException e) {
        done = true;
        stream.close();
        throw new UncheckedDataException(e);
      }
      if (samples.isEmpty()) {
        done = true;
        stream.close();
        return null;
      }
      return new Pending(samples, stream.checkpoint(), stream.emitted(), stream.planned(), stream.epoch());
    }
  }

  /** Configures a {@link ShardStreamingDataset}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private DatasetReader reader;
    private ImageTensors tensors;
    private int batchSize;
    private Partition partition = Partition.ALL;
    private int decodeThreads = Runtime.getRuntime().availableProcessors();
    private long epoch;
    private List<ReaderCheckpoint> resumeFrom;

    private Builder() {}

    /** The reader to stream (required). */
    public Builder setReader(DatasetReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** How images and labels become arrays (required). */
    public Builder setTensors(ImageTensors tensors) {
      this.tensors = Objects.requireNonNull(tensors, "tensors");
      return this;
    }

    /** Samples per batch (required, > 0). */
    public Builder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** This process's rank and worker share (default: everything). */
    public Builder optPartition(Partition partition) {
      this.partition = Objects.requireNonNull(partition, "partition");
      return this;
    }

    /** Threads decoding images (default: available processors; 1 decodes on the caller's thread). */
    public Builder optDecodeThreads(int threads) {
      this.decodeThreads = threads;
      return this;
    }

    /** The first epoch's number (default 0); each {@code getData} call moves to the next. */
    public Builder optEpoch(long epoch) {
      this.epoch = epoch;
      return this;
    }

    /** Make the first {@code getData} call continue this checkpoint's epoch at exactly the next sample. */
    public Builder optResumeFrom(ReaderCheckpoint checkpoint) {
      this.resumeFrom = checkpoint == null ? null : List.of(checkpoint);
      return this;
    }

    /**
     * Make the first {@code getData} call continue an epoch from the checkpoints of all its participants, on
     * this dataset's partition, which may belong to a different world size: the samples none of them delivered
     * are shared out again, each delivered exactly once.
     */
    public Builder optResumeFromAll(List<ReaderCheckpoint> checkpoints) {
      this.resumeFrom = checkpoints == null ? null : List.copyOf(checkpoints);
      return this;
    }

    /** Validates and builds. */
    public ShardStreamingDataset build() {
      if (reader == null) {
        throw new IllegalStateException("reader was not set; call setReader");
      }
      if (tensors == null) {
        throw new IllegalStateException("tensors were not set; call setTensors");
      }
      if (batchSize == 0) {
        throw new IllegalStateException("batchSize was not set; call setBatchSize");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("batchSize must be > 0: " + batchSize);
      }
      if (decodeThreads < 1) {
        throw new IllegalArgumentException("decodeThreads must be >= 1: " + decodeThreads);
      }
      if (epoch < 0) {
        throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
      }
      return new ShardStreamingDataset(this);
    }
  }
}
