package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Commits a directory tree as a dataset version: one record per regular file, id = its path relative to the
 * root ({@code /}-separated, Unicode NFC), main blob = its bytes, media type from
 * {@link dev.datamgmt.core.record.MediaTypes}. Labels come from a {@link LabelRule}: ImageFolder folder names
 * ({@code root/<class>/.../<file>}, the default), a CSV/Parquet table (path → class name), none, or the user's
 * own function.
 *
 * <pre>{@code
 * IngestResult r = DirectoryIngest.builder()
 *     .setRoot(Path.of("data/pets"))          // data/pets/cat/001.jpg, data/pets/dog/002.jpg, ...
 *     .build()
 *     .commit(repo.commit("main").setMessage("pets, May batch"));
 * }</pre>
 *
 * <p>The tree is walked one top-level folder per task and files are hashed and stored on all cores, with
 * uploads overlapping the hashing. Files up to {@link Builder#optPackThreshold 1 MiB} are stored in packs (see
 * {@link PackWriter}), larger ones as objects of their own. A stat cache (by default
 * {@code <root>/.datamgmt-stat-cache}) remembers path, size and mtime → hash, so re-committing after a few
 * changes reads only the changed files; when the cache was written for the branch head by an ingest of the same
 * folder and label rule (one that {@linkplain LabelRule#labelsByPathAlone labels by path alone}), only the
 * changes are committed and the commit copies the head's untouched manifest row groups (see {@link CommitBuilder}). Hidden files and folders (names starting
 * with {@code .}) are skipped.
 *
 * <p>Bad input — unreadable files, broken symbolic links, symbolic link loops, special files, names that
 * collide after Unicode normalization, names that cannot be record ids, files without a label — is found before
 * the branch moves. With {@link OnBadFile#FAIL} (the default) nothing is committed and an
 * {@link InvalidDataException} names every bad file; with {@link OnBadFile#SKIP} the good files are
 * committed and the {@link IngestResult} lists the bad ones (and the commit's lineage counts them).
 *
 * <p>The work is split into steps, each a package-private class: the walk ({@code TreeScan}), the labels
 * ({@code Labeling}), the store ({@code BlobStorer}, packs for small files) and the plan of the commit
 * ({@code CommitPlan}); this class holds the configuration and runs them in order.
 */
public final class DirectoryIngest {
  /** The stat cache file name used when none is configured. */
  public static final String DEFAULT_STAT_CACHE = ".datamgmt-stat-cache";

  /** Files up to this size go into packs unless configured otherwise: 1 MiB. */
  public static final long DEFAULT_PACK_THRESHOLD = 1L << 20;

  /** What to do about bad files. */
  public enum OnBadFile {
    /** Commit nothing; throw an {@link InvalidDataException} naming them. */
    FAIL,
    /** Commit the good files; report the bad ones in the result and the commit lineage. */
    SKIP
  }

  private final Path root;
  private final LabelRule labelRule;
  private final OnBadFile onBadFile;
  private final Path statCache;
  private final int parallelism;
  private final long packThreshold;
  private final DirectoryWatch watch;

  private DirectoryIngest(Builder b) {
    this.root = b.watch != null ? b.watch.root() : b.root; // the watch's paths are absolute
    this.labelRule = b.labelRule;
    this.onBadFile = b.onBadFile;
    this.statCache = b.noStatCache ? null : b.statCache != null ? b.statCache : b.root.resolve(DEFAULT_STAT_CACHE);
    this.parallelism = b.parallelism;
    this.packThreshold = b.packThreshold;
    this.watch = b.watch;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The label rule this ingest applies. */
  public LabelRule labelRule() {
    return labelRule;
  }

  /**
   * Scans, hashes and stores the tree, then commits it through {@code commit} as the complete record set of the
   * new version (records of files that disappeared are removed). The commit's message, author and lineage are
   * the caller's; the ingest adds lineage entries {@code ingest.root}, {@code ingest.labels} (the rule's
   * {@linkplain LabelRule#description() description}), {@code ingest.files} and, if files were skipped,
   * {@code ingest.skipped}.
   *
   * @throws InvalidDataException if there are bad files and the policy is {@link OnBadFile#FAIL}, or the label
   *     table is malformed
   * @throws dev.datamgmt.core.error.UnsupportedFormatException if the label table is not CSV (UTF-8) or Parquet
   * @throws dev.datamgmt.core.error.ConflictException if the branch moved meanwhile (the blobs stay stored; a
   *     retry reuses them)
   */
  public IngestResult commit(CommitBuilder commit) throws DataException {
    if (!Files.isDirectory(root)) {
      throw new StorageException("ingest root is not a directory", root.toString(), "a readable directory",
          Files.exists(root) ? "a file" : "nothing");
    }
    if (watch != null) {
      watch.ingestLock().lock();
    }
    try (IngestTasks tasks = new IngestTasks(root, parallelism)) {
      return commit(commit, tasks);
    } finally {
      if (watch != null) {
        watch.ingestLock().unlock();
      }
    }
  }

  private IngestResult commit(CommitBuilder commit, IngestTasks tasks) throws DataException {
    Repository repo = commit.repository();
    // the stat cache loads while the tree is scanned
    Future<StatCache> cacheLoad =
        tasks.submit(() -> watch != null ? watch.statCache(statCache) : StatCache.load(statCache));
    List<BadFile> bad = new ArrayList<>();

    // walk
    TreeScan scan = new TreeScan(root, watch, tasks);
    Set<String> seenChanging = new HashSet<>();
    List<ScannedFile> files = watch == null ? scan.scan(bad) : scan.watchedScan(bad, seenChanging);
    Set<String> rehash = watch == null ? Set.of() : watch.toRehash(seenChanging);

    // label
    Labeling labels = Labeling.bind(labelRule, root);
    labels.label(files, bad);
    Set<String> badIds = new HashSet<>();
    bad.forEach(b -> badIds.add(b.path()));
    if (!bad.isEmpty() && onBadFile == OnBadFile.FAIL) {
      // Before failing, find the files hashing would find unreadable too, so one error lists every bad file
      // instead of the user meeting the rest on the next run. Only on this path: one byte read per file.
      for (ScannedFile f : files) {
        if (!badIds.contains(f.id())) {
          try (java.nio.channels.SeekableByteChannel ch = java.nio.file.Files.newByteChannel(f.path())) {
            ch.read(java.nio.ByteBuffer.allocate(1)); // opening is not enough: some files fail at the first read
          } catch (java.io.IOException e) {
            bad.add(new BadFile(f.id(), BlobStorer.unreadable(e)));
          }
        }
      }
      failIfBad(bad);
    }

    // store
    StatCache cache = tasks.await(cacheLoad);
    // Blobs of the base version are stored and reachable, so files whose hash the stat cache knows need not be
    // stored again. A cache written for the base commit holds only its blobs: then the base's records need not be
    // decoded, and a re-commit after a few changes costs a directory scan and a manifest patch.
    Set<ContentHash> reusable;
    if (commit.base() == null) {
      reusable = Set.of();
    } else if (commit.base().equals(cache.commit())) {
      reusable = cache.hashes();
    } else {
      reusable = repo.checkout(commit.base()).blobHashes();
    }
    List<ScannedFile> todo = files.stream().filter(f -> !badIds.contains(f.id())).toList();
    List<HashedFile> stored;
    try (PackWriter packs = repo.newPackWriter()) {
      stored = new BlobStorer(repo, tasks, parallelism, packThreshold)
          .hashAll(todo, cache, reusable, rehash, packs, bad);
    } // packs are written before the commit can reference their blobs
    failIfBad(bad);

    // plan and commit
    DatasetSchema baseSchema = commit.base() == null ? null : repo.readCommit(commit.base()).schema().orElse(null);
    DatasetSchema schema = labels.schema(stored, baseSchema);
    // Against the version the stat cache was written for, only the changes are committed: files the cache
    // vouches for have exactly the records that version holds (same path, label rule, hash and size), so the
    // commit copies their manifest row groups instead of rebuilding them.
    CommitPlan plan = new CommitPlan(root.toAbsolutePath().normalize().toString(), labelRule);
    CommitPlan.Counts counts = plan.apply(commit, stored, labels, schema, plan.changesOnly(commit, cache), cache,
        bad.size());
    DatasetVersion version = commit.commit();

    Map<String, StatCache.Entry> entries = new LinkedHashMap<>();
    for (HashedFile h : stored) {
      if (h.cacheable()) {
        entries.put(h.file().id(), new StatCache.Entry(h.size(), h.file().mtimeNanos(), h.hash()));
      }
    }
    StatCache.save(statCache, entries, version.id());
    if (watch != null) {
      watch.wroteStatCache(statCache, entries, version.id());
      watch.rehashed();
    }
    bad.sort(Comparator.comparing(BadFile::path));
    return new IngestResult(version, bad, stored.size() - counts.fromCache(), counts.fromCache(), counts.bytesHashed());
  }

  private void failIfBad(List<BadFile> bad) throws InvalidDataException {
    if (!bad.isEmpty() && onBadFile == OnBadFile.FAIL) {
      List<BadFile> sorted = new ArrayList<>(bad);
      sorted.sort(Comparator.comparing(BadFile::path));
      StringBuilder found = new StringBuilder(sorted.size() + " bad file(s): ");
      for (int i = 0; i < sorted.size(); i++) { // every one: the user fixes them all in one go
        found.append(i == 0 ? "" : "; ").append(sorted.get(i));
      }
      throw new InvalidDataException("ingest found bad files, nothing committed", root.toString(),
          "readable regular files with unique names and labels", found.toString());
    }
  }

  /** Configures a {@link DirectoryIngest}; {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private Path root;
    private LabelRule labelRule = LabelRule.imageFolder();
    private String labelSetting; // which setter chose the rule, to name both when two conflict
    private String conflict;
    private OnBadFile onBadFile = OnBadFile.FAIL;
    private Path statCache;
    private boolean noStatCache;
    private int parallelism = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private long packThreshold = DEFAULT_PACK_THRESHOLD;
    private DirectoryWatch watch;

    private Builder() {}

    /** The directory to ingest (required). */
    public Builder setRoot(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Where labels come from (default {@link LabelRule#imageFolder()}): folder names, a table, none, or a rule of
     * the user's own.
     *
     * @throws IllegalStateException at {@link #build()} if another label setting was made too
     */
    public Builder optLabelRule(LabelRule rule) {
      return labels(Objects.requireNonNull(rule, "rule"), "optLabelRule(" + rule + ")");
    }

    /**
     * Labels from folder names: {@code root/<class>/.../<file>} (the default);
     * {@code optLabelRule(LabelRule.imageFolder())}.
     */
    public Builder optImageFolderLabels() {
      return labels(LabelRule.imageFolder(), "optImageFolderLabels()");
    }

    /**
     * Labels from a table: CSV with columns {@code path,label}, or Parquet with columns path and label;
     * {@code optLabelRule(LabelRule.table(table))}.
     */
    public Builder optLabelTable(Path table) {
      return labels(LabelRule.table(table), "optLabelTable(" + table + ")");
    }

    /**
     * No labels: records are unlabeled and the schema is left as it was; {@code optLabelRule(LabelRule.none())}.
     */
    public Builder optNoLabels() {
      return labels(LabelRule.none(), "optNoLabels()");
    }

    private Builder labels(LabelRule rule, String setting) {
      if (labelSetting != null && conflict == null) {
        conflict = labelSetting + " and " + setting;
      }
      this.labelRule = rule;
      this.labelSetting = setting;
      return this;
    }

    /** What to do about bad files (default {@link OnBadFile#FAIL}). */
    public Builder optOnBadFile(OnBadFile policy) {
      this.onBadFile = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Where the stat cache lives (default {@code <root>/.datamgmt-stat-cache}). */
    public Builder optStatCache(Path file) {
      this.statCache = Objects.requireNonNull(file, "file");
      this.noStatCache = false;
      return this;
    }

    /** Hash every file every time; write no cache. */
    public Builder optNoStatCache() {
      this.noStatCache = true;
      return this;
    }

    /**
     * Threads reading, hashing and storing files (default: twice the number of cores, at least 4). Hashing
     * uses every core; the extra threads keep uploads in flight while others hash, which pays off most on a
     * remote store.
     */
    public Builder optParallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1: " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * Files up to this size are stored in packs (a few large objects, see {@link PackWriter}) instead of one
     * object each (default {@link #DEFAULT_PACK_THRESHOLD}); 0 stores every file as an object of its own.
     */
    public Builder optPackThreshold(long bytes) {
      if (bytes < 0 || bytes > BlobStorer.IN_MEMORY_LIMIT) {
        throw new IllegalArgumentException("pack threshold must be between 0 and " + BlobStorer.IN_MEMORY_LIMIT + " bytes: " + bytes);
      }
      this.packThreshold = bytes;
      return this;
    }

    /**
     * Re-examines only the paths {@code watch} saw change since the previous ingest through it, instead of
     * walking the whole tree (see {@link DirectoryWatch}); the watch must be of this ingest's root.
     */
    public Builder optWatch(DirectoryWatch watch) {
      this.watch = Objects.requireNonNull(watch, "watch");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if the root was not set, or two label settings were made (they exclude each
     *     other; the message names both)
     */
    public DirectoryIngest build() {
      if (root == null) {
        throw new IllegalStateException("ingest root was not set; call setRoot");
      }
      if (conflict != null) {
        throw new IllegalStateException("conflicting label settings: " + conflict + "; choose one");
      }
      if (watch != null && !watch.root().equals(root.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("the watch is of " + watch.root() + ", not of the ingest root " + root);
      }
      return new DirectoryIngest(this);
    }
  }
}
