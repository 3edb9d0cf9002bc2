package dev.datamgmt.cli;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.storage.ingest.DirectoryWatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores (by spec) and, when {@code watching}, the folder watches that commands share, kept open until
 * {@link #close}: one command's in a client process, a server's for its lifetime, the warm-up's for its run.
 * Thread-safe.
 */
final class Resources implements Cli.Session, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

  private final boolean watching;
  private final Map<String, BlobStore> stores = new ConcurrentHashMap<>();
  private final Map<Path, DirectoryWatch> watches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Resources(boolean watching) {
    this.watching = watching;
  }

  @Override
  public BlobStore store(String spec, Path cwd) throws DataException {
    String key = spec.startsWith("s3://") ? spec : Cli.storePath(spec, cwd).toString();
    BlobStore s = stores.get(key);
    if (s != null) {
      return s;
    }
    synchronized (stores) {
      s = stores.get(key);
      if (s == null) {
        if (closed) {
          throw new StorageException("cannot open store", key, "an open session", "the session is closed");
        }
        s = Cli.openStore(spec, cwd);
        stores.put(key, s);
      }
      return s;
    }
  }

  /** A watch of {@code root}, opened on first use; null when not watching or the folder cannot be watched. */
  @Override
  public DirectoryWatch watch(Path root) {
    if (!watching) {
      return null;
    }
    Path key = root.toAbsolutePath().normalize();
    synchronized (watches) {
      DirectoryWatch w = watches.get(key);
      if (w == null && !closed) {
        try {
          w = DirectoryWatch.open(key);
          watches.put(key, w);
        } catch (StorageException e) {
          return null; // not a folder (the ingest reports it) or no watch service: walk each time
        }
      }
      return w;
    }
  }

  /** The open stores' keys, sorted. */
  List<String> storeKeys() {
    return stores.keySet().stream().sorted().toList();
  }

  /** The open watches, by root. */
  List<DirectoryWatch> watches() {
    return watches.values().stream().sorted((a, b) -> a.root().compareTo(b.root())).toList();
  }

  @Override
  public String status() {
    return null;
  }

  @Override
  public boolean stop() {
    return false;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (watches) {
      watches.values().forEach(DirectoryWatch::close);
      watches.clear();
    }
    synchronized (stores) {
      for (BlobStore s : stores.values()) {
        try {
          s.close();
        } catch (Exception e) {
          LOG.warn("closing store {}: {}", s.describe(), e.toString());
        }
      }
      stores.clear();
    }
  }
}
