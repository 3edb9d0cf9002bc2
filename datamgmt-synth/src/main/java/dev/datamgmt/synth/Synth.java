package dev.datamgmt.synth;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.internal.concurrent.Threads;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The entry point of synthetic generation: one sample by itself, or a range of samples generated in parallel and
 * committed as a new dataset version with provenance.
 *
 * <pre>{@code
 * Generator shapes = ShapesConfig.builder().setSize(128, 128).build().newGenerator();
 * DatasetVersion v = Synth.commit(shapes)
 *     .setRepository(repo)
 *     .setSeed(7)
 *     .setRange(0, 10_000)
 *     .optThreads(2)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Sample {@code i} is {@code generator.generate(i, Seeds.random(seed, i))}: it depends on (seed, i) alone, so
 * the committed blobs, records and manifest are the same for any thread count and any order of work.
 */
public final class Synth {
  /** The name of the provenance step a generated version records. */
  public static final String PROVENANCE_STEP = "synth";

  private Synth() {}

  /**
   * Sample {@code index} of {@code generator} under {@code seed}: exactly what a commit job stores for it.
   *
   * @throws GenerationException if the generator throws, naming the index and seed
   */
  public static GeneratedSample sample(Generator generator, long seed, long index) throws GenerationException {
    Objects.requireNonNull(generator, "generator");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    GeneratedSample s;
    try {
      s = generator.generate(index, Seeds.random(seed, index));
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      throw new GenerationException(generator.name(), index, seed, e);
    }
    if (s == null) {
      throw new GenerationException(generator.name(), index, seed,
          new NullPointerException("generate returned null"));
    }
    return s;
  }

  /** The record id of sample {@code index}: {@code prefix-} and the index zero-padded to 12 digits (sorts by index). */
  public static String recordId(String prefix, long index) {
    String digits = Long.toString(index);
    StringBuilder sb = new StringBuilder(prefix.length() + 1 + Math.max(12, digits.length())).append(prefix)
        .append('-');
    for (int k = digits.length(); k < 12; k++) {
      sb.append('0');
    }
    return sb.append(digits).toString();
  }

  /**
   * The provenance step a commit job records: generator name and version, canonical configuration JSON, seed,
   * index range and record-id prefix.
   */
  public static Provenance.Step provenanceStep(Generator generator, long seed, long from, long to, String idPrefix) {
    TreeMap<String, String> settings = new TreeMap<>();
    settings.put("generator", generator.name());
    settings.put("generatorVersion", generator.version());
    settings.put("configuration", Generators.configurationJson(generator));
    settings.put("seed", Long.toString(seed));
    settings.put("from", Long.toString(from));
    settings.put("to", Long.toString(to));
    settings.put("idPrefix", idPrefix);
    return new Provenance.Step(PROVENANCE_STEP, settings);
  }

  /** Starts a job that generates a range of samples and commits them as a new version. */
  public static CommitJob.Builder commit(Generator generator) {
    return new CommitJob.Builder(Objects.requireNonNull(generator, "generator"));
  }

  /**
   * Generates samples {@code [from, to)} in parallel and commits them (added to, or replacing by id, the branch's
   * records) as one new version. Immutable; {@link #run()} may be called again (a retry).
   *
   * <p><b>All or nothing.</b> If the generator throws on any sample, no commit is made and {@link #run()} throws a
   * {@link GenerationException} naming that index and the seed (with several threads, the first failure
   * observed). Blobs already packed are unreferenced and {@link Repository#gc} removes them.
   *
   * <p><b>Idempotent.</b> If the branch head was made by the same (generator, version, configuration, seed, range,
   * prefix) and holds exactly the records this job generates, {@link #run()} returns that version and commits
   * nothing: a retried job is harmless. On two repositories with the same base and clocks, two runs give the
   * same version id, because every part of the commit (records, provenance, time) is then the same.
   *
   * <p><b>Memory.</b> Into a new branch (no head yet) the job streams: records go into the manifest in id order
   * as chunks complete ({@link CommitBuilder#startSortedRecords}), a chunk that completes early waits in a reorder
   * window of at most four chunks per thread, and blob bytes wait in a {@link PackWriter} of
   * {@link Builder#optPackBytes} (held in small blocks), so the heap needed does not grow with the range beyond a
   * hash per blob. On a branch with a head the records are collected by the {@link CommitBuilder} until the commit
   * (the base's manifest is patched, as for any commit), so memory then grows with the range.
   */
  public static final class CommitJob {
    private final Generator generator;
    private final Repository repo;
    private final String branch;
    private final long seed;
    private final long from;
    private final long to;
    private final int threads;
    private final String idPrefix;
    private final String message;
    private final Clock clock;
    private final int packBytes;
    private final int chunk;

    private CommitJob(Builder b) {
      this.generator = b.generator;
      this.repo = b.repo;
      this.branch = b.branch;
      this.seed = b.seed;
      this.from = b.from;
      this.to = b.to;
      this.threads = b.threads;
      this.idPrefix = b.idPrefix != null ? b.idPrefix : b.generator.name();
      this.message = b.message != null ? b.message
          : "synthetic: " + b.generator.name() + " " + b.generator.version() + ", seed " + b.seed + ", samples ["
              + b.from + ", " + b.to + ")";
      this.clock = b.clock;
      this.packBytes = b.packBytes;
      this.chunk = b.chunk;
    }

    /** The provenance this job records (its creation time from the job's clock, to the millisecond). */
    public Provenance provenance() {
      return Provenance.builder(Commit.PROVENANCE_KIND)
          .optCreatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
          .addStep(provenanceStep(generator, seed, from, to, idPrefix))
          .addSeed("generator", seed)
          .build();
    }

    /**
     * Generates and commits.
     *
     * @return the new version, or the branch head if it already is this job's result
     * @throws GenerationException if the generator failed on a sample (nothing committed)
     * @throws DataException if storing or committing failed (nothing committed)
     */
    public DatasetVersion run() throws DataException {
      long n = to - from;
      if (n > Integer.MAX_VALUE) {
        throw new InvalidSettingException("range", "at most " + Integer.MAX_VALUE + " samples in one commit",
            "[" + from + ", " + to + ")");
      }
      Provenance.Step step = provenanceStep(generator, seed, from, to, idPrefix);
      CommitBuilder commit = repo.commit(branch);
      boolean done = false;
      try {
        boolean headCandidate = commit.base() != null && repo.readCommit(commit.base()).provenance()
            .map(p -> p.steps().contains(step)).orElse(false);
        commit.startSortedRecords((int) n);
        generateSorted(commit);
        if (headCandidate && !commit.sortedRecordsChangeBase()) {
          return commit.baseVersion(); // this job's result already: every record it made is there, unchanged
        }
        DatasetVersion v = commit.setMessage(message).optProvenance(provenance()).commit();
        done = true;
        return v;
      } finally {
        if (!done) {
          commit.abandon();
        }
      }
    }

    /**
     * Generates the range into a streamed commit: the records go into the manifest in id order (ids are
     * zero-padded indices, so index order) as the chunks complete, merged with the base's records if the branch
     * has a head. A chunk that completes before the ones below it waits in a reorder window of at most
     * {@link #window()} chunks; a worker does not claim a chunk beyond that window.
     */
    private void generateSorted(CommitBuilder commit) throws DataException {
      long n = to - from;
      long chunks = (n + chunk - 1) / chunk;
      int window = window();
      Object lock = new Object();
      long[] claimedAppended = {0, 0}; // next chunk to claim, next chunk to append
      java.util.HashMap<Long, List<Record>> ready = new java.util.HashMap<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      maxChunksWaiting.set(0);
      try (PackWriter packs = repo.newPackWriter(packBytes)) {
        Runnable worker = () -> {
          try {
            while (true) {
              long c;
              synchronized (lock) {
                while (failure.get() == null && claimedAppended[0] < chunks
                    && claimedAppended[0] - claimedAppended[1] >= window) {
                  lock.wait();
                }
                if (failure.get() != null || claimedAppended[0] >= chunks) {
                  return;
                }
                c = claimedAppended[0]++;
              }
              long start = from + c * chunk;
              long end = Math.min(to, start + chunk);
              List<Record> records = new ArrayList<>((int) (end - start));
              for (long i = start; i < end; i++) {
                if (failure.get() != null) {
                  return;
                }
                records.add(store(packs, commit, sample(generator, seed, i), i));
              }
              synchronized (lock) {
                ready.put(c, records);
                maxChunksWaiting.accumulateAndGet(ready.size(), Math::max);
                List<Record> next;
                while (failure.get() == null && (next = ready.remove(claimedAppended[1])) != null) {
                  for (Record r : next) {
                    commit.addSortedRecord(r);
                  }
                  claimedAppended[1]++;
                }
                lock.notifyAll();
              }
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
            synchronized (lock) {
              lock.notifyAll();
            }
          }
        };
        runWorkers(worker);
        Threads.rethrow(failure.get());
      }
    }

    /** Chunks a streaming run lets wait for a lower chunk: four per thread. */
    private int window() {
      return 4 * threads;
    }

    /** The most chunks that waited in the reorder window during the last streaming run (for tests). */
    static final AtomicLong maxChunksWaiting = new AtomicLong();

    /** Packs a sample's blobs, declares them stored, and returns its record. */
    private Record store(PackWriter packs, CommitBuilder commit, GeneratedSample s, long i) throws DataException {
      BlobRef main = s.data() == null ? null : packs.put(s.data().bytes(), s.data().mediaType());
      java.util.Map<String, BlobRef> extra = new java.util.TreeMap<>();
      for (java.util.Map.Entry<String, GeneratedSample.Blob> b : s.extraBlobs().entrySet()) {
        extra.put(b.getKey(), packs.put(b.getValue().bytes(), b.getValue().mediaType()));
      }
      // the pack writer is closed before the commit, so these blobs are stored by then: the commit need not
      // look each one up
      if (main != null) {
        commit.addStoredBlob(main.hash());
      }
      extra.values().forEach(b -> commit.addStoredBlob(b.hash()));
      return s.toRecord(recordId(idPrefix, i), main, extra);
    }

    private void runWorkers(Runnable worker) {
      List<Thread> started = new ArrayList<>();
      for (int t = 1; t < threads; t++) {
        Thread th = new Thread(worker, "synth-" + generator.name() + "-" + t);
        th.setDaemon(true);
        th.start();
        started.add(th);
      }
      worker.run();
      for (Thread th : started) {
        Threads.joinUninterruptibly(th);
      }
    }

    /** Builds a {@link CommitJob}; repository, seed and range are required. */
    public static final class Builder {
      private final Generator generator;
      private Repository repo;
      private String branch = Repository.DEFAULT_BRANCH;
      private Long seedSet;
      private long seed;
      private long from = -1;
      private long to = -1;
      private int threads = 1;
      private String idPrefix;
      private String message;
      private Clock clock = Clock.systemUTC();
      private int packBytes = PackWriter.DEFAULT_TARGET_BYTES;
      private int chunk = 64;

      private Builder(Generator generator) {
        this.generator = generator;
      }

      /** The repository to commit into (required). */
      public Builder setRepository(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
        return this;
      }

      /** The generator seed (required; 0 is a seed like any other). */
      public Builder setSeed(long seed) {
        this.seed = seed;
        this.seedSet = seed;
        return this;
      }

      /**
       * The samples to generate, {@code [from, to)} (required).
       *
       * @throws IllegalArgumentException if {@code from < 0} or {@code to < from}
       */
      public Builder setRange(long from, long to) {
        if (from < 0 || to < from) {
          throw new InvalidSettingException("range", "0 <= from <= to", "[" + from + ", " + to + ")");
        }
        this.from = from;
        this.to = to;
        return this;
      }

      /** The branch to commit on (default {@value Repository#DEFAULT_BRANCH}). */
      public Builder optBranch(String branch) {
        this.branch = Objects.requireNonNull(branch, "branch");
        return this;
      }

      /** Worker threads, including the caller's (default 1). */
      public Builder optThreads(int threads) {
        if (threads < 1) {
          throw new InvalidSettingException("threads", "at least 1", threads);
        }
        this.threads = threads;
        return this;
      }

      /** The record-id prefix (default: the generator's name); ids are {@link Synth#recordId}. */
      public Builder optIdPrefix(String idPrefix) {
        if (idPrefix == null || idPrefix.isBlank()) {
          throw new InvalidSettingException("idPrefix", "a non-blank prefix", idPrefix);
        }
        this.idPrefix = idPrefix;
        return this;
      }

      /** The commit message (default: generator, version, seed and range). */
      public Builder optMessage(String message) {
        this.message = Objects.requireNonNull(message, "message");
        return this;
      }

      /** The clock of the provenance's creation time (default UTC system clock). */
      public Builder optClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
      }

      /** The size at which buffered blobs are written as a pack (default {@link PackWriter#DEFAULT_TARGET_BYTES}). */
      public Builder optPackBytes(int packBytes) {
        if (packBytes < 1) {
          throw new InvalidSettingException("packBytes", "at least 1", packBytes);
        }
        this.packBytes = packBytes;
        return this;
      }

      /** How many consecutive indices a worker claims at a time (default 64); never changes the result. */
      public Builder optChunk(int chunk) {
        if (chunk < 1) {
          throw new InvalidSettingException("chunk", "at least 1", chunk);
        }
        this.chunk = chunk;
        return this;
      }

      /**
       * Builds the job.
       *
       * @throws IllegalStateException naming the first missing required setting
       */
      public CommitJob build() {
        if (repo == null) {
          throw new IllegalStateException("repository was not set; call setRepository");
        }
        if (seedSet == null) {
          throw new IllegalStateException("seed was not set; call setSeed");
        }
        if (from < 0) {
          throw new IllegalStateException("range was not set; call setRange");
        }
        return new CommitJob(this);
      }
    }
  }

}
