package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an ingest root for changes between ingests, like git's file-system monitor: a long-lived process
 * (an application, a {@code datamgmt serve} server) that re-commits the same folder passes one watch to every
 * {@link DirectoryIngest.Builder#optWatch ingest} of it, and each ingest after the first re-examines only the
 * paths that changed instead of walking the whole tree. Files the watch saw change are re-hashed even when
 * their size and mtime look unchanged, which the stat cache alone cannot notice.
 *
 * <pre>{@code
 * try (DirectoryWatch watch = DirectoryWatch.open(Path.of("data/pets"))) {
 *   DirectoryIngest ingest = DirectoryIngest.builder().setRoot(watch.root()).optWatch(watch).build();
 *   ingest.commit(repo.commit("main").setMessage("batch 1"));   // walks the tree, arms the watch
 *   // ... files change ...
 *   ingest.commit(repo.commit("main").setMessage("batch 2"));   // looks at the changed paths only
 * }
 * }</pre>
 *
 * <p>Built on {@link WatchService} (inotify on Linux), one watch per folder. Before each ingest the watch writes
 * and deletes a hidden cookie file in the root and waits for its event, so every change made before the ingest
 * started has been seen (the event queue is ordered). Whenever the changes cannot be known exactly — the event
 * queue overflowed, a watched folder was created, deleted or renamed, a folder could not be watched, the root is
 * read-only, or the platform delivers no events — the next ingest walks the whole tree, as it would without a
 * watch; a watch never makes an ingest miss a change. Ingests through one watch run one at a time.
 */
public final class DirectoryWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);
  private static final String COOKIE_PREFIX = ".datamgmt-watch-cookie-";
  private static final long SYNC_TIMEOUT_MS = 5_000;

  private final Path root;
  private final WatchService service;
  // a folder reached along two paths (a linked folder) is one inotify watch, hence one key for several paths
  private final Map<WatchKey, Set<Path>> folders = new ConcurrentHashMap<>();
  private final Set<Path> changed = new HashSet<>();
  // ids seen changing that no successful ingest has re-hashed yet
  private final Set<String> rehash = new HashSet<>();
  private final AtomicLong cookies = new AtomicLong();
  private final ReentrantLock ingestLock = new ReentrantLock();
  private volatile boolean lost = true; // no complete walk armed the watch yet
  private boolean closed;
  private long fullWalks;
  private long incrementalScans;

  // the last complete listing (DirectoryIngest's, opaque here) and the stat cache the last ingest wrote
  private Object listing;
  private StatCache statCache;
  private Path statCacheFile;
  private Stamp statCacheStamp;

  private DirectoryWatch(Path root, WatchService service) {
    this.root = root;
    this.service = service;
  }

  /**
   * Starts watching {@code root}; the first ingest through the watch walks the tree and arms it.
   *
   * @throws StorageException if {@code root} is not a directory or the platform offers no file watching
   */
  public static DirectoryWatch open(Path root) throws StorageException {
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new StorageException("cannot watch ingest root", abs.toString(), "a readable directory",
          Files.exists(abs) ? "a file" : "nothing");
    }
    try {
      return new DirectoryWatch(abs, abs.getFileSystem().newWatchService());
    } catch (IOException | UnsupportedOperationException e) {
      throw new StorageException("cannot watch ingest root", abs.toString(), "a file system with a watch service",
          e.toString(), e);
    }
  }

  /** The watched root, absolute and normalized. */
  public Path root() {
    return root;
  }

  /** Ingests through this watch that walked the whole tree (the first one, and any after lost events). */
  public synchronized long fullWalks() {
    return fullWalks;
  }

  /** Ingests through this watch that looked only at the paths that changed. */
  public synchronized long incrementalScans() {
    return incrementalScans;
  }

  /** Stops watching. Ingests configured with this watch then walk the whole tree. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      listing = null;
      statCache = null;
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing watch service of {}: {}", root, e.toString());
      }
    }
  }

  // ---- used by DirectoryIngest -------------------------------------------------------------------------

  /** Held by an ingest for its whole run: ingests through one watch are serialized. */
  ReentrantLock ingestLock() {
    return ingestLock;
  }

  /**
   * Forgets every watched folder before a complete walk, which {@link #watchFolder registers} them again as it
   * lists them: a change after a folder's registration is reported; one before it is in the listing.
   */
  synchronized void beginWalk() {
    for (WatchKey k : folders.keySet()) {
      k.cancel();
    }
    folders.clear();
    try {
      for (WatchKey k; (k = service.poll()) != null; ) {
        k.pollEvents(); // signalled before it was cancelled: the walk lists what it reported
      }
    } catch (ClosedWatchServiceException e) {
      // closed: 'lost' stays true below
    }
    changed.clear();
    listing = null;
    lost = closed;
    fullWalks++;
  }

  /** Registers a folder of the tree (called by the walk before it lists the folder; thread-safe). */
  void watchFolder(Path folder) {
    if (closed || lost) {
      return;
    }
    try {
      WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
      folders.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(folder);
    } catch (IOException | ClosedWatchServiceException | UnsupportedOperationException e) {
      // e.g. the inotify watch limit (fs.inotify.max_user_watches): ingests fall back to complete walks
      LOG.warn("cannot watch {} ({}); ingests of {} will walk the whole tree", folder, e, root);
      lost = true;
    }
  }

  /**
   * Records the listing an ingest used: from a complete walk ({@code complete}; null if it found bad files) or
   * the previous listing brought up to date with {@link #changes}.
   */
  synchronized void walked(Object listing, boolean complete) {
    this.listing = lost ? null : listing;
    if (!complete) {
      incrementalScans++;
    }
  }

  /** The listing of the last complete walk, kept current by {@link #changes}; null if there is none. */
  synchronized Object listing() {
    return listing;
  }

  /** Drops the listing (an ingest found the changes could not be applied, and walks). */
  synchronized void dropListing() {
    listing = null;
  }

  /**
   * The paths below the root created, modified or deleted since the last call, up to now, or null if they
   * cannot be known (the next walk must be complete). Hidden names are left out, as the ingest skips them.
   */
  synchronized Set<Path> changes() {
    if (closed || lost || listing == null) {
      return null;
    }
    String cookie = COOKIE_PREFIX + ProcessHandle.current().pid() + "-" + cookies.incrementAndGet();
    Path cookiePath = root.resolve(cookie);
    try {
      Files.createFile(cookiePath);
      Files.delete(cookiePath);
    } catch (IOException e) {
      LOG.debug("cannot write watch cookie in {} ({}); walking the whole tree", root, e.toString());
      lost = true;
      return null;
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_TIMEOUT_MS);
      boolean seen = false;
      while (!seen) {
        long wait = deadline - System.nanoTime();
        WatchKey key = wait <= 0 ? null : service.poll(wait, TimeUnit.NANOSECONDS);
        if (key == null) {
          LOG.warn("no event for watch cookie in {} after {} ms; walking the whole tree", root, SYNC_TIMEOUT_MS);
          lost = true;
          return null;
        }
        seen = take(key, cookie);
      }
      // the cookie's event came after every earlier one: what is queued now is complete up to the sync
      for (WatchKey key; (key = service.poll()) != null; ) {
        take(key, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lost = true;
      return null;
    } catch (ClosedWatchServiceException e) {
      lost = true;
      return null;
    }
    if (lost) {
      return null;
    }
    Set<Path> out = new HashSet<>(changed);
    changed.clear();
    return out;
  }

  /** Records ids seen changing; they are re-hashed by every ingest until one succeeds. */
  synchronized Set<String> toRehash(Set<String> changedIds) {
    rehash.addAll(changedIds);
    return new HashSet<>(rehash);
  }

  /** An ingest committed: what it re-hashed is in its stat cache. */
  synchronized void rehashed() {
    rehash.clear();
  }

  /** Whether {@code p} is a folder the watch registered (it changed: the listing below it is out of date). */
  boolean isWatchedFolder(Path p) {
    for (Set<Path> paths : folders.values()) {
      if (paths.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** Takes a key's events; returns whether the cookie was among them. */
  private boolean take(WatchKey key, String cookie) {
    boolean seen = false;
    Set<Path> paths = folders.get(key);
    for (WatchEvent<?> e : key.pollEvents()) {
      if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
        lost = true;
        continue;
      }
      String name = e.context().toString();
      if (cookie != null && name.equals(cookie) && paths != null && paths.contains(root)) {
        seen = true;
      } else if (!name.startsWith(".") && paths != null) {
        for (Path folder : paths) {
          changed.add(folder.resolve(name));
        }
      }
    }
    if (!key.reset() || paths == null) {
      lost = true; // a watched folder went away or a key is unknown: the listing may be out of date
    }
    return seen;
  }

  /** The stat cache this watch's last ingest wrote, if the file is still the one it wrote; else loads it. */
  synchronized StatCache statCache(Path file) {
    if (file != null && file.equals(statCacheFile) && statCache != null && statCacheStamp.equals(stamp(file))) {
      return statCache;
    }
    return StatCache.load(file);
  }

  /** Remembers the stat cache an ingest just wrote, with the file's size, mtime and identity. */
  synchronized void wroteStatCache(Path file, Map<String, StatCache.Entry> entries, ContentHash commit) {
    Stamp s = file == null || closed ? null : stamp(file);
    statCache = s == null ? null : StatCache.of(entries, s.mtimeNanos(), commit);
    statCacheFile = s == null ? null : file;
    statCacheStamp = s;
  }

  /** What identifies one version of the stat cache file: a rewrite (temporary file, rename) changes the key. */
  private record Stamp(long size, long mtimeNanos, Object fileKey) {}

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
    } catch (IOException e) {
      return null;
    }
  }
}
