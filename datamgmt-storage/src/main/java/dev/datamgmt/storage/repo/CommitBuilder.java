package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the changes of one commit on a branch — records added, updated or removed, blobs stored, message,
 * author, schema, lineage — and {@link #commit() commits} them as a new version. Obtain one with
 * {@link Repository#commit(String)}; it is based on the branch head at that moment.
 *
 * <pre>{@code
 * DatasetVersion v = repo.commit("main")
 *     .addRecord(record)              // add or replace by id
 *     .removeRecord("img-17")
 *     .setMessage("relabel cats")
 *     .optAuthor("ana@example.com")
 *     .addLineage("source", "s3://bucket/raw/2024-05")
 *     .commit();
 * }</pre>
 *
 * <p>Cost: a commit on a base reads the base manifest's id column, decodes and re-encodes only the row groups
 * its changes touch, and copies the others byte for byte (see FORMAT.md "Manifests"), so committing a few
 * changes to a large version costs about what it changes; the version it returns decodes its records when they
 * are first asked for. A commit after {@link #removeAllRecords} or with a new schema (every record is then
 * validated against it) writes its manifest whole. Records are held until {@link #commit()}; a commit that writes
 * its manifest whole and gets its records in id order can instead stream them ({@link #startSortedRecords}), in
 * memory that does not grow with their number and with the same version id.
 *
 * <p>Crash safety: blobs, the manifest and the commit object are written first; the branch moves last, by
 * creating its next log entry only if absent. A failure anywhere leaves the previous head intact and at most
 * unreferenced objects (which {@link Repository#gc} removes). Not thread-safe; use one builder per thread.
 */
public final class CommitBuilder {
  private final Repository repo;
  private final String branch;
  private final RefStore.Entry base;
  private final TreeMap<String, Record> puts = new TreeMap<>();
  private final Set<String> removes = new HashSet<>();
  private final Set<ContentHash> storedBlobs = ConcurrentHashMap.newKeySet();
  private final List<ContentHash> extraParents = new ArrayList<>();
  private final TreeMap<String, String> lineage = new TreeMap<>();
  private boolean removeAll;
  private String message;
  private String author = System.getProperty("user.name", "");
  private DatasetSchema schema;
  private boolean schemaSet;
  private Provenance provenance;
  private boolean committed;
  private ManifestCodec.StreamWriter sorted; // non-null once startSortedRecords was called
  private Path sortedFile;
  private int sortedCount;
  private DatasetSchema sortedSchema;

  CommitBuilder(Repository repo, String branch, RefStore.Entry base) {
    this.repo = repo;
    this.branch = branch;
    this.base = base;
  }

  /** The commit this builder is based on, or null for the first commit of a new branch. */
  public ContentHash base() {
    return base == null ? null : base.commit();
  }

  /** The repository this commit goes to. */
  public Repository repository() {
    return repo;
  }

  /** The branch this commit will move. */
  public String branch() {
    return branch;
  }

  /** Stores a blob now (skipped if the repository already has it) and returns its reference. */
  public BlobRef putBlob(byte[] data, String mediaType) throws DataException {
    BlobRef ref = repo.putBlob(data, mediaType);
    storedBlobs.add(ref.hash());
    return ref;
  }

  /** Stores a local file as a blob and returns its reference. */
  public BlobRef putFile(Path file, String mediaType) throws DataException {
    byte[] data;
    try {
      data = java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot read file", file.toString(), "a readable file",
          e.toString(), e);
    }
    return putBlob(data, mediaType);
  }

  /**
   * Declares that a blob with this hash was stored in the repository by the caller (e.g. by a parallel
   * ingest), so {@link #commit()} need not check its existence. Thread-safe.
   */
  public CommitBuilder addStoredBlob(ContentHash hash) {
    storedBlobs.add(Objects.requireNonNull(hash, "hash"));
    return this;
  }

  /** Adds a record, or replaces the record with the same id. */
  public CommitBuilder addRecord(Record record) {
    checkOpen();
    checkNotSorted("addRecord");
    Objects.requireNonNull(record, "record");
    puts.put(record.id(), record);
    removes.remove(record.id());
    return this;
  }

  /**
   * Streams this commit's records straight into its manifest instead of collecting them: exactly {@code count}
   * records follow through {@link #addSortedRecord}, in strictly ascending id order, and the manifest is written
   * row group by row group as they arrive (to a temporary file, stored on {@link #commit()}), so memory stays
   * bounded whatever {@code count}. The new version holds exactly these records, and its id is the one the same
   * records added with {@link #addRecord} would give. Only for a commit that writes its manifest whole: the first
   * commit of a branch, or one after {@link #removeAllRecords()}; set a schema before, if any. Referenced blobs
   * are checked as each record arrives, so store them (or declare them with {@link #addStoredBlob}) first.
   *
   * @throws IllegalStateException if the branch has a base and {@link #removeAllRecords()} was not called, if
   *     records were added or removed already, or if streaming was started already
   * @throws IllegalArgumentException if {@code count < 0}
   */
  public CommitBuilder startSortedRecords(int count) throws DataException {
    checkOpen();
    if (count < 0) {
      throw new IllegalArgumentException("record count must be >= 0: " + count);
    }
    if (sorted != null) {
      throw new IllegalStateException("startSortedRecords was called already on this CommitBuilder");
    }
    if (base != null && !removeAll) {
      throw new IllegalStateException("startSortedRecords needs a commit that writes its manifest whole: the branch "
          + branch + " has a head (" + base.commit() + "); call removeAllRecords first or use addRecord");
    }
    if (!puts.isEmpty() || !removes.isEmpty()) {
      throw new IllegalStateException("startSortedRecords after addRecord/removeRecord: " + puts.size()
          + " records added, " + removes.size() + " removed; use one or the other");
    }
    try {
      sortedFile = java.nio.file.Files.createTempFile("datamgmt-manifest-", ".parquet");
      sortedFile.toFile().deleteOnExit();
      java.nio.file.Files.delete(sortedFile); // the Parquet writer creates it
      sorted = new ManifestCodec.StreamWriter(sortedFile, ManifestCodec.rowGroupRows(count));
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot create a temporary manifest file",
          String.valueOf(sortedFile), "a writable temporary directory", e.toString(), e);
    }
    sortedCount = count;
    sortedSchema = schemaSet ? schema : base == null ? null : repo.readCommit(base.commit()).schema().orElse(null);
    return this;
  }

  /**
   * Appends the next record of a {@link #startSortedRecords streamed} commit: validated against the schema and
   * its blobs checked now, then encoded; nothing of it is kept.
   *
   * @throws IllegalStateException if streaming was not started, or more records arrive than were announced
   * @throws IllegalArgumentException if its id is not greater than the previous record's
   * @throws NotFoundException if it references a blob the repository does not hold and that was not declared
   */
  public CommitBuilder addSortedRecord(Record record) throws DataException {
    checkOpen();
    Objects.requireNonNull(record, "record");
    if (sorted == null) {
      throw new IllegalStateException("addSortedRecord before startSortedRecords");
    }
    if (sorted.rows() >= sortedCount) {
      throw new IllegalStateException("more records than announced to startSortedRecords: " + sortedCount
          + " announced, record " + record.id() + " is one more");
    }
    if (sortedSchema != null) {
      sortedSchema.validate(record);
    }
    for (BlobRef b : ManifestVersion.blobsOf(record)) {
      if (!storedBlobs.contains(b.hash()) && !repo.hasBlob(b.hash())) {
        throw new NotFoundException("record references a blob the repository does not hold",
            "record " + record.id() + ", " + RepositoryKeys.objectKey(b.hash()), "a stored blob (use putBlob)",
            "none");
      }
    }
    try {
      sorted.write(ManifestRow.of(record));
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot write the temporary manifest file",
          sortedFile.toString(), "a writable temporary directory", e.toString(), e);
    }
    return this;
  }

  /** Adds or replaces several records. */
  public CommitBuilder addRecords(Collection<Record> records) {
    records.forEach(this::addRecord);
    return this;
  }

  /** Removes the record with this id (no effect if the base has none). */
  public CommitBuilder removeRecord(String id) {
    checkOpen();
    checkNotSorted("removeRecord");
    Objects.requireNonNull(id, "id");
    puts.remove(id);
    removes.add(id);
    return this;
  }

  /**
   * Discards the record changes collected so far (records added or removed, {@link #removeAllRecords}): the
   * commit starts again from the base's records. Message, author, schema, lineage and stored blobs are kept.
   */
  public CommitBuilder clearChanges() {
    checkOpen();
    checkNotSorted("clearChanges");
    puts.clear();
    removes.clear();
    removeAll = false;
    return this;
  }

  /** Starts from an empty record set instead of the base's records; records added afterwards are kept. */
  public CommitBuilder removeAllRecords() {
    clearChanges();
    removeAll = true;
    return this;
  }

  /** Applies a diff: its added and changed records are put, its removed records removed. */
  public CommitBuilder applyDiff(Diff diff) {
    diff.removed().forEach(r -> removeRecord(r.id()));
    diff.added().forEach(this::addRecord);
    diff.changed().forEach(c -> addRecord(c.after()));
    return this;
  }

  /** Sets the commit message (required). */
  public CommitBuilder setMessage(String message) {
    this.message = Objects.requireNonNull(message, "message");
    return this;
  }

  /** Sets the author (default: the {@code user.name} system property). */
  public CommitBuilder optAuthor(String author) {
    this.author = Objects.requireNonNull(author, "author");
    return this;
  }

  /**
   * Sets the dataset schema every record is validated against (default: the base's schema, if any); {@code null}
   * removes it.
   */
  public CommitBuilder optSchema(DatasetSchema schema) {
    checkNotSorted("optSchema");
    this.schema = schema;
    this.schemaSet = true;
    return this;
  }

  /** Adds a free-form lineage entry (source URI, code commit, tool settings...). */
  public CommitBuilder addLineage(String key, String value) {
    lineage.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds all entries of {@code entries} to the lineage. */
  public CommitBuilder addLineage(Map<String, String> entries) {
    entries.forEach(this::addLineage);
    return this;
  }

  /**
   * Records what made this version (the sources it was built from, the steps and their settings, seeds, the
   * code commit); it is stored in the commit and returned by {@link Commit#provenance()}. By default (or with
   * {@code null}) the commit records a provenance of kind {@value Commit#PROVENANCE_KIND} with the commit time
   * and {@link Provenance#currentEnvironment() the library, Java and OS versions}.
   */
  public CommitBuilder optProvenance(Provenance provenance) {
    this.provenance = provenance;
    return this;
  }

  /** Adds a second parent (used by merges). */
  CommitBuilder addParent(ContentHash parent) {
    extraParents.add(parent);
    return this;
  }

  private void checkNotSorted(String method) {
    if (sorted != null) {
      throw new IllegalStateException(method + " after startSortedRecords: a streamed commit takes its records "
          + "only through addSortedRecord");
    }
  }

  private void checkOpen() {
    if (committed) {
      throw new IllegalStateException("this CommitBuilder has already committed; start a new one with Repository.commit");
    }
  }

  /**
   * Writes the version and moves the branch to it.
   *
   * @return the new version
   * @throws IllegalStateException if no message was set or the builder already committed
   * @throws ConflictException if the branch moved since this builder was created (nothing is lost: call
   *     {@link Repository#commit(String)} again to build on the new head)
   * @throws dev.datamgmt.core.error.InvalidDataException if a record breaks the schema
   * @throws NotFoundException if a record references a blob the repository does not hold
   */
  public DatasetVersion commit() throws DataException {
    checkOpen();
    if (message == null) {
      throw new IllegalStateException("commit message was not set; call setMessage");
    }
    if (sorted != null) {
      return commitSorted();
    }
    Commit baseCommit = base == null ? null : repo.readCommit(base.commit());
    DatasetSchema baseSchema = baseCommit == null ? null : baseCommit.schema().orElse(null);
    DatasetSchema finalSchema = schemaSet ? schema : baseSchema;
    boolean schemaChanged = finalSchema != null && !Objects.equals(finalSchema, baseSchema);
    if (finalSchema != null) {
      for (Record r : puts.values()) {
        finalSchema.validate(r);
      }
    }
    TreeMap<String, ManifestRow> putRows = new TreeMap<>();
    for (Record r : puts.values()) {
      putRows.put(r.id(), ManifestRow.of(r));
    }
    ContentHash manifest;
    int recordCount;
    List<ManifestRow> merged = null; // null: the new version's rows are decoded from its manifest when asked for
    ManifestCodec.Patched patched = null;
    boolean incremental = baseCommit != null && !removeAll && !schemaChanged;
    if (incremental && putRows.isEmpty() && removes.isEmpty()) {
      checkBlobs();
      manifest = baseCommit.manifest(); // nothing changed: the same record table
      recordCount = Math.toIntExact(baseCommit.recordCount());
      merged = repo.objects().cachedManifest(manifest);
    } else if (incremental
        && (patched = repo.objects().patchManifest(baseCommit.manifest(), putRows, removes)) != null) {
      // the base's untouched row groups are copied, not decoded and re-encoded
      checkBlobs();
      List<ManifestRow> cachedBase = repo.objects().cachedManifest(baseCommit.manifest());
      merged = cachedBase == null ? null : merge(cachedBase, putRows);
      manifest = repo.objects().storeManifest(patched.bytes(), merged);
      recordCount = patched.rowCount();
    } else {
      List<ManifestRow> baseRows = baseCommit == null || removeAll ? List.of() : repo.objects().readManifest(baseCommit.manifest());
      merged = merge(baseRows, putRows);
      if (schemaChanged) {
        String location = "new schema";
        for (ManifestRow row : merged) {
          if (!puts.containsKey(row.id())) {
            finalSchema.validate(row.decode(location));
          }
        }
      }
      checkBlobs();
      manifest = repo.objects().writeManifest(merged);
      recordCount = merged.size();
    }
    Commit commit = writeCommitAndMove(manifest, recordCount, finalSchema);
    committed = true;
    return new ManifestVersion(repo, commit, merged != null ? merged
        : repo.objects().lazyRows(manifest, patched == null ? null : patched.bytes(), recordCount));
  }

  /** The end of a streamed commit: the manifest file is complete and stored, then the commit is written. */
  private DatasetVersion commitSorted() throws DataException {
    long rows = sorted.rows();
    if (rows != sortedCount) {
      throw new IllegalStateException("startSortedRecords announced " + sortedCount + " records, "
          + rows + " arrived");
    }
    ContentHash manifest;
    try {
      try {
        sorted.close();
      } catch (java.io.IOException e) {
        throw new dev.datamgmt.core.error.StorageException("cannot finish the temporary manifest file",
            sortedFile.toString(), "a writable temporary directory", e.toString(), e);
      }
      manifest = repo.objects().storeManifestFile(sortedFile);
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(sortedFile);
      } catch (java.io.IOException ignored) {
        // deleteOnExit stays registered
      }
    }
    Commit commit = writeCommitAndMove(manifest, sortedCount, sortedSchema);
    committed = true;
    return new ManifestVersion(repo, commit, repo.objects().lazyRows(manifest, null, sortedCount));
  }

  private Commit writeCommitAndMove(ContentHash manifest, int recordCount, DatasetSchema finalSchema)
      throws DataException {
    List<ContentHash> parents = new ArrayList<>();
    if (base != null) {
      parents.add(base.commit());
    }
    for (ContentHash p : extraParents) {
      if (!parents.contains(p)) {
        parents.add(p);
      }
    }
    java.time.Instant now = repo.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Provenance made = provenance != null ? provenance
        : Provenance.builder(Commit.PROVENANCE_KIND).optCreatedAt(now).build();
    Commit commit = repo.objects().writeCommit(
        Commit.encode(parents, manifest, recordCount, finalSchema, message, author, now, lineage, made));
    long seq = base == null ? 0 : base.seq() + 1;
    if (!repo.refs.append(RefStore.Kind.BRANCH, branch, seq, commit.id(), now)) {
      String found;
      try {
        found = "head moved to " + repo.refs.read(RefStore.Kind.BRANCH, branch, seq).commit();
      } catch (DataException e) {
        found = "entry " + seq + " exists";
      }
      throw new ConflictException("branch moved concurrently",
          repo.refs.location(RefStore.Kind.BRANCH, branch, seq),
          "head " + (base == null ? "absent (new branch)" : base.commit().toString()), found);
    }
    return commit;
  }

  /** The base rows with this builder's changes applied, in id order; unchanged rows are copied undecoded. */
  private List<ManifestRow> merge(List<ManifestRow> baseRows, TreeMap<String, ManifestRow> putRows) {
    return ManifestCodec.merge(baseRows, putRows, removes);
  }

  /** Every blob a new or changed record references must be in the repository: no dangling references. */
  private void checkBlobs() throws DataException {
    Set<ContentHash> known = storedBlobs;
    Set<ContentHash> wanted = new LinkedHashSet<>();
    for (Record r : puts.values()) {
      BlobRef main = r.blob().orElse(null);
      if (main != null && r.blobs().size() == 1 && !(r.label().orElse(null) instanceof dev.datamgmt.core.label.MaskLabel)) {
        if (!known.contains(main.hash())) { // the common case, without building a list
          wanted.add(main.hash());
        }
        continue;
      }
      for (BlobRef b : ManifestVersion.blobsOf(r)) {
        if (!known.contains(b.hash())) {
          wanted.add(b.hash());
        }
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    TreeSet<String> missingIds = new TreeSet<>();
    for (ContentHash h : wanted) {
      if (!repo.hasBlob(h)) {
        for (Record r : puts.values()) {
          if (ManifestVersion.blobsOf(r).stream().anyMatch(b -> b.hash().equals(h))) {
            missingIds.add(r.id());
          }
        }
        throw new NotFoundException("record references a blob the repository does not hold",
            "record " + missingIds.first() + ", " + RepositoryKeys.objectKey(h), "a stored blob (use putBlob)", "none");
      }
    }
  }
}
