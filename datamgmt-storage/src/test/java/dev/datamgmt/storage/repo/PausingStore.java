package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobPage;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A real store with a tripwire for crash tests: when a write to a key starting with {@code prefix} happens
 * (before or after it, as configured), it prints {@code PAUSED <key>} and blocks forever so the parent
 * process can kill -9 the JVM at exactly that point of a commit.
 */
final class PausingStore implements BlobStore {
  private final BlobStore delegate;
  private final String prefix;
  private final boolean before;

  PausingStore(BlobStore delegate, String prefix, boolean before) {
    this.delegate = delegate;
    this.prefix = prefix;
    this.before = before;
  }

  private void trip(String key) {
    if (key.startsWith(prefix)) {
      System.out.println("PAUSED " + key);
      System.out.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // keep waiting for the kill
        }
      }
    }
  }

  @Override
  public BlobInfo put(String key, byte[] data) throws DataException {
    if (before) {
      trip(key);
    }
    BlobInfo i = delegate.put(key, data);
    trip(key);
    return i;
  }

  @Override
  public BlobInfo put(String key, InputStream data, long length) throws DataException {
    if (before) {
      trip(key);
    }
    BlobInfo i = delegate.put(key, data, length);
    trip(key);
    return i;
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) throws DataException {
    if (before) {
      trip(key);
    }
    boolean b = delegate.putIfAbsent(key, data);
    trip(key);
    return b;
  }

  @Override
  public byte[] get(String key) throws DataException {
    return delegate.get(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws DataException {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public InputStream openStream(String key) throws DataException {
    return delegate.openStream(key);
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws DataException {
    return delegate.stat(key);
  }

  @Override
  public BlobPage list(String prefix, String pageToken, int pageSize) throws DataException {
    return delegate.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(String key) throws DataException {
    return delegate.delete(key);
  }

  @Override
  public String describe() {
    return "pausing(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
