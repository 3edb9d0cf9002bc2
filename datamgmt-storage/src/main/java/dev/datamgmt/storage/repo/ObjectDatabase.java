package dev.datamgmt.storage.repo;

import static dev.datamgmt.storage.internal.repo.RepositoryKeys.commitKey;
import static dev.datamgmt.storage.internal.repo.RepositoryKeys.manifestKey;
import static dev.datamgmt.storage.internal.repo.RepositoryKeys.objectKey;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The object database under a {@link Repository}: the immutable, content-addressed objects of FORMAT.md (blobs
 * as objects of their own or in packs, manifests, commits), where they are stored, how they are read and
 * verified, and the caches in front of them. It knows nothing of refs, branches or merges: {@link Repository}
 * is the facade that builds those on top. Thread-safe.
 */
final class ObjectDatabase {
  private static final int CACHED_MANIFESTS = 4;
  private static final int CACHED_COMMITS = 10_000;

  private final BlobStore store;
  private final Clock clock;
  private final Packs.Index packIndex;
  private final Map<ContentHash, Commit> commitCache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ContentHash, Commit> eldest) {
      return size() > CACHED_COMMITS;
    }
  });
  private final Map<ContentHash, List<ManifestRow>> manifestCache = Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ContentHash, List<ManifestRow>> eldest) {
      return size() > CACHED_MANIFESTS;
    }
  });

  ObjectDatabase(BlobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.packIndex = new Packs.Index(store);
  }

  BlobStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  Packs.Index packIndex() {
    return packIndex;
  }

  // ---- blobs ----

  /**
   * Stores content-addressed bytes under {@code key} if absent; if present but older than
   * {@link Repository#REUSE_REFRESH_AGE}, rewrites the identical bytes so that gc's grace period protects them
   * again.
   */
  void storeObject(String key, byte[] data) throws DataException {
    if (createObject(key, data)) {
      return;
    }
    if (stale(key)) {
      store.put(key, data);
    }
  }

  /**
   * Create-if-absent of content-addressed bytes. On a store without conditional writes (an S3 server that ignores
   * {@code If-None-Match}) it is exists-then-put: two racing writers of one name write the same bytes, so nothing
   * is lost either way. Only refs need a true compare-and-swap, and they get one from their {@link RefStore}.
   *
   * @return true if the object was absent
   */
  boolean createObject(String key, byte[] data) throws DataException {
    try {
      return store.putIfAbsent(key, data);
    } catch (dev.datamgmt.storage.s3.ConditionalWriteUnsupportedException e) {
      if (store.exists(key)) {
        return false;
      }
      store.put(key, data);
      return true;
    }
  }

  /** {@link #storeObject} of a blob the caller hashed. */
  void putBlob(ContentHash hash, byte[] data) throws DataException {
    storeObject(objectKey(hash), data);
  }

  /** {@link #putBlob} streaming a local file, for blobs too large to hold in memory. */
  void putBlobFile(ContentHash hash, Path file) throws DataException {
    String key = objectKey(hash);
    if (stale(key)) {
      store.putFile(key, file); // new, or renewed so gc's grace period covers it (see Repository.gc)
    }
  }

  /** Whether {@code key} is absent, or older than {@link Repository#REUSE_REFRESH_AGE}. */
  private boolean stale(String key) throws DataException {
    Optional<BlobInfo> info = store.stat(key);
    return info.isEmpty() || info.get().lastModified().isBefore(clock.instant().minus(Repository.REUSE_REFRESH_AGE));
  }

  /** Whether the database holds the blob with this hash (as an object of its own or in a pack). */
  boolean hasBlob(ContentHash hash) throws DataException {
    return packIndex.find(hash) != null || store.exists(objectKey(hash)) || packIndex.locate(hash) != null;
  }

  /**
   * Reads a blob by hash, from its pack or its own object, and verifies it.
   *
   * @throws NotFoundException if there is no such blob
   * @throws IntegrityException if the stored bytes do not hash to {@code hash}
   */
  byte[] readBlob(ContentHash hash) throws DataException {
    Packs.Location at = packIndex.find(hash);
    if (at == null) {
      String key = objectKey(hash);
      try {
        byte[] data = store.get(key);
        hash.verify(data, key);
        return data;
      } catch (NotFoundException e) {
        at = packIndex.locate(hash); // packed by another writer since the index was read?
        if (at == null) {
          Map<String, IntegrityException> damaged = packIndex.damaged();
          if (!damaged.isEmpty()) {
            throw new IntegrityException("blob not found, and pack indexes are damaged", key,
                "the blob as an object or in a pack (run fsck)", "no such object; unreadable pack index(es) "
                + new TreeSet<>(damaged.keySet()), e);
          }
          throw e;
        }
      }
    }
    try {
      return readPacked(hash, at);
    } catch (IntegrityException e) {
      // a damaged packed copy: an intact object of its own, if there is one, still serves the read
      try {
        byte[] loose = store.get(objectKey(hash));
        hash.verify(loose, objectKey(hash));
        return loose;
      } catch (NotFoundException | IntegrityException other) {
        throw e;
      }
    }
  }

  byte[] readPacked(ContentHash hash, Packs.Location at) throws DataException {
    byte[] data;
    try {
      data = store.getRange(Packs.packKey(at.pack()), at.offset(), at.size());
    } catch (NotFoundException e) {
      // gc may have repacked the blob since the index was read: look again, once
      packIndex.forget(at.pack());
      Packs.Location now = packIndex.find(hash);
      if (now == null || now.pack().equals(at.pack())) {
        if (now == null && store.exists(objectKey(hash))) {
          byte[] loose = store.get(objectKey(hash));
          hash.verify(loose, objectKey(hash));
          return loose;
        }
        throw e;
      }
      at = now;
      data = store.getRange(Packs.packKey(at.pack()), at.offset(), at.size());
    }
    hash.verify(data, at.describe());
    return data;
  }

  // ---- commits ----

  /** Whether a commit with this id is stored. */
  boolean hasCommit(ContentHash id) throws DataException {
    return store.exists(commitKey(id));
  }

  /** The ids of up to {@code limit} stored commits whose hex starts with {@code hexPrefix}, in key order. */
  List<ContentHash> commitsStartingWith(String hexPrefix, int limit) throws DataException {
    String prefix = RepositoryKeys.COMMITS_PREFIX;
    try (Stream<BlobInfo> s = store.listAll(prefix + hexPrefix.toLowerCase(Locale.ROOT))) {
      return s.limit(limit)
          .map(b -> ContentHash.parse(b.key().substring(prefix.length(), b.key().length() - ".json".length())))
          .toList();
    } catch (UncheckedDataException e) {
      throw e.getCause();
    }
  }

  /**
   * Reads a commit, verified against its id.
   *
   * @throws NotFoundException if there is no such commit
   * @throws IntegrityException if the stored commit does not match its id
   */
  Commit readCommit(ContentHash id) throws DataException {
    Commit cached = commitCache.get(id);
    if (cached != null) {
      return cached;
    }
    String key = commitKey(id);
    Commit c = Commit.decode(id, store.get(key), key);
    commitCache.put(id, c);
    return c;
  }

  /** Stores a commit; returns it. */
  Commit writeCommit(Commit.Encoded encoded) throws DataException {
    createObject(commitKey(encoded.commit().id()), encoded.bytes());
    commitCache.put(encoded.commit().id(), encoded.commit());
    return encoded.commit();
  }

  // ---- manifests ----

  List<ManifestRow> readManifest(ContentHash id) throws DataException {
    List<ManifestRow> cached = manifestCache.get(id);
    if (cached != null) {
      return cached;
    }
    String key = manifestKey(id);
    List<ManifestRow> rows = List.copyOf(ManifestCodec.read(manifestBytes(id), key));
    manifestCache.put(id, rows);
    return rows;
  }

  /** A manifest's stored bytes, verified against its hash. */
  byte[] manifestBytes(ContentHash id) throws DataException {
    String key = manifestKey(id);
    byte[] data = store.get(key);
    id.verify(data, key);
    return data;
  }

  /**
   * Copies a manifest's stored bytes to a local file without holding them in memory, verified against its hash
   * (a streamed commit onto a base reads the base from there, one row group at a time).
   *
   * @throws NotFoundException if there is no such manifest
   * @throws IntegrityException if the stored bytes do not hash to {@code id}
   */
  void manifestToFile(ContentHash id, Path target) throws DataException {
    String key = manifestKey(id);
    store.getToFile(key, target);
    ContentHash actual;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(target)) {
      actual = ContentHash.of(in);
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot read a manifest copied to a local file",
          key + " -> " + target, "a readable local file", e.toString(), e);
    }
    if (!actual.equals(id)) {
      throw new IntegrityException("content hash mismatch", key, id.toString(), actual.toString());
    }
  }

  /** The decoded rows of a manifest if this database holds them, else null. */
  List<ManifestRow> cachedManifest(ContentHash id) {
    return manifestCache.get(id);
  }

  /**
   * The manifest of a base version with changes applied, its untouched row groups copied (see
   * {@link ManifestCodec#patch}); null if the base cannot be patched.
   */
  ManifestCodec.Patched patchManifest(ContentHash base, SortedMap<String, ManifestRow> puts, Set<String> removes)
      throws DataException {
    return ManifestCodec.patch(manifestBytes(base), manifestKey(base), puts, removes);
  }

  /** Stores manifest bytes; returns their hash. {@code rows}, if not null, are its decoded rows, kept in the cache. */
  ContentHash storeManifest(byte[] data, List<ManifestRow> rows) throws DataException {
    ContentHash id = ContentHash.of(data);
    createObject(manifestKey(id), data);
    if (rows != null) {
      manifestCache.put(id, List.copyOf(rows));
    }
    return id;
  }

  /**
   * Stores a manifest written to a local file (by a streaming commit) without reading it into memory; returns
   * its hash. Content-addressed, so an object already there under that name is kept.
   */
  ContentHash storeManifestFile(java.nio.file.Path file) throws DataException {
    ContentHash id;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      id = ContentHash.of(in);
    } catch (java.io.IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot read the manifest written for a commit",
          file.toString(), "a readable local file", e.toString(), e);
    }
    String key = manifestKey(id);
    if (!store.exists(key)) {
      store.putFile(key, file);
    }
    return id;
  }

  /** Stores a manifest for rows sorted by id; returns its hash. */
  ContentHash writeManifest(List<ManifestRow> sorted) throws DataException {
    byte[] data = ManifestCodec.write(sorted);
    ContentHash id = ContentHash.of(data);
    createObject(manifestKey(id), data);
    manifestCache.put(id, List.copyOf(sorted));
    return id;
  }

  /**
   * The rows of a manifest, decoded on first access: from {@code data} if given (the bytes just written), else
   * read from the store. A commit that copied most of its manifest returns its version this way, so that it
   * costs nothing until the records are asked for.
   */
  List<ManifestRow> lazyRows(ContentHash id, byte[] data, int size) {
    return new LazyRows(id, data, size);
  }

  private final class LazyRows extends AbstractList<ManifestRow> implements RandomAccess {
    private final ContentHash id;
    private final int size;
    private byte[] data;
    private volatile List<ManifestRow> rows;

    LazyRows(ContentHash id, byte[] data, int size) {
      this.id = id;
      this.data = data;
      this.size = size;
    }

    private List<ManifestRow> rows() {
      List<ManifestRow> r = rows;
      if (r == null) {
        synchronized (this) {
          r = rows;
          if (r == null) {
            try {
              r = data == null ? readManifest(id) : List.copyOf(ManifestCodec.read(data, manifestKey(id)));
            } catch (DataException e) {
              throw new UncheckedDataException(e);
            }
            if (r.size() != size) {
              throw new UncheckedDataException(new IntegrityException("manifest row count differs from its commit",
                  manifestKey(id), size + " rows", r.size() + " rows"));
            }
            manifestCache.put(id, r);
            rows = r;
            data = null;
          }
        }
      }
      return r;
    }

    @Override
    public ManifestRow get(int index) {
      return rows().get(index);
    }

    @Override
    public int size() {
      return size;
    }
  }

  @Override
  public String toString() {
    return "ObjectDatabase{" + store.describe() + "}";
  }
}
