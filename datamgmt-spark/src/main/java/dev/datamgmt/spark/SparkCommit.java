package dev.datamgmt.spark;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.spark.internal.RowRecords;
import dev.datamgmt.spark.internal.SparkErrors;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Commits a DataFrame of records as one new version, exactly once: executors hash and pack the blobs and turn rows
 * into records in parallel; the driver adds the records the <em>succeeded</em> tasks reported and commits once
 * through the normal ref protocol (the branch moves by compare-and-swap).
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format("binaryFile").load("/data/raw/*.png")
 *     .selectExpr("regexp_extract(path, '([^/]+)$', 1) AS id", "content AS data", "'image/png' AS media_type");
 * DatasetVersion v = SparkCommit.builder()
 *     .setSource(RepositorySource.folder("/data/repo"))
 *     .setMessage("raw images of 2026-12-06")
 *     .build()
 *     .run(df);
 * }</pre>
 *
 * <p>Columns: {@code id} (string, required, unique); optional {@code split} (string), {@code label} (int class
 * index) or {@code label_json} (a label as in FORMAT.md "Labels"), {@code data} (binary: the main blob) or
 * {@code path} (a file URI read through the cluster's Hadoop file systems), {@code media_type} (default: guessed
 * from {@code path}, else {@code application/octet-stream}), {@code attributes_json}; every other string, integer,
 * floating-point or boolean column is an attribute of that name (nulls omitted). Other column types are refused
 * before any work starts.
 *
 * <p><b>Exactly once.</b> Spark keeps the result of exactly one successful attempt of each partition; a task
 * reports its records only after its packs and pack indexes are written, so a failed, retried or speculative
 * attempt leaves at most unreferenced packs (content-addressed; {@code Repository.gc} removes them) and never a
 * duplicate or lost record. The version id depends only on the records, the base, the message, author, schema,
 * lineage, provenance and the commit clock, never on how often a task ran. Duplicate ids in the input fail with
 * {@link InvalidDataException} naming the id, and nothing is committed.
 *
 * <p><b>Memory.</b> The driver holds the records (ids, blob references, labels, attributes) until the commit,
 * as any commit does: about the size of the manifest in memory (see benchmarks/README.md for the figures).
 */
public final class SparkCommit {
  private final RepositorySource source;
  private final String branch;
  private final String message;
  private final String author;
  private final DatasetSchema schema;
  private final Provenance provenance;
  private final Map<String, String> lineage;
  private final Clock clock;
  private final int packBytes;
  private final boolean replaceAll;

  private SparkCommit(Builder b) {
    this.source = b.source;
    this.branch = b.branch;
    this.message = b.message;
    this.author = b.author;
    this.schema = b.schema;
    this.provenance = b.provenance;
    this.lineage = new TreeMap<>(b.lineage);
    this.clock = b.clock;
    this.packBytes = b.packBytes;
    this.replaceAll = b.replaceAll;
  }

  /** Starts a commit configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Packs the DataFrame's blobs on the executors and commits its records as one new version on the branch.
   *
   * @return the new version
   * @throws IllegalArgumentException if the DataFrame lacks {@code id} or has a column of an unsupported type
   * @throws InvalidDataException if a row is bad (naming its id) or an id repeats
   * @throws dev.datamgmt.core.error.ConflictException if the branch moved during the job (nothing committed)
   */
  public DatasetVersion run(Dataset<Row> records) throws DataException {
    RowRecords task = new RowRecords(source, packBytes, records.schema());
    return commitReported(() -> records.mapPartitions(task, Encoders.STRING()).toLocalIterator(), schema);
  }

  /** What executors report: an iterator over record JSON, started when the commit asks for it. */
  @FunctionalInterface
  interface Reports {
    Iterator<String> start();
  }

  /**
   * Commits the records the tasks that succeeded reported (as record JSON, after writing their blobs), once.
   * Package-private: {@link SparkJsonLines} commits through it too.
   */
  DatasetVersion commitReported(Reports reports, DatasetSchema schemaToSet) throws DataException {
    Repository repo = source.open(clock);
    CommitBuilder commit = repo.commit(branch);
    if (replaceAll) {
      commit.removeAllRecords();
    }
    Set<String> ids = new HashSet<>();
    String where = source + " branch " + branch;
    SparkErrors.run("commit of " + where, () -> {
      Iterator<String> reported = reports.start();
      while (reported.hasNext()) {
        Record r = RowRecords.decode(reported.next());
        if (!ids.add(r.id())) {
          throw new InvalidDataException("duplicate record id in the input", where, "unique ids", r.id() + " twice");
        }
        for (BlobRef b : r.blobs().values()) {
          commit.addStoredBlob(b.hash()); // the reporting task wrote its packs and indexes before it reported
        }
        commit.addRecord(r);
      }
      return null;
    });
    commit.setMessage(message).addLineage(lineage);
    if (author != null) {
      commit.optAuthor(author);
    }
    if (schemaToSet != null) {
      commit.optSchema(schemaToSet);
    }
    if (provenance != null) {
      commit.optProvenance(provenance);
    }
    return commit.commit();
  }

  /** Configures a {@link SparkCommit}: {@code set*} required, {@code opt*} optional, {@code add*} accumulating. */
  public static final class Builder {
    private RepositorySource source;
    private String branch = Repository.DEFAULT_BRANCH;
    private String message;
    private String author;
    private DatasetSchema schema;
    private Provenance provenance;
    private final TreeMap<String, String> lineage = new TreeMap<>();
    private Clock clock = Clock.systemUTC();
    private int packBytes = PackWriter.DEFAULT_TARGET_BYTES;
    private boolean replaceAll;

    private Builder() {}

    /** The repository (required). */
    public Builder setSource(RepositorySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The commit message (required). */
    public Builder setMessage(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** The branch to commit on (default {@value Repository#DEFAULT_BRANCH}). */
    public Builder optBranch(String branch) {
      this.branch = Objects.requireNonNull(branch, "branch");
      return this;
    }

    /** The author (default: the driver's {@code user.name}). */
    public Builder optAuthor(String author) {
      this.author = Objects.requireNonNull(author, "author");
      return this;
    }

    /** The dataset schema every record is validated against. */
    public Builder optSchema(DatasetSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /** What made the version (default: the commit's default provenance). */
    public Builder optProvenance(Provenance provenance) {
      this.provenance = Objects.requireNonNull(provenance, "provenance");
      return this;
    }

    /** Adds a lineage entry (source URI, job name...). */
    public Builder addLineage(String key, String value) {
      lineage.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The clock of the commit time (default UTC system clock). */
    public Builder optClock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The size at which a task writes its buffered blobs as a pack (default 64 MiB). */
    public Builder optPackBytes(int packBytes) {
      if (packBytes < 1) {
        throw new IllegalArgumentException("packBytes must be >= 1: " + packBytes);
      }
      this.packBytes = packBytes;
      return this;
    }

    /**
     * Whether the version holds exactly the DataFrame's records (true) or the branch head's records with the
     * DataFrame's added or replaced by id (false, the default).
     */
    public Builder optReplaceAll(boolean replaceAll) {
      this.replaceAll = replaceAll;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming the first missing required setting
     */
    public SparkCommit build() {
      if (source == null) {
        throw new IllegalStateException("source was not set; call setSource");
      }
      if (message == null) {
        throw new IllegalStateException("message was not set; call setMessage");
      }
      return new SparkCommit(this);
    }
  }
}
