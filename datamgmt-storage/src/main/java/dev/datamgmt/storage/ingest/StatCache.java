package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.hash.ContentHash;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's index, like git's: relative path → (size, mtime, hash) as of the last successful ingest. A file
 * whose size and mtime match is not read again. As in git, an entry whose file mtime is not older than the cache
 * file's own mtime is not trusted ("racily clean"): the file may have changed again within the filesystem's
 * timestamp granularity after it was hashed.
 *
 * <p>Text file, one entry per line: {@code <size>\t<mtime nanos>\t<hex hash>\t<path>}, after a header line
 * {@code datamgmt-stat-cache 2 <written at, epoch millis> <commit hex>} naming the commit whose records the
 * entries are (version 1 headers, without the commit, are still read). A damaged or foreign file is ignored
 * (everything is re-hashed), never trusted.
 */
final class StatCache {
  private static final Logger LOG = LoggerFactory.getLogger(StatCache.class);
  private static final String HEADER_V1 = "datamgmt-stat-cache 1 ";
  private static final String HEADER = "datamgmt-stat-cache 2 ";

  record Entry(long size, long mtimeNanos, ContentHash hash) {}

  private final Map<String, Entry> entries;
  private final long writtenAtNanos;
  private final ContentHash commit;

  private StatCache(Map<String, Entry> entries, long writtenAtNanos, ContentHash commit) {
    this.entries = entries;
    this.writtenAtNanos = writtenAtNanos;
    this.commit = commit;
  }

  /** A cache held in memory, as {@link #load} would read it from a file written at {@code writtenAtNanos}. */
  static StatCache of(Map<String, Entry> entries, long writtenAtNanos, ContentHash commit) {
    return new StatCache(entries, writtenAtNanos, commit);
  }

  static StatCache empty() {
    return new StatCache(new HashMap<>(), Long.MIN_VALUE, null);
  }

  /**
   * The commit whose records these entries are (every cached hash is a blob of that commit), or null if
   * unknown (an empty or version 1 cache).
   */
  ContentHash commit() {
    return commit;
  }

  /** The paths (record ids) the cache has entries for. */
  java.util.Set<String> paths() {
    return java.util.Collections.unmodifiableSet(entries.keySet());
  }

  /** Every hash in the cache. */
  java.util.Set<ContentHash> hashes() {
    java.util.Set<ContentHash> out = new java.util.HashSet<>(entries.size() * 2);
    entries.values().forEach(e -> out.add(e.hash));
    return out;
  }

  static StatCache load(Path file) {
    if (file == null) {
      return empty();
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      ContentHash commit = null;
      if (header != null && header.startsWith(HEADER)) {
        String[] parts = header.substring(HEADER.length()).trim().split(" ");
        Long.parseLong(parts[0]); // informative; the file's mtime is what counts
        commit = parts.length > 1 ? ContentHash.parse(parts[1]) : null;
      } else if (header != null && header.startsWith(HEADER_V1)) {
        Long.parseLong(header.substring(HEADER_V1.length()).trim());
      } else {
        LOG.warn("ignoring stat cache {}: unknown header", file);
        return empty();
      }
      long writtenAt = Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS);
      Map<String, Entry> m = new HashMap<>();
      for (String line; (line = r.readLine()) != null; ) {
        int a = line.indexOf('\t');
        int b = line.indexOf('\t', a + 1);
        int c = line.indexOf('\t', b + 1);
        m.put(line.substring(c + 1), new Entry(Long.parseLong(line.substring(0, a)),
            Long.parseLong(line.substring(a + 1, b)), ContentHash.parse(line.substring(b + 1, c))));
      }
      return new StatCache(m, writtenAt, commit);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring damaged stat cache {}: {}", file, e.toString());
      return empty();
    }
  }

  /** The cached hash if size and mtime match and the entry is not racy. */
  ContentHash lookup(String path, long size, long mtimeNanos) {
    Entry e = entries.get(path);
    if (e == null || e.size != size || e.mtimeNanos != mtimeNanos) {
      return null;
    }
    if (mtimeNanos >= writtenAtNanos) {
      return null;
    }
    return e.hash;
  }

  /** Writes a new cache atomically (temporary file, then rename); failures only log: the cache is an optimization. */
  static void save(Path file, Map<String, Entry> entries, ContentHash commit) {
    if (file == null) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(HEADER + System.currentTimeMillis() + " " + commit.hex() + "\n");
        StringBuilder sb = new StringBuilder(128);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
          sb.setLength(0);
          sb.append(e.getValue().size).append('\t').append(e.getValue().mtimeNanos).append('\t')
              .append(e.getValue().hash.hex()).append('\t').append(e.getKey()).append('\n');
          w.write(sb.toString());
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot write stat cache {}: {} (the next ingest will re-hash everything)", file, e.toString());
    }
  }
}
