package dev.datamgmt.storage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobKeys;
import dev.datamgmt.core.blob.BlobPage;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A {@link BlobStore} in front of another one that keeps immutable objects local: in memory (Caffeine, bounded
 * by bytes) and, optionally, in a local folder (bounded, least-recently-used, survives restarts).
 *
 * <p>What is cached: keys that name their content's hash ({@link ContentAddressedKeys}), plus any key the
 * {@link Builder#optImmutable} predicate accepts. These never change, so a cached copy never goes stale.
 * Content-addressed objects are checked against the hash in their key whenever they are fetched from the
 * backend; a mismatch is an {@link IntegrityException} and nothing is cached. All other keys (refs, markers)
 * pass through uncached. Writes and deletes go to the backend and drop any cached copy.
 *
 * <p>Reads of large objects land in the disk cache first (through {@link BlobStore#getToFile}, so an S3
 * backend downloads ranges in parallel) and are served from there; an object larger than a memory entry is
 * never held in memory.
 *
 * <pre>{@code
 * BlobStore local = CachingBlobStore.builder()
 *     .setBackend(s3)
 *     .optMemoryBytes(512L << 20)
 *     .optDisk(Path.of("/var/cache/datamgmt"), 50L << 30)
 *     .build();
 * }</pre>
 */
public final class CachingBlobStore implements BlobStore {
  private final BlobStore backend;
  private final boolean closeBackend;
  private final Predicate<String> immutable;
  private final Cache<String, byte[]> memory;
  private final long maxMemoryEntry;
  private final DiskCache disk;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> fillsInProgress = new ConcurrentHashMap<>();
  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder diskHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

  private CachingBlobStore(Builder b, DiskCache disk) {
    this.backend = b.backend;
    this.closeBackend = b.closeBackend;
    Predicate<String> extra = b.immutable;
    this.immutable = k -> ContentAddressedKeys.isContentAddressed(k) || (extra != null && extra.test(k));
    this.memory = Caffeine.newBuilder()
        .maximumWeight(b.memoryBytes)
        .weigher((String k, byte[] v) -> v.length + 64)
        .build();
    this.maxMemoryEntry = b.maxMemoryEntry >= 0 ? b.maxMemoryEntry : Math.max(0, b.memoryBytes / 8);
    this.disk = disk;
  }

  /** Starts a builder; {@link Builder#setBackend} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link CachingBlobStore}. */
  public static final class Builder {
    private BlobStore backend;
    private boolean closeBackend = true;
    private long memoryBytes = 256L << 20;
    private long maxMemoryEntry = -1;
    private Path diskDir;
    private long diskBytes;
    private Predicate<String> immutable;
    private boolean maxMemoryEntrySet;

    private Builder() {}

    /** The store being cached. Required. */
    public Builder setBackend(BlobStore backend) {
      this.backend = backend;
      return this;
    }

    /** Whether {@link #close()} also closes the backend (default true). */
    public Builder optCloseBackend(boolean close) {
      this.closeBackend = close;
      return this;
    }

    /** Bytes of object data held in memory (default 256 MiB; 0 turns the memory cache off). */
    public Builder optMemoryBytes(long bytes) {
      this.memoryBytes = bytes;
      return this;
    }

    /**
     * Largest object kept in memory (default an eighth of the memory cache); larger ones use the disk cache only.
     * It must not exceed {@link #optMemoryBytes}: a larger value is a conflict reported by {@link #build()}.
     */
    public Builder optMaxMemoryEntry(long bytes) {
      this.maxMemoryEntry = bytes;
      this.maxMemoryEntrySet = true;
      return this;
    }

    /** A local folder for the disk cache and its size bound in bytes (default: no disk cache). */
    public Builder optDisk(Path dir, long maxBytes) {
      this.diskDir = dir;
      this.diskBytes = maxBytes;
      return this;
    }

    /**
     * Also cache keys this predicate accepts (objects that never change but are not named by their hash, e.g.
     * {@code shardsets/<commit>.json}). They are cached without a hash check.
     */
    public Builder optImmutable(Predicate<String> immutableKeys) {
      this.immutable = immutableKeys;
      return this;
    }

    /**
     * Opens the cache (and scans an existing disk cache folder).
     *
     * @throws IllegalStateException if the backend was not set, or two settings conflict (naming both)
     * @throws IllegalArgumentException naming the bad setting and value
     * @throws StorageException if the disk cache folder cannot be used
     */
    public CachingBlobStore build() throws StorageException {
      if (backend == null) {
        throw new IllegalStateException("backend was not set; call setBackend");
      }
      if (memoryBytes < 0) {
        throw new IllegalArgumentException("memoryBytes must be >= 0: " + memoryBytes);
      }
      if (maxMemoryEntrySet && maxMemoryEntry < 0) {
        throw new IllegalArgumentException("maxMemoryEntry must be >= 0: " + maxMemoryEntry);
      }
      if (maxMemoryEntrySet && maxMemoryEntry > memoryBytes) {
        throw new IllegalStateException("optMaxMemoryEntry(" + maxMemoryEntry + ") conflicts with optMemoryBytes("
            + memoryBytes + "): no entry can be larger than the whole memory cache"
            + (memoryBytes == 0 ? ", which 0 turns off" : ""));
      }
      if (diskDir != null && diskBytes <= 0) {
        throw new IllegalArgumentException("disk cache maxBytes must be > 0: " + diskBytes);
      }
      DiskCache d = null;
      if (diskDir != null) {
        try {
          d = new DiskCache(diskDir, diskBytes);
        } catch (IOException e) {
          throw new StorageException("cannot open disk cache", diskDir.toString(), "a writable folder",
              BlobStore.describeFailure(e), e);
        }
      }
      return new CachingBlobStore(this, d);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("CachingBlobStore is closed: " + describe());
    }
  }

  private boolean cacheable(String key) {
    checkOpen();
    BlobKeys.check(key);
    return immutable.test(key);
  }

  private void invalidate(String key) {
    memory.invalidate(key);
    if (disk != null) {
      disk.invalidate(key);
    }
  }

  /** Counts of memory hits, disk hits and misses (fetches from the backend) of cacheable reads. */
  public record Stats(long memoryHits, long diskHits, long misses, long memoryBytes, long diskBytes) {}

  /** Hit and miss counts so far, and the bytes held. */
  public Stats stats() {
    long mem = memory.asMap().values().stream().mapToLong(v -> v.length).sum();
    return new Stats(memoryHits.sum(), diskHits.sum(), misses.sum(), mem, disk == null ? 0 : disk.totalBytes());
  }

  // ---------------------------------------------------------------- writes: to the backend, drop cached copies

  @Override
  public BlobInfo put(String key, byte[] data) throws DataException {
    cacheable(key);
    invalidate(key);
    return backend.put(key, data);
  }

  @Override
  public BlobInfo put(String key, InputStream data, long length) throws DataException {
    cacheable(key);
    invalidate(key);
    return backend.put(key, data, length);
  }

  @Override
  public BlobInfo putFile(String key, Path file) throws DataException {
    cacheable(key);
    invalidate(key);
    return backend.putFile(key, file);
  }

  @Override
  public CompletableFuture<BlobInfo> putAsync(String key, byte[] data) {
    try {
      cacheable(key);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    invalidate(key);
    return backend.putAsync(key, data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) throws DataException {
    cacheable(key);
    return backend.putIfAbsent(key, data);
  }

  @Override
  public boolean delete(String key) throws DataException {
    cacheable(key);
    invalidate(key);
    return backend.delete(key);
  }

  // ---------------------------------------------------------------- reads

  private static void verify(String key, byte[] data) throws IntegrityException {
    Optional<ContentHash> expected = ContentAddressedKeys.hashOf(key);
    if (expected.isPresent()) {
      expected.get().verify(data, key);
    }
  }

  /**
   * A memory hit is a read-only view of the cached bytes (no copy, no allocation); anything else is read as by
   * {@link #get} (filling the cache) and wrapped.
   */
  @Override
  public ByteBuffer getBuffer(String key) throws DataException {
    if (cacheable(key)) {
      byte[] hit = memory.getIfPresent(key);
      if (hit != null) {
        memoryHits.increment();
        return ByteBuffer.wrap(hit).asReadOnlyBuffer();
      }
    }
    return ByteBuffer.wrap(get(key)).asReadOnlyBuffer();
  }

  @Override
  public byte[] get(String key) throws DataException {
    if (!cacheable(key)) {
      return backend.get(key);
    }
    byte[] hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      return hit.clone(); // callers may write into what they get; the cached copy must stay intact
    }
    if (disk != null) {
      try (FileChannel ch = openCached(key)) {
        if (ch != null) {
          diskHits.increment();
          byte[] data = readAll(key, ch);
          remember(key, data);
          return data;
        }
      } catch (IOException e) {
        throw localFailure(key, e);
      }
    }
    misses.increment();
    if (disk != null && !fitsInMemory(key)) {
      try (FileChannel ch = fillDisk(key)) {
        return readAll(key, ch);
      } catch (IOException e) {
        throw localFailure(key, e);
      }
    }
    byte[] data = backend.get(key);
    verify(key, data);
    remember(key, data);
    if (disk != null) {
      storeOnDisk(key, data);
    }
    return data.clone();
  }

  private boolean fitsInMemory(String key) throws DataException {
    Optional<BlobInfo> info = backend.stat(key);
    if (info.isEmpty()) {
      throw new NotFoundException("no such object", key, "an existing object in " + backend.describe(), "none");
    }
    return info.get().size() <= maxMemoryEntry;
  }

  private void remember(String key, byte[] data) {
    if (data.length <= maxMemoryEntry) {
      memory.put(key, data.clone());
    }
  }

  private static byte[] readAll(String key, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("cached object too large for one array (" + size + " bytes): " + key);
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("cached file ended early at " + pos + " of " + size + " bytes: " + key);
      }
      pos += n;
    }
    return buf.array();
  }

  private StorageException localFailure(String key, IOException e) {
    return new StorageException("disk cache failed", key + " in " + (disk == null ? "-" : disk.dir()),
        "a readable cache file", BlobStore.describeFailure(e), e);
  }

  /** An open channel on the cached file, or null on a miss (also when eviction removed the file just now). */
  private FileChannel openCached(String key) throws IOException {
    Path p = disk.lookup(key);
    if (p == null) {
      return null;
    }
    try {
      return FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Downloads {@code key} into the disk cache (one download per key at a time, however many threads ask),
   * verifies it, and returns an open channel on it. The channel is opened before the file gets its cache name,
   * so a concurrent eviction cannot take it away from this reader.
   */
  private FileChannel fillDisk(String key) throws DataException, IOException {
    while (true) {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = fillsInProgress.putIfAbsent(key, mine);
      if (other != null) {
        other.exceptionally(e -> null).join();
        FileChannel ch = openCached(key);
        if (ch != null) {
          return ch;
        }
        continue; // the other fill failed or its file was evicted already: try ourselves
      }
      try {
        FileChannel ch = openCached(key);
        if (ch != null) {
          return ch;
        }
        Path tmp = disk.newTemporary();
        try {
          backend.getToFile(key, tmp);
          FileChannel opened = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
          try {
            verifyFile(key, opened);
            opened.force(true);
            disk.commit(key, tmp);
            return opened;
          } catch (DataException | IOException | RuntimeException e) {
            opened.close();
            throw e;
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      } finally {
        fillsInProgress.remove(key, mine);
        mine.complete(null);
      }
    }
  }

  private static void verifyFile(String key, FileChannel ch) throws IOException, IntegrityException {
    Optional<ContentHash> expected = ContentAddressedKeys.hashOf(key);
    if (expected.isEmpty()) {
      return;
    }
    MessageDigest md = ContentHash.newDigest();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    long pos = 0;
    for (int n; (n = ch.read(buf, pos)) > 0; ) {
      buf.flip();
      md.update(buf);
      buf.clear();
      pos += n;
    }
    ContentHash actual = ContentHash.ofDigest(md.digest());
    if (!actual.equals(expected.get())) {
      throw new IntegrityException("content hash mismatch", key, expected.get().toString(), actual.toString());
    }
  }

  private void storeOnDisk(String key, byte[] data) throws StorageException {
    if (data.length > disk.maxBytes()) {
      return;
    }
    Path tmp = disk.newTemporary();
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      disk.commit(key, tmp);
    } catch (IOException e) {
      throw localFailure(key, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // committed files were renamed away; a leftover temporary is removed at the next open
      }
    }
  }

  @Override
  public CompletableFuture<byte[]> getAsync(String key) {
    try {
      if (!cacheable(key)) {
        return backend.getAsync(key);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    byte[] hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      return CompletableFuture.completedFuture(hit.clone());
    }
    if (disk != null) {
      return BlobStore.super.getAsync(key);
    }
    misses.increment();
    return backend.getAsync(key).thenApply(data -> {
      try {
        verify(key, data);
      } catch (IntegrityException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
      remember(key, data);
      return data;
    });
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws DataException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0: " + offset + ", " + length);
    }
    if (!cacheable(key)) {
      return backend.getRange(key, offset, length);
    }
    byte[] hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      int from = (int) Math.min(offset, hit.length);
      return Arrays.copyOfRange(hit, from, (int) Math.min((long) from + length, hit.length));
    }
    if (disk == null) {
      byte[] all = get(key);
      int from = (int) Math.min(offset, all.length);
      return Arrays.copyOfRange(all, from, (int) Math.min((long) from + length, all.length));
    }
    // A range read of an immutable object (a Parquet footer, a row group) predicts more reads: fetch it whole.
    try (FileChannel ch = openOrFill(key)) {
      long size = ch.size();
      if (offset >= size) {
        return new byte[0];
      }
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, size - offset));
      long pos = offset;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos);
        if (n < 0) {
          break;
        }
        pos += n;
      }
      return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      throw localFailure(key, e);
    }
  }

  private FileChannel openOrFill(String key) throws DataException, IOException {
    FileChannel ch = openCached(key);
    if (ch != null) {
      diskHits.increment();
      return ch;
    }
    misses.increment();
    return fillDisk(key);
  }

  @Override
  public InputStream openStream(String key) throws DataException {
    if (!cacheable(key)) {
      return backend.openStream(key);
    }
    byte[] hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      return new ByteArrayInputStream(hit);
    }
    if (disk == null) {
      return new ByteArrayInputStream(get(key));
    }
    try {
      return Channels.newInputStream(openOrFill(key));
    } catch (IOException e) {
      throw localFailure(key, e);
    }
  }

  @Override
  public void getToFile(String key, Path target) throws DataException {
    if (!cacheable(key)) {
      backend.getToFile(key, target);
      return;
    }
    byte[] hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      try {
        Files.write(target, hit);
      } catch (IOException e) {
        throw new StorageException("cannot write local file", target.toString(), "a writable file", BlobStore.describeFailure(e), e);
      }
      return;
    }
    if (disk == null) {
      try {
        Files.write(target, get(key));
      } catch (IOException e) {
        throw new StorageException("cannot write local file", target.toString(), "a writable file", BlobStore.describeFailure(e), e);
      }
      return;
    }
    try (FileChannel ch = openOrFill(key);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      long size = ch.size();
      for (long pos = 0; pos < size; ) {
        pos += ch.transferTo(pos, size - pos, out);
      }
    } catch (IOException e) {
      throw new StorageException("cannot copy cached object to local file", key + " -> " + target, "a complete copy",
          BlobStore.describeFailure(e), e);
    }
  }

  // ---------------------------------------------------------------- metadata: always the backend's

  @Override
  public Optional<BlobInfo> stat(String key) throws DataException {
    checkOpen();
    return backend.stat(key);
  }

  @Override
  public BlobPage list(String prefix, String pageToken, int pageSize) throws DataException {
    checkOpen();
    return backend.list(prefix, pageToken, pageSize);
  }

  @Override
  public String describe() {
    return "cache(" + (disk == null ? "memory" : "memory+disk " + disk.dir()) + ") over " + backend.describe();
  }

  /** Drops the memory cache and closes the backend if so configured; the disk cache stays for the next run. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      memory.invalidateAll();
      if (closeBackend) {
        backend.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CachingBlobStore{" + describe() + "}";
  }
}
