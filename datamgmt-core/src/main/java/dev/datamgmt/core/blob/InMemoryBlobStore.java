package dev.datamgmt.core.blob;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link BlobStore} in the heap, for tests and small experiments. Fully thread-safe with the same
 * guarantees as the durable stores; its clock is injectable so tests can age objects (e.g. for gc grace
 * periods).
 */
public final class InMemoryBlobStore implements BlobStore {
  private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
  private final Clock clock;
  private volatile boolean closed;

  private record Entry(byte[] data, String etag, Instant lastModified) {}

  /** A store using the system clock. */
  public InMemoryBlobStore() {
    this(Clock.systemUTC());
  }

  /** A store whose object times come from {@code clock}. */
  public InMemoryBlobStore(Clock clock) {
    this.clock = clock;
  }

  private Entry entry(byte[] data) {
    // The etag is derived from the content, as S3 does for single-part uploads.
    return new Entry(data, ContentHash.of(data).hex().substring(0, 32), clock.instant());
  }

  private static BlobInfo info(String key, Entry e) {
    return new BlobInfo(key, e.data.length, e.etag, e.lastModified);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("InMemoryBlobStore is closed");
    }
  }

  @Override
  public BlobInfo put(String key, byte[] data) {
    checkOpen();
    BlobKeys.check(key);
    Entry e = entry(data.clone());
    objects.put(key, e);
    return info(key, e);
  }

  @Override
  public BlobInfo put(String key, InputStream data, long length) throws DataException {
    BlobKeys.check(key);
    try {
      byte[] bytes = data.readAllBytes();
      if (length >= 0 && bytes.length != length) {
        throw new StorageException("stream length mismatch", key, length + " bytes", bytes.length + " bytes");
      }
      return put(key, bytes);
    } catch (IOException e) {
      throw new StorageException("cannot read input stream", key, "a readable stream", e.toString(), e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    checkOpen();
    BlobKeys.check(key);
    return objects.putIfAbsent(key, entry(data.clone())) == null;
  }

  private Entry require(String key) throws NotFoundException {
    checkOpen();
    BlobKeys.check(key);
    Entry e = objects.get(key);
    if (e == null) {
      throw new NotFoundException("no such object", key, "an existing object", "none");
    }
    return e;
  }

  @Override
  public byte[] get(String key) throws NotFoundException {
    return require(key).data.clone();
  }

  /** A read-only view of the stored bytes, without copying. */
  @Override
  public java.nio.ByteBuffer getBuffer(String key) throws NotFoundException {
    return java.nio.ByteBuffer.wrap(require(key).data).asReadOnlyBuffer();
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws NotFoundException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0: " + offset + ", " + length);
    }
    byte[] d = require(key).data;
    int from = (int) Math.min(offset, d.length);
    int to = (int) Math.min((long) from + length, d.length);
    return Arrays.copyOfRange(d, from, to);
  }

  @Override
  public InputStream openStream(String key) throws NotFoundException {
    return new ByteArrayInputStream(require(key).data);
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    checkOpen();
    BlobKeys.check(key);
    Entry e = objects.get(key);
    return e == null ? Optional.empty() : Optional.of(info(key, e));
  }

  @Override
  public BlobPage list(String prefix, String pageToken, int pageSize) {
    checkOpen();
    BlobKeys.checkPrefix(prefix);
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be > 0: " + pageSize);
    }
    ConcurrentNavigableMap<String, Entry> tail =
        pageToken == null ? objects.tailMap(prefix, true) : objects.tailMap(pageToken, false);
    List<BlobInfo> items = new ArrayList<>();
    String last = null;
    for (Map.Entry<String, Entry> e : tail.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (items.size() == pageSize) {
        return new BlobPage(items, last);
      }
      items.add(info(e.getKey(), e.getValue()));
      last = e.getKey();
    }
    return new BlobPage(items, null);
  }

  @Override
  public boolean delete(String key) {
    checkOpen();
    BlobKeys.check(key);
    return objects.remove(key) != null;
  }

  /** Number of objects stored. */
  public int size() {
    return objects.size();
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryBlobStore{" + objects.size() + " objects}";
  }
}
