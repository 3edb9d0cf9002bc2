package dev.datamgmt.storage.repo;

import static dev.datamgmt.storage.internal.repo.RepositoryKeys.manifestKey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.s3.ConditionalWriteUnsupportedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A versioned dataset repository stored in any {@link BlobStore} (a local folder, an S3 prefix, memory): the
 * entry point for commits, branches, tags, checkout, log, diff, merge, fsck and gc. The layout is in FORMAT.md.
 *
 * <pre>{@code
 * try (BlobStore store = new InMemoryBlobStore()) {
 *   Repository repo = Repository.init(store);
 *   BlobRef png = repo.putBlob(bytes, "image/png");
 *   DatasetVersion v1 = repo.commit("main")
 *       .addRecord(Record.builder("img-1").setBlob(png).optLabel(ClassLabel.of(0)).build())
 *       .setMessage("first images")
 *       .commit();
 *   DatasetVersion same = repo.checkout(v1.id().toString());
 * }
 * }</pre>
 *
 * <p>All state lives in the store: several processes may open the same repository at once. Branches move
 * only by compare-and-swap, so of two writers committing to one branch concurrently one wins and the other
 * gets a {@link dev.datamgmt.core.error.ConflictException}. The repository does not own the store: closing
 * the store is the caller's job. Instances are thread-safe.
 */
public final class Repository {
  /** The key of the marker object that makes a store (or prefix) a repository. */
  public static final String MARKER_KEY = "datamgmt-repository.json";
  /** The repository format version this library writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** The branch name used when none is given. */
  public static final String DEFAULT_BRANCH = "main";

  private final BlobStore store;
  private final Clock clock;
  final RefStore refs;
  private final ObjectDatabase objects;

  /**
   * The JSON body of {@link #MARKER_KEY}; {@code refs} is absent when the refs live in the blob store (the
   * default, and every repository written before ref stores existed).
   */
  record Marker(@JsonProperty("format") String format, @JsonProperty("version") int version,
      @JsonProperty("refs") @JsonInclude(JsonInclude.Include.NON_NULL) MarkerRefs refs) {}

  /** Where the refs live when not in the blob store: {@code {"store": "jdbc", "repository": "<id>"}}. */
  record MarkerRefs(@JsonProperty("store") String store, @JsonProperty("repository") String repository) {}

