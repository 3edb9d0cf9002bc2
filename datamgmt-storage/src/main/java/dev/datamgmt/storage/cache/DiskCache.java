package dev.datamgmt.storage.cache;

import dev.datamgmt.core.hash.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of cached objects bounded by total bytes with least-recently-used eviction. A file is named by the
 * SHA-256 of its key and appears only complete (temporary file, fsync, rename). The recency order lives in
 * memory and in the files' modification times (touched on use), so it survives restarts: at open, files are
 * ranked by that time.
 */
final class DiskCache {
  private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
  private static final String TMP_SUFFIX = ".tmp";

  private final Path dir;
  private final long maxBytes;
  // file name -> size, in access order (eldest first)
  private final LinkedHashMap<String, Long> lru = new LinkedHashMap<>(16, 0.75f, true);
  private long totalBytes;

  DiskCache(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    List<Object[]> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(TMP_SUFFIX)) {
          Files.deleteIfExists(p); // a fill interrupted by a crash
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          found.add(new Object[] {name, a.size(), a.lastModifiedTime()});
        }
      }
    }
    found.sort((x, y) -> ((FileTime) x[2]).compareTo((FileTime) y[2]));
    synchronized (this) {
      for (Object[] f : found) {
        lru.put((String) f[0], (Long) f[1]);
        totalBytes += (Long) f[1];
      }
      evict();
    }
  }

  static String fileName(String key) {
    return ContentHash.of(key.getBytes(StandardCharsets.UTF_8)).hex();
  }

  /** The cached file for {@code key} (marked as used), or null. */
  Path lookup(String key) {
    String name = fileName(key);
    synchronized (this) {
      if (lru.get(name) == null) {
        return null;
      }
    }
    Path p = dir.resolve(name);
    try {
      Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
      return p;
    } catch (NoSuchFileException e) {
      forget(name);
      return null;
    } catch (IOException e) {
      return p; // recency on disk is a hint; the file is still good
    }
  }

  /** A fresh temporary file in the cache folder, to be filled and then {@link #commit}ted. */
  Path newTemporary() {
    return dir.resolve(UUID.randomUUID() + TMP_SUFFIX);
  }

  /** Moves a complete, synced temporary file into the cache as {@code key}'s entry and evicts as needed. */
  Path commit(String key, Path tmp) throws IOException {
    String name = fileName(key);
    Path target = dir.resolve(name);
    long size = Files.size(tmp);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    synchronized (this) {
      Long old = lru.put(name, size);
      totalBytes += size - (old == null ? 0 : old);
      evict();
    }
    return target;
  }

  /** Drops {@code key}'s entry, if any. */
  void invalidate(String key) {
    String name = fileName(key);
    forget(name);
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      LOG.debug("cannot delete cache file {}: {}", name, e.toString());
    }
  }

  private synchronized void forget(String name) {
    Long old = lru.remove(name);
    if (old != null) {
      totalBytes -= old;
    }
  }

  /** Evicts eldest entries until the cache fits; an open reader keeps its (unlinked) file until it closes. */
  private void evict() {
    Iterator<Map.Entry<String, Long>> it = lru.entrySet().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      try {
        Files.deleteIfExists(dir.resolve(e.getKey()));
      } catch (IOException ex) {
        LOG.debug("cannot evict cache file {}: {}", e.getKey(), ex.toString());
      }
      totalBytes -= e.getValue();
      it.remove();
    }
  }

  synchronized long totalBytes() {
    return totalBytes;
  }

  synchronized int entries() {
    return lru.size();
  }

  long maxBytes() {
    return maxBytes;
  }

  Path dir() {
    return dir;
  }
}
