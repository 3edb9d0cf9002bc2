package dev.datamgmt.spark;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.spark.internal.Reports;
import dev.datamgmt.spark.internal.RowRecords;
import dev.datamgmt.spark.internal.SparkErrors;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code Synth.commit} on Spark: the index range {@code [from, to)} is cut into contiguous slices, each generated
 * and packed by one task, and committed by the driver as one version. Sample {@code i} is
 * {@code generate(i, Seeds.random(seed, i))} wherever it runs, and the commit's records, message and provenance are
 * those of {@link Synth.CommitJob}, so the version equals the single-JVM one (same records, blobs, manifest and,
 * with the same base, clock and author, the same version id) for any partition count.
 *
 * <pre>{@code
 * DatasetVersion v = SparkSynth.builder(GeneratorFactory.of(ShapesConfig.builder().build()))
 *     .setSource(RepositorySource.folder("/data/repo"))
 *     .setSeed(7)
 *     .setRange(0, 1_000_000)
 *     .build()
 *     .run(spark);
 * }</pre>
 *
 * <p>Exactly once and idempotent like {@link SparkCommit} and {@link Synth.CommitJob}: a task reports its records
 * only after its packs are written; if the branch head already is this job's result, {@link #run} returns it and
 * commits nothing.
 */
public final class SparkSynth {
  private final GeneratorFactory factory;
  private final RepositorySource source;
  private final String branch;
  private final long seed;
  private final long from;
  private final long to;
  private final String idPrefix;
  private final String message;
  private final Clock clock;
  private final int packBytes;
  private final int slices;

  private SparkSynth(Builder b, Generator g) {
    this.factory = b.factory;
    this.source = b.source;
    this.branch = b.branch;
    this.seed = b.seed;
    this.from = b.from;
    this.to = b.to;
    this.idPrefix = b.idPrefix != null ? b.idPrefix : g.name();
    this.message = b.message != null ? b.message
        : "synthetic: " + g.name() + " " + g.version() + ", seed " + b.seed + ", samples [" + b.from + ", " + b.to
            + ")";
    this.clock = b.clock;
    this.packBytes = b.packBytes;
    this.slices = b.slices;
  }

  /** Starts a job for the generator the factory makes. */
  public static Builder builder(GeneratorFactory factory) {
    return new Builder(Objects.requireNonNull(factory, "factory"));
  }