  private Repository(BlobStore store, Clock clock, RefStore refs) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refs = refs;
    this.objects = new ObjectDatabase(store, clock);
  }

  /**
   * Makes {@code store} a repository (writing its marker object) or opens it if it already is one.
   *
   * @throws UnsupportedFormatException if the store holds a repository of another format version
   */
  public static Repository init(BlobStore store) throws DataException {
    return init(store, Clock.systemUTC());
  }

  /** {@link #init(BlobStore)} with a clock for commit times and gc ages (tests age objects with it). */
  public static Repository init(BlobStore store, Clock clock) throws DataException {
    store.putIfAbsent(MARKER_KEY, Json.writeBytes(new Marker("datamgmt-repository", FORMAT_VERSION, null)));
    return open(store, clock);
  }

  /**
   * Makes {@code store} a repository whose refs live in a database, or opens it if it already is one. Use it
   * where the blob store cannot do compare-and-swap (an S3 server that ignores {@code If-None-Match}); blobs,
   * packs, manifests and commits still go to {@code store}. The marker records the repository's id, which is
   * registered in the database; every later {@link #open(BlobStore, JdbcRefStore)} must give the same database.
   *
   * @throws RefStoreMismatchException if {@code store} already holds a repository whose refs live elsewhere
   */
  public static Repository init(BlobStore store, JdbcRefStore refs) throws DataException {
    return init(store, refs, Clock.systemUTC());
  }

  /** {@link #init(BlobStore, JdbcRefStore)} with a clock for commit times and gc ages. */
  public static Repository init(BlobStore store, JdbcRefStore refs, Clock clock) throws DataException {
    Objects.requireNonNull(refs, "refs");
    refs.createTables();
    if (!store.exists(MARKER_KEY)) {
      String id = java.util.UUID.randomUUID().toString();
      registerRepository(refs, id, store.describe(), clock);
      byte[] marker = Json.writeBytes(new Marker("datamgmt-repository", FORMAT_VERSION, new MarkerRefs("jdbc", id)));
      try {
        store.putIfAbsent(MARKER_KEY, marker);
      } catch (ConditionalWriteUnsupportedException e) {
        // Two racing inits both write; whichever marker stays names a registered id, and open reads that one.
        store.put(MARKER_KEY, marker);
      }
    }
    return open(store, refs, clock);
  }

  private static void registerRepository(JdbcRefStore refs, String id, String location, Clock clock)
      throws DataException {
    try (java.sql.Connection c = refs.connect(); java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO "
        + JdbcRefStore.REPOSITORIES_TABLE + " (id, location, created_utc) VALUES (?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, location);
      s.setString(3, clock.instant().toString());
      s.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw refs.failure("register repository " + id, e);
    }
  }

  private static boolean isRegistered(JdbcRefStore refs, String id) throws DataException {
    try (java.sql.Connection c = refs.connect(); java.sql.PreparedStatement s = c.prepareStatement("SELECT id FROM "
        + JdbcRefStore.REPOSITORIES_TABLE + " WHERE id = ?")) {
      s.setString(1, id);
      try (java.sql.ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (java.sql.SQLException e) {
      throw refs.failure("look up repository " + id, e);
    }
  }

  /**
   * Opens an existing repository whose refs live in {@code refs}.
   *
   * @throws NotFoundException if the store holds no repository marker
   * @throws RefStoreMismatchException if the marker says the refs live in the blob store, or {@code refs} does not
   *     know the repository's id (another database)
   */
  public static Repository open(BlobStore store, JdbcRefStore refs) throws DataException {
    return open(store, refs, Clock.systemUTC());
  }

  /** {@link #open(BlobStore, JdbcRefStore)} with a clock for commit times and gc ages. */
  public static Repository open(BlobStore store, JdbcRefStore refs, Clock clock) throws DataException {
    Objects.requireNonNull(refs, "refs");
    refs.createTables(); // so that a wrong (empty) database is reported as not knowing the repository
    Marker m = readMarker(store);
    String where = store.describe() + " " + MARKER_KEY;
    if (m.refs() == null) {
      throw new RefStoreMismatchException(where, "refs in a database (\"refs\": {\"store\": \"jdbc\", ...})",
          "a repository whose refs live in the blob store: open it with Repository.open(store)");
    }
    checkJdbcMarker(m, where);
    if (!isRegistered(refs, m.refs().repository())) {
      throw new RefStoreMismatchException(refs.describe() + " " + JdbcRefStore.REPOSITORIES_TABLE,
          "repository " + m.refs().repository() + " (recorded in " + where + ")",
          "a database that does not know it: give the database this repository was created with");
    }
    return new Repository(store, clock, new JdbcRefs(refs, m.refs().repository()));
  }

  private static void checkJdbcMarker(Marker m, String where) throws UnsupportedFormatException {
    if (!"jdbc".equals(m.refs().store()) || m.refs().repository() == null || m.refs().repository().isBlank()) {
      throw new UnsupportedFormatException("unsupported ref store", where,
          "\"refs\": {\"store\": \"jdbc\", \"repository\": \"<id>\"}",
          "store " + m.refs().store() + ", repository " + m.refs().repository());
    }
  }

  /**
   * Opens an existing repository.
   *
   * @throws NotFoundException if the store holds no repository marker
   * @throws UnsupportedFormatException if the marker names another format version
   */
  public static Repository open(BlobStore store) throws DataException {
    return open(store, Clock.systemUTC());
  }

  /** {@link #open(BlobStore)} with a clock for commit times and gc ages. */
  public static Repository open(BlobStore store, Clock clock) throws DataException {
    Marker m = readMarker(store);
    if (m.refs() != null) {
      String where = store.describe() + " " + MARKER_KEY;
      checkJdbcMarker(m, where);
      throw new RefStoreMismatchException(where, "refs in the blob store",
          "refs in a database (repository " + m.refs().repository() + "): open it with"
              + " Repository.open(store, JdbcRefStore) naming that database");
    }
    return new Repository(store, clock, new BlobRefStore(store));
  }

  private static Marker readMarker(BlobStore store) throws DataException {
    byte[] bytes;
    try {
      bytes = store.get(MARKER_KEY);
    } catch (NotFoundException e) {
      throw new NotFoundException("not a datamgmt repository", store.describe() + " " + MARKER_KEY,
          "a repository marker (create one with Repository.init)", "no marker", e);
    }
    Marker m = Json.read(bytes, Marker.class, MARKER_KEY);
    if (!"datamgmt-repository".equals(m.format()) || m.version() != FORMAT_VERSION) {
      throw new UnsupportedFormatException("unsupported repository", store.describe() + " " + MARKER_KEY,
          "datamgmt-repository version " + FORMAT_VERSION, m.format() + " version " + m.version());
    }
    return m;
  }

  /**
   * A fresh instance on the same store and ref store, with empty caches, as another process would see the
   * repository (gc walks history through one).
   */
  Repository reopened() throws DataException {
    readMarker(store);
    return new Repository(store, clock, refs instanceof JdbcRefs j ? j : new BlobRefStore(store));
  }

  /** The store this repository lives in. */
  public BlobStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  /** The content-addressed objects underneath: blobs, packs, manifests, commits. */
  ObjectDatabase objects() {
    return objects;
  }

  /**
   * Stores a blob (if not already there) and returns its reference.
   *
   * @param mediaType e.g. {@code image/png}; {@link BlobRef#OCTET_STREAM} if unknown
   */
  public BlobRef putBlob(byte[] data, String mediaType) throws DataException {
    BlobRef ref = BlobRef.of(data, mediaType);
    objects.putBlob(ref.hash(), data);
    return ref;
  }

  /**
   * Stores a blob whose SHA-256 the caller has computed already (an ingest that hashed the file while reading
   * it), as an object of its own. The hash is trusted here; every read verifies it, so a wrong one surfaces as
   * an {@link IntegrityException}, never as wrong data. Small blobs are better stored through a
   * {@link #newPackWriter() PackWriter}.
   */
  public void putBlob(ContentHash hash, byte[] data) throws DataException {
    objects.putBlob(Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(data, "data"));
  }

  /**
   * {@link #putBlob(ContentHash, byte[])} streaming a local file whose SHA-256 is {@code hash}, for blobs too
   * large to hold in memory. The file must not change meanwhile (a reader would see an integrity error).
   */
  public void putBlobFile(ContentHash hash, Path file) throws DataException {
    objects.putBlobFile(Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(file, "file"));
  }

  /**
   * How old an existing object may be before a writer that reuses it rewrites it (same bytes) to renew its
   * time. Without that, gc could delete an old unreachable object in the moment a new commit starts to
   * reference it; with it, {@link #gc} is safe whenever its grace period exceeds this plus the longest commit.
   */
  public static final Duration REUSE_REFRESH_AGE = Duration.ofHours(1);

  /** Whether the repository holds the blob with this hash (as an object of its own or in a pack). */
  public boolean hasBlob(ContentHash hash) throws DataException {
    return objects.hasBlob(hash);
  }

  /**
   * Starts a {@link PackWriter} that stores small blobs in packs of {@link PackWriter#DEFAULT_TARGET_BYTES};
   * close it before committing records that reference its blobs.
   */
  public PackWriter newPackWriter() {
    return new PackWriter(this, PackWriter.DEFAULT_TARGET_BYTES);
  }

  /** {@link #newPackWriter()} writing a pack whenever {@code targetBytes} have been buffered. */
  public PackWriter newPackWriter(int targetBytes) {
    return new PackWriter(this, targetBytes);
  }

  /**
   * Starts a commit on {@code branch}, based on its current head (or on nothing if the branch does not exist
   * yet: the commit then creates it). The commit fails with a conflict if the branch moves in between.
   */
  public CommitBuilder commit(String branch) throws DataException {
    RefStore.checkName(RefStore.Kind.BRANCH, branch);
    Optional<RefStore.Entry> head = refs.head(RefStore.Kind.BRANCH, branch);
    return new CommitBuilder(this, branch, head.orElse(null));
  }

  /** The commit a branch points at, or empty if there is no such branch. */
  public Optional<ContentHash> head(String branch) throws DataException {
    return refs.head(RefStore.Kind.BRANCH, branch).map(RefStore.Entry::commit);
  }

  /** Names of all branches, sorted. */
  public List<String> branches() throws DataException {
    return refs.names(RefStore.Kind.BRANCH);
  }

  /** Names of all tags, sorted. */
  public List<String> tags() throws DataException {
    return refs.names(RefStore.Kind.TAG);
  }

  /**
   * Creates a branch pointing at {@code revision}.
   *
   * @throws dev.datamgmt.core.error.ConflictException if the branch already exists
   */
  public void createBranch(String name, String revision) throws DataException {
    RefStore.checkName(RefStore.Kind.BRANCH, name);
    createRef(RefStore.Kind.BRANCH, name, resolve(revision));
  }

  /**
   * Creates a tag, an immutable name for {@code revision}.
   *
   * @throws dev.datamgmt.core.error.ConflictException if the tag already exists
   */
  public void createTag(String name, String revision) throws DataException {
    RefStore.checkName(RefStore.Kind.TAG, name); // a bad name is the first thing wrong, whatever the revision
    createRef(RefStore.Kind.TAG, name, resolve(revision));
  }

  private void createRef(RefStore.Kind kind, String name, ContentHash commit) throws DataException {
    RefStore.checkName(kind, name);
    if (!refs.append(kind, name, 0, commit, clock.instant())) {
      ContentHash existing = refs.read(kind, name, 0).commit();
      throw new dev.datamgmt.core.error.ConflictException((kind == RefStore.Kind.TAG ? "tag" : "branch") + " exists",
          RefStore.logPrefix(kind, name), "no ref named " + name, "a ref created at " + existing);
    }
  }

  /**
   * Resolves a revision to a commit id: a branch name, a tag name ({@code refs/heads/x} or {@code refs/tags/x}
   * to disambiguate), or a commit id ({@code sha256:<hex>}, bare hex, or a unique hex prefix of at least 7
   * digits), optionally followed by {@code ~} or {@code ~n}: the n-th first-parent ancestor, as in git.
   *
   * @throws NotFoundException naming the revision if nothing matches
   */
  public ContentHash resolve(String revision) throws DataException {
    Objects.requireNonNull(revision, "revision");
    int tilde = revision.indexOf('~');
    if (tilde > 0) {
      ContentHash c = resolve(revision.substring(0, tilde));
      String rest = revision.substring(tilde);
      if (!rest.matches("(~[0-9]*)+")) {
        throw unknown(revision);
      }
      for (String step : rest.substring(1).split("~", -1)) {
        int n = step.isEmpty() ? 1 : Integer.parseInt(step);
        for (int i = 0; i < n; i++) {
          List<ContentHash> parents = readCommit(c).parents();
          if (parents.isEmpty()) {
            throw new NotFoundException("revision goes past the first commit", "\"" + revision + "\"",
                "an ancestor", "a root commit " + c);
          }
          c = parents.get(0);
        }
      }
      return c;
    }
    if (revision.startsWith(RefStore.Kind.BRANCH.prefix) || revision.startsWith(RefStore.Kind.TAG.prefix)) {
      RefStore.Kind kind = revision.startsWith(RefStore.Kind.BRANCH.prefix) ? RefStore.Kind.BRANCH : RefStore.Kind.TAG;
      String name = revision.substring(kind.prefix.length());
      return refs.head(kind, name).orElseThrow(() -> unknown(revision)).commit();
    }
    if (RefStore.NAME.matcher(revision).matches()) {
      Optional<RefStore.Entry> b = refs.head(RefStore.Kind.BRANCH, revision);
      if (b.isPresent()) {
        return b.get().commit();
      }
      Optional<RefStore.Entry> t = refs.head(RefStore.Kind.TAG, revision);
      if (t.isPresent()) {
        return t.get().commit();
      }
    }
    String hex = revision.startsWith("sha256:") ? revision.substring(7) : revision;
    if (hex.matches("[0-9a-fA-F]{64}")) {
      ContentHash h = ContentHash.parse(hex);
      if (!objects.hasCommit(h)) {
        throw unknown(revision);
      }
      return h;
    }
    if (hex.matches("[0-9a-fA-F]{7,63}")) {
      List<ContentHash> matches = objects.commitsStartingWith(hex, 2);
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        throw new NotFoundException("ambiguous revision", revision, "a unique commit prefix",
            "several commits, e.g. " + matches.get(0) + " and " + matches.get(1));
      }
    }
    throw unknown(revision);
  }

  private NotFoundException unknown(String revision) {
    return new NotFoundException("unknown revision", "\"" + revision + "\" in " + store.describe(),
        "a branch, tag or commit id", "nothing by that name");
  }

  /** Checks out a branch, tag or commit: reads its commit and manifest only, no blobs. */
  public DatasetVersion checkout(String revision) throws DataException {
    return checkout(resolve(revision));
  }

  /** Checks out a commit by id. */
  public DatasetVersion checkout(ContentHash commitId) throws DataException {
    Commit c = readCommit(commitId);
    return new ManifestVersion(this, c, objects.readManifest(c.manifest()));
  }

  /**
   * Reads a commit's metadata, verified against its id.
   *
   * @throws NotFoundException if there is no such commit
   * @throws IntegrityException if the stored commit does not match its id
   */
  public Commit readCommit(ContentHash id) throws DataException {
    return objects.readCommit(id);
  }

  /**
   * The history of a revision, newest first: the commit and all its ancestors (both sides of merges), each once,
   * ordered by time then id.
   */
  public List<Commit> log(String revision) throws DataException {
    return log(revision, Integer.MAX_VALUE);
  }

  /** The first {@code limit} commits of {@link #log(String)}. */
  public List<Commit> log(String revision, int limit) throws DataException {
    ContentHash start = resolve(revision);
    List<Commit> out = new ArrayList<>();
    Set<ContentHash> seen = new HashSet<>();
    java.util.PriorityQueue<Commit> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparing(Commit::time).reversed().thenComparing(Commit::id));
    queue.add(readCommit(start));
    seen.add(start);
    while (!queue.isEmpty() && out.size() < limit) {
      Commit c = queue.poll();
      out.add(c);
      for (ContentHash p : c.parents()) {
        if (seen.add(p)) {
          queue.add(readCommit(p));
        }
      }
    }
    return out;
  }

  /** All ancestors of a commit, including itself. */
  Set<ContentHash> ancestors(ContentHash start) throws DataException {
    Set<ContentHash> seen = new HashSet<>();
    ArrayDeque<ContentHash> todo = new ArrayDeque<>();
    todo.add(start);
    seen.add(start);
    while (!todo.isEmpty()) {
      for (ContentHash p : readCommit(todo.poll()).parents()) {
        if (seen.add(p)) {
          todo.add(p);
        }
      }
    }
    return seen;
  }

  /** The differences from version {@code from} to version {@code to}. */
  public Diff diff(DatasetVersion from, DatasetVersion to) {
    return Diff.between(from, to);
  }

  /**
   * The differences between two revisions. Unless both versions are checked out already, this decodes only the
   * parts of the two manifests that differ: row groups the manifests share byte for byte are skipped, so
   * diffing two versions of a large dataset that differ in a few records costs reading two files and decoding a
   * few thousand rows, not every record of both.
   */
  public Diff diff(String from, String to) throws DataException {
    return diff(resolve(from), resolve(to));
  }

  /** {@link #diff(String, String)} of two commits. */
  Diff diff(ContentHash from, ContentHash to) throws DataException {
    Commit a = readCommit(from);
    Commit b = readCommit(to);
    if (a.manifest().equals(b.manifest())) {
      return new Diff(List.of(), List.of(), List.of()); // the same record table
    }
    List<ManifestRow> fromRows = objects.cachedManifest(a.manifest());
    List<ManifestRow> toRows = objects.cachedManifest(b.manifest());
    if (fromRows == null || toRows == null) {
      ManifestCodec.Differing d = ManifestCodec.differingRows(
          objects.manifestBytes(a.manifest()), manifestKey(a.manifest()),
          objects.manifestBytes(b.manifest()), manifestKey(b.manifest()));
      fromRows = d.from();
      toRows = d.to();
    }
    // versions over the rows that may differ, only to decode them: every other record is in both, unchanged
    return Diff.between(new ManifestVersion(this, a, fromRows), new ManifestVersion(this, b, toRows));
  }

  /**
   * Verifies every object reachable from any ref log entry — commits, manifests and blobs — against its hash,
   * reading blobs on all cores. Damage is reported by key, never thrown.
   */
  public FsckReport fsck() throws DataException {
    return Maintenance.fsck(this, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Deletes commits, manifests and blobs that no ref log entry reaches and that are older than {@code grace}.
   * Run it with a grace period longer than {@link #REUSE_REFRESH_AGE} plus the longest commit (a day is
   * typical): a writer's new objects are unreachable until its ref entry lands, and must not be collected
   * before. Refuses (with an {@link IntegrityException}) to delete
   * anything when part of the history cannot be read.
   */
  public GcReport gc(Duration grace) throws DataException {
    return Maintenance.gc(this, grace);
  }

  /**
   * Merges {@code source} (a branch, tag or commit) into {@code targetBranch} with a three-way, record-level
   * merge against their merge base: a record changed on one side takes that change; changed identically on
   * both, that value; changed differently on both, a conflict. With conflicts nothing is committed.
   *
   * @throws ConflictException if the target branch moves during the merge, or the schema was changed
   *     differently on both sides
   * @throws NotFoundException if the target branch or source does not exist
   */
  public MergeResult merge(String source, String targetBranch, String message) throws DataException {
    return Merger.merge(this, source, targetBranch, message);
  }

  @Override
  public String toString() {
    return "Repository{" + store.describe() + "}";
  }
}
