package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.core.schema.DatasetSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commits a directory tree as a dataset version: one record per regular file, id = its path relative to the
 * root ({@code /}-separated, Unicode NFC), main blob = its bytes. Labels come from ImageFolder folder names
 * ({@code root/<class>/.../<file>}), from a CSV/Parquet table (path → class name), or are absent.
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
 * folder and label rule (image folders or none), only the changes are committed and the commit copies the
 * head's untouched manifest row groups (see {@link CommitBuilder}). Hidden files and folders (names starting
 * with {@code .}) are skipped.
 *
 * <p>Bad input — unreadable files, broken symbolic links, symbolic link loops, special files, names that
 * collide after Unicode normalization, names that cannot be record ids, files without a label — is found before
 * the branch moves. With {@link OnBadFile#FAIL} (the default) nothing is committed and an
 * {@link InvalidDataException} names the first bad files; with {@link OnBadFile#SKIP} the good files are
 * committed and the {@link IngestResult} lists the bad ones (and the commit's lineage counts them).
 */
public final class DirectoryIngest {
  /** The stat cache file name used when none is configured. */
  public static final String DEFAULT_STAT_CACHE = ".datamgmt-stat-cache";

  /** Files up to this size go into packs unless configured otherwise: 1 MiB. */
  public static final long DEFAULT_PACK_THRESHOLD = 1L << 20;

  // Files up to this size are read once into memory (hash and upload from the same bytes); larger ones stream.
  private static final long IN_MEMORY_LIMIT = 64L << 20;

  /** What to do about bad files. */
  public enum OnBadFile {
    /** Commit nothing; throw an {@link InvalidDataException} naming them. */
    FAIL,
    /** Commit the good files; report the bad ones in the result and the commit lineage. */
    SKIP
  }

  private enum LabelMode {
    IMAGE_FOLDER,
    TABLE,
    NONE
  }

  private final Path root;
  private final LabelMode labelMode;
  private final Path labelTable;
  private final OnBadFile onBadFile;
  private final Path statCache;
  private final int parallelism;
  private final long packThreshold;
  private final DirectoryWatch watch;

  private DirectoryIngest(Builder b) {
    this.root = b.watch != null ? b.watch.root() : b.root; // the watch's paths are absolute
    this.labelMode = b.labelMode;
    this.labelTable = b.labelTable;
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

  private record Scanned(String id, Path path, long size, long mtimeNanos) {}

  private record Hashed(Scanned file, ContentHash hash, long size, boolean fromCache, boolean cacheable) {}

  /**
   * Scans, hashes and stores the tree, then commits it through {@code commit} as the complete record set of the
   * new version (records of files that disappeared are removed). The commit's message, author and lineage are
   * the caller's; the ingest adds lineage entries {@code ingest.root}, {@code ingest.labels},
   * {@code ingest.files} and, if files were skipped, {@code ingest.skipped}.
   *
   * @throws InvalidDataException if there are bad files and the policy is {@link OnBadFile#FAIL}, or the label
   *     table is malformed
   * @throws dev.datamgmt.core.error.ConflictException if the branch moved meanwhile (the blobs stay stored; a
   *     retry reuses them)
   */
  public IngestResult commit(CommitBuilder commit) throws DataException {
    if (!Files.isDirectory(root)) {
      throw new StorageException("ingest root is not a directory", root.toString(), "a readable directory",
          Files.exists(root) ? "a file" : "nothing");
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "datamgmt-ingest");
      t.setDaemon(true);
      return t;
    });
    if (watch != null) {
      watch.ingestLock().lock();
    }
    try {
      return commit(commit, pool);
    } finally {
      pool.shutdownNow();
      if (watch != null) {
        watch.ingestLock().unlock();
      }
    }
  }

  private IngestResult commit(CommitBuilder commit, ExecutorService pool) throws DataException {
    Repository repo = commit.repository();
    // the stat cache loads while the tree is scanned
    Future<StatCache> cacheLoad = pool.submit(() -> watch != null ? watch.statCache(statCache) : StatCache.load(statCache));
    List<BadFile> bad = new ArrayList<>();
    Set<String> seenChanging = new HashSet<>();
    List<Scanned> files = watch == null ? scan(bad, pool) : watchedScan(bad, pool, seenChanging);
    Set<String> rehash = watch == null ? Set.of() : watch.toRehash(seenChanging);

    Map<String, String> classOf = new HashMap<>();
    if (labelMode == LabelMode.IMAGE_FOLDER) {
      for (Scanned f : files) {
        int slash = f.id.indexOf('/');
        if (slash < 0) {
          bad.add(new BadFile(f.id, "file outside a class folder: expected <root>/<class>/<file>, found a file at the root"));
        } else {
          classOf.put(f.id, f.id.substring(0, slash));
        }
      }
    } else if (labelMode == LabelMode.TABLE) {
      Map<String, String> table = LabelTable.read(labelTable);
      Set<String> present = new HashSet<>();
      for (Scanned f : files) {
        present.add(f.id);
        String label = table.get(f.id);
        if (label == null) {
          bad.add(new BadFile(f.id, "no label: expected a row in " + labelTable + ", found none"));
        } else {
          classOf.put(f.id, label);
        }
      }
      for (String p : table.keySet()) {
        if (!present.contains(p)) {
          bad.add(new BadFile(p, "listed in " + labelTable + " but missing: expected a readable file under " + root
              + ", found none"));
        }
      }
    }
    Set<String> badIds = new HashSet<>();
    bad.forEach(b -> badIds.add(b.path()));
    failIfBad(bad);

    StatCache cache = await(cacheLoad);
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
    List<Scanned> todo = files.stream().filter(f -> !badIds.contains(f.id)).toList();
    List<Hashed> hashed;
    try (PackWriter packs = repo.newPackWriter()) {
      hashed = hashAll(todo, cache, reusable, rehash, repo, packs, bad, pool);
    } // packs are written before the commit can reference their blobs
    failIfBad(bad);

    DatasetSchema schema = null;
    if (labelMode != LabelMode.NONE) {
      List<String> names = new ArrayList<>();
      DatasetSchema baseSchema = commit.base() == null ? null : repo.readCommit(commit.base()).schema().orElse(null);
      if (baseSchema != null && baseSchema.labelKind() == LabelKind.CLASS) {
        names.addAll(baseSchema.classNames()); // keep indices stable across ingests; new classes go last
      }
      TreeSet<String> seen = new TreeSet<>();
      for (Hashed h : hashed) {
        seen.add(classOf.get(h.file.id));
      }
      for (String n : seen) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
      schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames(names.toArray(String[]::new))
          .optLabelRequired(true).build();
      commit.optSchema(schema);
    }
    Map<String, Integer> index = new HashMap<>();
    if (schema != null) {
      for (int i = 0; i < schema.classNames().size(); i++) {
        index.put(schema.classNames().get(i), i);
      }
    }
    // Against the version the stat cache was written for, only the changes are committed: files the cache
    // vouches for have exactly the records that version holds (same path, label rule, hash and size), so the
    // commit copies their manifest row groups instead of rebuilding them.
    boolean changesOnly = changesOnly(commit, cache, repo);
    if (changesOnly) {
      commit.clearChanges();
      Set<String> present = new HashSet<>(hashed.size() * 2);
      hashed.forEach(h -> present.add(h.file.id));
      for (String id : cache.paths()) {
        if (!present.contains(id)) {
          commit.removeRecord(id);
        }
      }
    } else {
      commit.removeAllRecords();
    }
    long bytesHashed = 0;
    int fromCache = 0;
    for (Hashed h : hashed) {
      if (h.fromCache) {
        fromCache++;
        if (changesOnly) {
          continue;
        }
      } else {
        bytesHashed += h.size;
      }
      Record.Builder rb = Record.builder(h.file.id).setBlob(new BlobRef(h.hash, h.size, mediaType(h.file.id)));
      if (schema != null) {
        rb.optLabel(ClassLabel.of(index.get(classOf.get(h.file.id))));
      }
      commit.addRecord(rb.build());
      commit.addStoredBlob(h.hash);
    }
    commit.addLineage("ingest.root", root.toAbsolutePath().normalize().toString());
    commit.addLineage("ingest.labels", labelModeName());
    commit.addLineage("ingest.files", Integer.toString(hashed.size()));
    if (!bad.isEmpty()) {
      commit.addLineage("ingest.skipped", Integer.toString(bad.size()));
    }
    DatasetVersion version = commit.commit();

    Map<String, StatCache.Entry> entries = new LinkedHashMap<>();
    for (Hashed h : hashed) {
      if (h.cacheable) {
        entries.put(h.file.id, new StatCache.Entry(h.size, h.file.mtimeNanos, h.hash));
      }
    }
    StatCache.save(statCache, entries, version.id());
    if (watch != null) {
      watch.wroteStatCache(statCache, entries, version.id());
      watch.rehashed();
    }
    bad.sort(Comparator.comparing(BadFile::path));
    return new IngestResult(version, bad, hashed.size() - fromCache, fromCache, bytesHashed);
  }

  /**
   * Whether this ingest may commit only its changes against the base: the stat cache was written by an ingest
   * of this folder with this label rule for exactly the base commit and holds an entry for every record of it
   * (so the files it does not list any more are the records to remove), and labels are a function of the path.
   */
  private boolean changesOnly(CommitBuilder commit, StatCache cache, Repository repo) throws DataException {
    if (commit.base() == null || !commit.base().equals(cache.commit())
        || (labelMode != LabelMode.IMAGE_FOLDER && labelMode != LabelMode.NONE)) {
      return false;
    }
    Commit base = repo.readCommit(commit.base());
    return base.recordCount() == cache.paths().size()
        && labelModeName().equals(base.lineage().get("ingest.labels"))
        && root.toAbsolutePath().normalize().toString().equals(base.lineage().get("ingest.root"));
  }

  private String labelModeName() {
    return labelMode == LabelMode.TABLE ? "table:" + labelTable : labelMode.name().toLowerCase(Locale.ROOT);
  }

  private void failIfBad(List<BadFile> bad) throws InvalidDataException {
    if (!bad.isEmpty() && onBadFile == OnBadFile.FAIL) {
      List<BadFile> sorted = new ArrayList<>(bad);
      sorted.sort(Comparator.comparing(BadFile::path));
      StringBuilder found = new StringBuilder(sorted.size() + " bad file(s): ");
      for (int i = 0; i < Math.min(5, sorted.size()); i++) {
        found.append(i == 0 ? "" : "; ").append(sorted.get(i));
      }
      if (sorted.size() > 5) {
        found.append("; ...");
      }
      throw new InvalidDataException("ingest found bad files, nothing committed", root.toString(),
          "readable regular files with unique names and labels", found.toString());
    }
  }

  /** Waits for a task of the ingest pool, passing its data errors on. */
  private <T> T await(Future<T> f) throws DataException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("ingest interrupted", root.toString(), "a finished ingest", "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedDataException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof DataException d) {
        throw d;
      }
      throw new IllegalStateException("ingest worker failed", e.getCause());
    }
  }

  /** What one walk found: files and bad files, in the order visited. */
  private record Walk(List<Scanned> files, List<BadFile> bad) {}

  /**
   * Lists the tree: the root's own entries here, each top-level folder in a walk of its own on the pool (a
   * stat per file dominates, so this scales with cores). A walk follows links; a link back to the root or to an
   * ancestor inside the walk is reported as a loop, as one walk over the whole tree would report it.
   */
  private List<Scanned> scan(List<BadFile> bad, ExecutorService pool) throws DataException {
    Object rootKey;
    List<Future<Walk>> walks = new ArrayList<>();
    Walk top = new Walk(new ArrayList<>(), new ArrayList<>());
    try {
      rootKey = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
      if (watch != null) {
        watch.watchFolder(root);
      }
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 1, new Recorder(top) {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (!attrs.isDirectory()) {
            return super.visitFile(file, attrs);
          }
          if (rootKey != null && rootKey.equals(attrs.fileKey())) {
            top.bad.add(new BadFile(relative(file), LOOP));
          } else if (!file.getFileName().toString().startsWith(".")) {
            walks.add(pool.submit(() -> walk(file, rootKey)));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("cannot walk ingest root", root.toString(), "a readable tree", e.toString(), e);
    }
    List<Walk> all = new ArrayList<>();
    all.add(top);
    for (Future<Walk> w : walks) {
      all.add(await(w));
    }
    // ids must be unique after normalization: the first spelling is reported with every other one
    List<Scanned> files = new ArrayList<>();
    Map<String, String> byId = new HashMap<>();
    Set<String> collided = new HashSet<>();
    for (Walk w : all) {
      bad.addAll(w.bad);
      for (Scanned f : w.files) {
        String rel = relative(f.path);
        String other = byId.putIfAbsent(f.id, rel);
        if (other != null) {
          collided.add(f.id);
          bad.add(new BadFile(rel, "name collides with \"" + other + "\" after Unicode NFC normalization: expected "
              + "unique names, found two spellings of \"" + f.id + "\""));
        } else {
          files.add(f);
        }
      }
    }
    List<Scanned> out = new ArrayList<>();
    for (Scanned f : files) {
      if (collided.contains(f.id)) {
        bad.add(new BadFile(relative(f.path), "name collides after Unicode NFC normalization: expected unique names, "
            + "found two spellings of \"" + f.id + "\""));
      } else {
        out.add(f);
      }
    }
    out.sort(Comparator.comparing(Scanned::id));
    return out;
  }

  /**
   * The listing through the watch: the last complete listing updated with the paths that changed since (each
   * re-examined as the walk would, and added to {@code changedIds} so it is re-hashed), or a complete walk that
   * re-arms the watch when the changes are not known or not simple (a folder appeared, went or was renamed; a
   * changed path is now a link, a special file, a bad name or a second spelling of a name).
   */
  @SuppressWarnings("unchecked")
  private List<Scanned> watchedScan(List<BadFile> bad, ExecutorService pool, Set<String> changedIds)
      throws DataException {
    Set<Path> changed = watch.changes();
    java.util.TreeMap<String, Scanned> listing = (java.util.TreeMap<String, Scanned>) watch.listing();
    if (changed != null && listing != null) {
      watch.dropListing(); // until it is up to date again
      List<Path> paths = new ArrayList<>(changed);
      Collections.sort(paths);
      boolean applied = true;
      for (Path p : paths) {
        if (!applyChange(listing, p, changedIds)) {
          applied = false;
          break;
        }
      }
      if (applied) {
        watch.walked(listing, false);
        return new ArrayList<>(listing.values());
      }
      changedIds.clear();
    }
    watch.beginWalk();
    List<Scanned> files = scan(bad, pool);
    if (bad.isEmpty()) {
      java.util.TreeMap<String, Scanned> fresh = new java.util.TreeMap<>();
      files.forEach(f -> fresh.put(f.id, f));
      watch.walked(fresh, true);
    } else {
      watch.walked(null, true);
    }
    return files;
  }

  /** Brings the listing up to date for one changed path; false if only a complete walk can. */
  private boolean applyChange(java.util.TreeMap<String, Scanned> listing, Path p, Set<String> changedIds) {
    String rel = relative(p);
    String id = Normalizer.normalize(rel, Normalizer.Form.NFC);
    Scanned old = listing.get(id);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || watch.isWatchedFolder(p)) {
        return false; // a broken link, or a folder gone
      }
      if (old != null && old.path.equals(p)) {
        listing.remove(id);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
    if (!a.isRegularFile() || idProblem(id) != null || (old != null && !old.path.equals(p))) {
      return false;
    }
    listing.put(id, new Scanned(id, p, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
    changedIds.add(id);
    return true;
  }

  /** Walks one top-level folder (runs on the pool). */
  private Walk walk(Path start, Object rootKey) throws DataException {
    Walk w = new Walk(new ArrayList<>(), new ArrayList<>());
    try {
      Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Recorder(w) {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (rootKey != null && rootKey.equals(attrs.fileKey())) {
            w.bad.add(new BadFile(relative(dir), LOOP));
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (!dir.equals(start) && dir.getFileName().toString().startsWith(".")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (watch != null) {
            watch.watchFolder(dir); // before the folder is listed: later changes are reported
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("cannot walk ingest folder", start.toString(), "a readable tree", e.toString(), e);
    }
    return w;
  }

  private static final String LOOP = "symbolic link loop: expected a tree, found a link back to an ancestor";

  /** Records the files a walk visits, and its bad files, into a {@link Walk}. */
  private class Recorder extends SimpleFileVisitor<Path> {
    private final Walk w;

    Recorder(Walk w) {
      this.w = w;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (file.getFileName().toString().startsWith(".")) {
        return FileVisitResult.CONTINUE;
      }
      String rel = relative(file);
      if (attrs.isSymbolicLink()) {
        w.bad.add(new BadFile(rel, "broken symbolic link: expected a readable target, found none"));
      } else if (!attrs.isRegularFile()) {
        w.bad.add(new BadFile(rel, "not a regular file: expected a file, found a special file (device, FIFO or socket)"));
      } else {
        String id = Normalizer.normalize(rel, Normalizer.Form.NFC);
        String problem = idProblem(id);
        if (problem != null) {
          w.bad.add(new BadFile(rel, problem));
        } else {
          w.files.add(new Scanned(id, file, attrs.size(), attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
        }
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      w.bad.add(new BadFile(relative(file), e instanceof FileSystemLoopException ? LOOP
          : "unreadable: expected a readable file or folder, found " + e));
      return FileVisitResult.CONTINUE;
    }
  }

  private String relative(Path file) {
    String f = file.toString();
    String r = root.toString();
    if (f.startsWith(r) && f.length() > r.length() + 1 && f.charAt(r.length()) == java.io.File.separatorChar) {
      String rel = f.substring(r.length() + 1);
      return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.length() == 0 ? file.toString() : sb.toString();
  }

  private static String idProblem(String id) {
    if (id.length() > 1024) {
      return "path too long for a record id: expected at most 1024 characters, found " + id.length();
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        return "control character in name: expected printable characters, found U+"
            + String.format("%04X", (int) id.charAt(i)) + " at index " + i;
      }
      if (Character.isSurrogate(id.charAt(i))
          && !(Character.isHighSurrogate(id.charAt(i)) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1)))
          && !(Character.isLowSurrogate(id.charAt(i)) && i > 0 && Character.isHighSurrogate(id.charAt(i - 1)))) {
        return "name is not valid Unicode: found an unpaired surrogate at index " + i;
      }
    }
    return null;
  }

  private List<Hashed> hashAll(List<Scanned> files, StatCache cache, Set<ContentHash> reusable, Set<String> rehash,
      Repository repo, PackWriter packs, List<BadFile> bad, ExecutorService pool) throws DataException {
    Hashed[] out = new Hashed[files.size()];
    List<Integer> toRead = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Scanned f = files.get(i);
      ContentHash h = rehash.contains(f.id) ? null : cache.lookup(f.id, f.size, f.mtimeNanos);
      if (h != null && reusable.contains(h)) {
        out[i] = new Hashed(f, h, f.size, true, true);
      } else {
        toRead.add(i);
      }
    }
    if (!toRead.isEmpty()) {
      List<BadFile> readFailures = Collections.synchronizedList(new ArrayList<>());
      int threads = Math.min(parallelism, toRead.size());
      // Largest files first, taken one at a time, so that the few big files do not end up on one core.
      List<Integer> order = new ArrayList<>(toRead);
      order.sort(Comparator.comparingLong((Integer i) -> files.get(i).size).reversed());
      AtomicInteger next = new AtomicInteger();
      List<Future<Object>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int k; (k = next.getAndIncrement()) < order.size(); ) {
            int i = order.get(k);
            Scanned f = files.get(i);
            try {
              out[i] = hashAndStore(f, repo, packs, reusable);
            } catch (IOException e) {
              readFailures.add(new BadFile(f.id, "unreadable: expected a readable file, found " + e));
            } catch (DataException e) {
              throw new UncheckedDataException(e);
            }
          }
          return null;
        }));
      }
      for (Future<Object> fu : futures) {
        await(fu);
      }
      bad.addAll(readFailures);
    }
    List<Hashed> result = new ArrayList<>(files.size());
    for (Hashed h : out) {
      if (h != null) {
        result.add(h);
      }
    }
    return result;
  }

  private Hashed hashAndStore(Scanned f, Repository repo, PackWriter packs, Set<ContentHash> reusable)
      throws IOException, DataException {
    if (f.size <= IN_MEMORY_LIMIT) {
      byte[] data = Files.readAllBytes(f.path);
      ContentHash h = ContentHash.of(data);
      if (data.length <= packThreshold) {
        if (!reusable.contains(h)) { // the parent version's blobs are stored already
          packs.put(h, data);
        }
      } else {
        repo.putBlob(h, data);
      }
      return new Hashed(f, h, data.length, false, data.length == f.size && unchanged(f));
    }
    MessageDigest md = ContentHash.newDigest();
    try (InputStream in = Files.newInputStream(f.path)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    ContentHash h = ContentHash.ofDigest(md.digest());
    repo.putBlobFile(h, f.path); // new, or renewed so gc's grace period covers it (see Repository.gc)
    if (!unchanged(f)) {
      throw new IOException("file changed while it was being ingested (size or mtime differs)");
    }
    return new Hashed(f, h, f.size, false, true);
  }

  private static boolean unchanged(Scanned f) throws IOException {
    BasicFileAttributes now = Files.readAttributes(f.path, BasicFileAttributes.class);
    return now.size() == f.size && now.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) == f.mtimeNanos;
  }

  private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"), Map.entry("webp", "image/webp"),
      Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("wav", "audio/wav"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("flac", "audio/flac"), Map.entry("txt", "text/plain"),
      Map.entry("json", "application/json"), Map.entry("csv", "text/csv"), Map.entry("npy", "application/octet-stream"));

  /** The media type guessed from a file name's extension; {@link BlobRef#OCTET_STREAM} when unknown. */
  static String mediaType(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    if (dot <= slash + 1) {
      return BlobRef.OCTET_STREAM;
    }
    return MEDIA_TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), BlobRef.OCTET_STREAM);
  }

  /** Configures a {@link DirectoryIngest}; {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private Path root;
    private LabelMode labelMode = LabelMode.IMAGE_FOLDER;
    private Path labelTable;
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

    /** Labels from folder names: {@code root/<class>/.../<file>} (the default). */
    public Builder optImageFolderLabels() {
      this.labelMode = LabelMode.IMAGE_FOLDER;
      this.labelTable = null;
      return this;
    }

    /** Labels from a table: CSV with header {@code path,label}, or Parquet with string columns path and label. */
    public Builder optLabelTable(Path table) {
      this.labelMode = LabelMode.TABLE;
      this.labelTable = Objects.requireNonNull(table, "table");
      return this;
    }

    /** No labels: records are unlabeled and the schema is left as it was. */
    public Builder optNoLabels() {
      this.labelMode = LabelMode.NONE;
      this.labelTable = null;
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
      if (bytes < 0 || bytes > IN_MEMORY_LIMIT) {
        throw new IllegalArgumentException("pack threshold must be between 0 and " + IN_MEMORY_LIMIT + " bytes: " + bytes);
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
     * @throws IllegalStateException if the root was not set
     */
    public DirectoryIngest build() {
      if (root == null) {
        throw new IllegalStateException("ingest root was not set; call setRoot");
      }
      if (watch != null && !watch.root().equals(root.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("the watch is of " + watch.root() + ", not of the ingest root " + root);
      }
      return new DirectoryIngest(this);
    }
  }
}