  /**
   * Generates on the executors and commits.
   *
   * @return the new version, or the branch head if it already is this job's result
   * @throws dev.datamgmt.synth.GenerationException if the generator failed on a sample (nothing committed)
   */
  public DatasetVersion run(SparkSession spark) throws DataException {
    Generator g = create(factory);
    Repository repo = source.open(clock);
    Synth.CommitJob same = Synth.commit(g).setRepository(repo).setSeed(seed).setRange(from, to)
        .optBranch(branch).optIdPrefix(idPrefix).optMessage(message).optClock(clock).build();
    Provenance provenance = same.provenance();
    Provenance.Step step = Synth.provenanceStep(g, seed, from, to, idPrefix);
    int n = (int) Math.max(1, Math.min(slices > 0 ? slices : spark.sparkContext().defaultParallelism() * 4L,
        Math.max(1, to - from)));
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long a = from + (to - from) * i / n;
      long b = from + (to - from) * (i + 1) / n;
      ranges.add(new long[] {a, b});
    }
    GeneratorFactory f = factory;
    RepositorySource src = source;
    int pb = packBytes;
    long s = seed;
    String prefix = idPrefix;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Iterator<String> reported = SparkErrors.run("generation into " + source + " " + branch,
        () -> jsc.parallelize(ranges, n).mapPartitions(it -> generate(it, f, src, pb, s, prefix)).toLocalIterator());
    // The records arrive in id order (slices in order, each in index order; ids are zero-padded indices), so they
    // stream into the manifest as Synth.CommitJob streams them: merged with the head's records if the branch has
    // one, in bounded memory, and giving the same version as the single-JVM job.
    CommitBuilder commit = repo.commit(branch);
    boolean done = false;
    try {
      boolean headCandidate = commit.base() != null && repo.readCommit(commit.base()).provenance()
          .map(p -> p.steps().contains(step)).orElse(false);
      if (to - from > Integer.MAX_VALUE) {
        throw new dev.datamgmt.synth.InvalidSettingException("range",
            "at most " + Integer.MAX_VALUE + " samples in one commit", "[" + from + ", " + to + ")");
      }
      commit.startSortedRecords((int) (to - from));
      SparkErrors.run("generation into " + source + " " + branch, () -> {
        for (Record r : (Iterable<Record>) () -> new Decoding(reported)) {
          for (BlobRef b : r.blobs().values()) {
            commit.addStoredBlob(b.hash()); // the reporting task wrote its packs and indexes before it reported
          }
          commit.addSortedRecord(r);
        }
        return null;
      });
      if (headCandidate && !commit.sortedRecordsChangeBase()) {
        return commit.baseVersion(); // this job's result already: every record it made is there, unchanged
      }
      DatasetVersion v = commit.setMessage(message).optProvenance(provenance).commit();
      done = true;
      return v;
    } finally {
      if (!done) {
        commit.abandon();
      }
    }
  }

  private static Generator create(GeneratorFactory f) {
    try {
      return Objects.requireNonNull(f.create(), "generator factory returned null");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("generator factory failed: " + e, e);
    }
  }

  private static Iterator<String> generate(Iterator<long[]> ranges, GeneratorFactory f, RepositorySource src,
      int packBytes, long seed, String prefix) {
    Generator g = create(f);
    List<String> out = new ArrayList<>();
    try (PackWriter packs = src.repository().newPackWriter(packBytes)) {
      while (ranges.hasNext()) {
        long[] r = ranges.next();
        for (long i = r[0]; i < r[1]; i++) {
          GeneratedSample sample;
          try {
            sample = Synth.sample(g, seed, i);
          } catch (DataException e) {
            return List.of(Reports.error(e)).iterator(); // the generator failed: reported, not retried
          }
          if (sample.data() != null) {
            packs.put(sample.data().bytes(), sample.data().mediaType());
          }
          for (GeneratedSample.Blob b : sample.extraBlobs().values()) {
            packs.put(b.bytes(), b.mediaType());
          }
          out.add(Reports.record(sample.toRecord(Synth.recordId(prefix, i))));
        }
      }
    } catch (DataException e) {
      throw new UncheckedDataException(e);
    }
    return out.iterator();
  }

  /** Decodes reported records, turning a bad report into an unchecked error. */
  private static final class Decoding implements Iterator<Record> {
    private final Iterator<String> in;

    Decoding(Iterator<String> in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Record next() {
      try {
        return RowRecords.decode(in.next());
      } catch (DataException e) {
        throw new UncheckedDataException(e);
      }
    }
  }

  /** Configures a {@link SparkSynth}: source, seed and range are required. */
  public static final class Builder {
    private final GeneratorFactory factory;
    private RepositorySource source;
    private String branch = Repository.DEFAULT_BRANCH;
    private Long seedSet;
    private long seed;
    private long from = -1;
    private long to = -1;
    private String idPrefix;
    private String message;
    private Clock clock = Clock.systemUTC();
    private int packBytes = PackWriter.DEFAULT_TARGET_BYTES;
    private int slices;

    private Builder(GeneratorFactory factory) {
      this.factory = factory;
    }

    /** The repository (required). */
    public Builder setSource(RepositorySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The generator seed (required). */
    public Builder setSeed(long seed) {
      this.seed = seed;
      this.seedSet = seed;
      return this;
    }

    /**
     * The samples {@code [from, to)} (required).
     *
     * @throws IllegalArgumentException if {@code from < 0} or {@code to < from}
     */
    public Builder setRange(long from, long to) {
      if (from < 0 || to < from) {
        throw new IllegalArgumentException("range must satisfy 0 <= from <= to: [" + from + ", " + to + ")");
      }
      this.from = from;
      this.to = to;
      return this;
    }

    /** The branch (default {@value Repository#DEFAULT_BRANCH}). */
    public Builder optBranch(String branch) {
      this.branch = Objects.requireNonNull(branch, "branch");
      return this;
    }

    /** The record-id prefix (default: the generator's name). */
    public Builder optIdPrefix(String idPrefix) {
      if (idPrefix == null || idPrefix.isBlank()) {
        throw new IllegalArgumentException("idPrefix must be non-blank: " + idPrefix);
      }
      this.idPrefix = idPrefix;
      return this;
    }

    /** The commit message (default: that of {@code Synth.commit}). */
    public Builder optMessage(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** The clock of the commit and provenance time (default UTC system clock). */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The pack size of each task's pack writer (default 64 MiB). */
    public Builder optPackBytes(int packBytes) {
      if (packBytes < 1) {
        throw new IllegalArgumentException("packBytes must be >= 1: " + packBytes);
      }
      this.packBytes = packBytes;
      return this;
    }

    /** How many tasks share the range (default: 4 per default-parallelism slot); never changes the result. */
    public Builder optSlices(int slices) {
      if (slices < 1) {
        throw new IllegalArgumentException("slices must be >= 1: " + slices);
      }
      this.slices = slices;
      return this;
    }

    /**
     * Validates and builds (the factory makes one generator here, for its name and version).
     *
     * @throws IllegalStateException naming the first missing required setting
     */
    public SparkSynth build() {
      if (source == null) {
        throw new IllegalStateException("source was not set; call setSource");
      }
      if (seedSet == null) {
        throw new IllegalStateException("seed was not set; call setSeed");
      }
      if (from < 0) {
        throw new IllegalStateException("range was not set; call setRange");
      }
      return new SparkSynth(this, create(factory));
    }
  }
}
