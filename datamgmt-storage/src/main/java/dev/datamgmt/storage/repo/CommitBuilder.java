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
 * validated against it) writes its manifest whole. Records are held until {@link #commit()}; a commit that gets
 * its records in id order can instead stream them ({@link #startSortedRecords}), merged with the base's records
 * as they arrive, in memory that does not grow with their number or the base's.
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
  private long sortedArrived;
  private String lastSortedId;
  private int sortedGroupRows;
  private DatasetSchema sortedSchema;
  private ManifestCodec.StreamReader sortedBase; // a streamed commit onto a base: the base's rows, merged in
  private Path sortedBaseFile;
  private String sortedBaseLocation;
  private DatasetSchema sortedBaseCheck; // non-null: the base's rows are validated against this new schema
  private boolean sortedChangesBase;
  private boolean abandoned;

  CommitBuilder(Repository repo, String branch, RefStore.Entry base) {
    this.repo = repo;
    this.branch = branch;
    this.base = base;
  }

  /** The commit this builder is based on, or null for the first commit of a new branch. */
  public ContentHash base() {
    return base == null ? null : base.commit();
  }

  /**
   * The version this builder is based on, or null for the first commit of a new branch. Its records are decoded
   * from the manifest only when first asked for, so holding it costs nothing until then (unlike
   * {@link Repository#checkout}, which reads the manifest at once).
   */
  public DatasetVersion baseVersion() throws DataException {
    if (base == null) {
      return null;
    }
    Commit c = repo.readCommit(base.commit());
    return new ManifestVersion(repo, c, repo.objects().lazyRows(c.manifest(), null, Math.toIntExact(c.recordCount())));
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
   * bounded whatever {@code count}. On a branch with a head each record is added, or replaces the base's record
   * with its id (as {@link #addRecord} does): the base's manifest is copied to a temporary file and read one row
   * group at a time, merged with the arriving records, so memory does not grow with the base either. The new
   * version holds exactly the records {@link #addRecord} would give, and its manifest is written whole, so its
   * id is that of {@link #removeAllRecords()} followed by those records (a commit of a few changes to a large
   * version costs less through {@link #addRecord}, which copies the row groups it does not touch). Set a schema
   * before, if any; on a base with another schema the base's records are validated against it as they pass.
   * Referenced blobs are checked as each record arrives, so store them (or declare them with
   * {@link #addStoredBlob}) first. A streamed commit that is given up holds temporary files until
   * {@link #abandon()}.
   *
   * @throws IllegalStateException if records were added or removed already, or if streaming was started already
   * @throws IllegalArgumentException if {@code count < 0}
   * @throws dev.datamgmt.core.error.IntegrityException if the base's manifest does not match its hash
   */
  public CommitBuilder startSortedRecords(int count) throws DataException {
    checkOpen();
    if (count < 0) {
      throw new IllegalArgumentException("record count must be >= 0: " + count);
    }
    if (sorted != null) {
      throw new IllegalStateException("startSortedRecords was called already on this CommitBuilder");
    }
    if (!puts.isEmpty() || !removes.isEmpty()) {
      throw new IllegalStateException("startSortedRecords after addRecord/removeRecord: " + puts.size()
          + " records added, " + removes.size() + " removed; use one or the other");
    }
    Commit baseCommit = base == null ? null : repo.readCommit(base.commit());
    DatasetSchema baseSchema = baseCommit == null ? null : baseCommit.schema().orElse(null);
    boolean merge = baseCommit != null && !removeAll;
    sortedSchema = schemaSet ? schema : baseSchema;
    // the group size a whole write of the final records gets, if no arriving record replaces one of the base's;
    // commit() regroups in the rare case where replacements move the count below a power of two
    long foreseen = (merge ? baseCommit.recordCount() : 0) + count;
    sortedGroupRows = ManifestCodec.rowGroupRows((int) Math.min(Integer.MAX_VALUE, foreseen));
    sortedCount = count;
    sortedChangesBase = !merge;
    try {
      if (merge) {
        sortedBaseFile = tempFile("datamgmt-base-manifest-");
        sortedBaseLocation = RepositoryKeys.manifestKey(baseCommit.manifest());
        repo.objects().manifestToFile(baseCommit.manifest(), sortedBaseFile);
        sortedBase = new ManifestCodec.StreamReader(sortedBaseFile, sortedBaseLocation);
        sortedBaseCheck = sortedSchema != null && !sortedSchema.equals(baseSchema) ? sortedSchema : null;
      }
      sortedFile = tempFile("datamgmt-manifest-");
      java.nio.file.Files.delete(sortedFile); // the Parquet writer creates it
      sorted = new ManifestCodec.StreamWriter(sortedFile, sortedGroupRows);
    } catch (java.io.IOException e) {
      abandon();
      throw new dev.datamgmt.core.error.StorageException("cannot create a temporary manifest file",
          String.valueOf(sortedFile), "a writable temporary directory", e.toString(), e);
    } catch (DataException | RuntimeException e) {
      abandon();
      throw e;
    }
    return this;
  }

  private static Path tempFile(String prefix) throws java.io.IOException {
    Path f = java.nio.file.Files.createTempFile(prefix, ".parquet");
    f.toFile().deleteOnExit();
    return f;
  }

  /**
   * Appends the next record of a {@link #startSortedRecords streamed} commit: validated against the schema and
   * its blobs checked now, then encoded, after the base's records with smaller ids (if any); nothing of it is
   * kept.
   *
   * @throws IllegalStateException if streaming was not started, or more records arrive than were announced
   * @throws IllegalArgumentException if its id is not greater than the previous record's
   * @throws NotFoundException if it references a blob the repository does not hold and that was not declared
   * @throws dev.datamgmt.core.error.IntegrityException if the base's manifest is damaged (rows out of order)
   */
  public CommitBuilder addSortedRecord(Record record) throws DataException {
    checkOpen();
    Objects.requireNonNull(record, "record");
    if (sorted == null) {
      throw new IllegalStateException("addSortedRecord before startSortedRecords");
    }
    if (sortedArrived >= sortedCount) {
      throw new IllegalStateException("more records than announced to startSortedRecords: " + sortedCount
          + " announced, record " + record.id() + " is one more");
    }
    if (lastSortedId != null && lastSortedId.compareTo(record.id()) >= 0) {
      throw new IllegalArgumentException("records must arrive in strictly ascending id order: " + record.id()
          + " after " + lastSortedId);
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
    ManifestRow row = ManifestRow.of(record);
    try {
      if (sortedBase != null) {
        ManifestRow b;
        while ((b = sortedBase.peek()) != null && b.id().compareTo(row.id()) < 0) {
          writeBaseRow(sortedBase.next());
        }
        if (b != null && b.id().equals(row.id())) {
          sortedBase.next(); // replaced
          sortedChangesBase |= !b.equals(row);
        } else {
          sortedChangesBase = true;
        }
      }
      sorted.write(row);
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot write the temporary manifest file",
          sortedFile.toString(), "a writable temporary directory", e.toString(), e);
    }
    lastSortedId = record.id();
    sortedArrived++;
    return this;
  }

  /** Copies one of the base's rows into a streamed merge, validated if the schema changed. */
  private void writeBaseRow(ManifestRow row) throws DataException, java.io.IOException {
    if (sortedBaseCheck != null) {
      sortedBaseCheck.validate(row.decode(sortedBaseLocation));
    }
    sorted.write(row);
  }

  /**
   * Whether the records {@link #startSortedRecords streamed} so far change the base's records: always on a new
   * branch or after {@link #removeAllRecords()}; on a base, once a record arrived that is new or differs from the
   * base's record with its id. While it stays false, committing would give a version with exactly the base's
   * records (an idempotent job can then keep the head instead).
   *
   * @throws IllegalStateException if streaming was not started
   */
  public boolean sortedRecordsChangeBase() {
    if (sorted == null) {
      throw new IllegalStateException("sortedRecordsChangeBase before startSortedRecords");
    }
    return sortedChangesBase;
  }

  /**
   * Gives this builder up without committing: closes and deletes the temporary files of a
   * {@link #startSortedRecords streamed} commit. Nothing in the repository changes; blobs stored for it are
   * unreferenced and {@link Repository#gc} removes them. Idempotent; afterwards the builder cannot commit.
   */
  public void abandon() {
    if (committed) {
      return;
    }
    abandoned = true;
    closeSortedFiles();
  }

  /** Closes the streamed commit's reader and writer and deletes their temporary files (quietly: a cleanup). */
  private void closeSortedFiles() {
    for (AutoCloseable c : new AutoCloseable[] {sorted, sortedBase}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // a writer that failed midway may fail to close as well; its file is deleted below
      }
    }
    for (Path f : new Path[] {sortedFile, sortedBaseFile}) {
      try {
        if (f != null) {
          java.nio.file.Files.deleteIfExists(f);
        }
      } catch (java.io.IOException ignored) {
        // deleteOnExit stays registered
      }
    }
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
    if (abandoned) {
      throw new IllegalStateException("this CommitBuilder was abandoned; start a new one with Repository.commit");
    }
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

  /**
   * The end of a streamed commit: the base's remaining rows are appended, the manifest file is completed (and
   * regrouped if replacements moved its row count below the group size foreseen) and stored, then the commit is
   * written. The temporary files are deleted whatever happens.
   */
  private DatasetVersion commitSorted() throws DataException {
    if (sortedArrived != sortedCount) {
      throw new IllegalStateException("startSortedRecords announced " + sortedCount + " records, "
          + sortedArrived + " arrived");
    }
    Path regrouped = null;
    boolean done = false;
    try {
      ContentHash manifest;
      long rows;
      try {
        if (sortedBase != null) {
          ManifestRow b;
          while ((b = sortedBase.next()) != null) {
            writeBaseRow(b);
          }
        }
        rows = sorted.rows();
        sorted.close();
        if (rows > Integer.MAX_VALUE) {
          throw new IllegalStateException("a version holds at most " + Integer.MAX_VALUE + " records: " + rows);
        }
        Path file = sortedFile;
        int groupRows = ManifestCodec.rowGroupRows((int) rows);
        if (groupRows != sortedGroupRows) {
          regrouped = tempFile("datamgmt-manifest-");
          java.nio.file.Files.delete(regrouped);
          ManifestCodec.regroup(sortedFile, regrouped, groupRows);
          file = regrouped;
        }
        manifest = repo.objects().storeManifestFile(file);
      } catch (java.io.IOException e) {
        throw new dev.datamgmt.core.error.StorageException("cannot finish the temporary manifest file",
            sortedFile.toString(), "a writable temporary directory", e.toString(), e);
      }
      Commit commit = writeCommitAndMove(manifest, (int) rows, sortedSchema);
      committed = true;
      done = true;
      return new ManifestVersion(repo, commit, repo.objects().lazyRows(manifest, null, (int) rows));
    } finally {
      closeSortedFiles();
      if (regrouped != null) {
        try {
          java.nio.file.Files.deleteIfExists(regrouped);
        } catch (java.io.IOException ignored) {
          // deleteOnExit stays registered
        }
      }
      if (!done) {
        abandoned = true; // its temporary files are gone: a streamed commit is tried once
      }
    }
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
