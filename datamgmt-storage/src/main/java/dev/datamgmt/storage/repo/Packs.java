package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Pack files: many small blobs concatenated into one object, so that committing 20,000 small files writes a few
 * objects instead of 20,000. {@code packs/<hex>.pack} holds the blob bytes back to back (its name is the SHA-256
 * of the whole file); {@code packs/<hex>.idx} (same hex) lists each blob's hash, offset and size. The layout is
 * in FORMAT.md ("Packs"). Packing is physical only: manifests and commits name blobs by hash, so a version's id
 * does not depend on whether or where its blobs are packed.
 */
final class Packs {
  static final String PREFIX = "packs/";
  static final String PACK_SUFFIX = ".pack";
  static final String INDEX_SUFFIX = ".idx";
  private static final byte[] MAGIC = "DMPKIDX1".getBytes(StandardCharsets.US_ASCII);
  private static final int ENTRY_BYTES = 32 + 8 + 8;
  private static final int HEADER_BYTES = 8 + 32 + 8;

  private Packs() {}

  static String packKey(ContentHash pack) {
    return PREFIX + pack.hex() + PACK_SUFFIX;
  }

  static String indexKey(ContentHash pack) {
    return PREFIX + pack.hex() + INDEX_SUFFIX;
  }

  /** One blob of a pack: its hash and where its bytes are. */
  record Entry(ContentHash hash, long offset, long size) {}

  /** Where a packed blob lives; {@code packTime} is when its index was written (for gc and reuse). */
  record Location(ContentHash pack, long offset, int size, Instant packTime) {
    String describe() {
      return packKey(pack) + " at offset " + offset + " (" + size + " bytes)";
    }
  }

  /** A pack's index: its pack, entries sorted by hash, and when it was written. */
  record PackIndex(ContentHash pack, List<Entry> entries, Instant written) {}

  /**
   * The entries sorted by hash (a new list). Sorts primitive keys (the first 5 bytes of the hash, unsigned, and
   * the position) and orders the rare runs of equal 5-byte prefixes by the whole hash: the same order as sorting by
   * {@link ContentHash#compareTo}, without a comparator for every pack written (a generic sort whose comparators
   * change from call site to call site is compiled and recompiled by the JIT during every long commit).
   */
  static List<Entry> sortedByHash(List<Entry> entries) {
    int n = entries.size();
    if (n >= 1 << 24) {
      List<Entry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparing(Entry::hash));
      return sorted;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (prefix40(entries.get(i).hash()) << 24 | i) ^ Long.MIN_VALUE; // unsigned order as signed
    }
    java.util.Arrays.sort(keys);
    Entry[] out = new Entry[n];
    for (int i = 0; i < n; i++) {
      out[i] = entries.get((int) (keys[i] & 0xFFFFFF));
    }
    for (int i = 1; i < n; i++) {
      // insertion sort within a run of equal prefixes (keys ascend by prefix, so only such neighbours can be out
      // of order)
      for (int j = i; j > 0 && (keys[j] >>> 24) == (keys[j - 1] >>> 24) && out[j - 1].hash().compareTo(out[j].hash()) > 0;
          j--) {
        Entry t = out[j];
        out[j] = out[j - 1];
        out[j - 1] = t;
        long k = keys[j];
        keys[j] = keys[j - 1];
        keys[j - 1] = k;
      }
    }
    return java.util.Arrays.asList(out);
  }

  private static long prefix40(ContentHash h) {
    byte[] d = h.bytes();
    return (d[0] & 0xFFL) << 32 | (d[1] & 0xFFL) << 24 | (d[2] & 0xFFL) << 16 | (d[3] & 0xFFL) << 8 | (d[4] & 0xFFL);
  }

  /** Encodes an index: magic, pack hash, count, entries sorted by hash, then the SHA-256 of all that. */
  static byte[] encodeIndex(ContentHash pack, List<Entry> entries) {
    return encodeSortedIndex(pack, sortedByHash(entries));
  }

  /** {@link #encodeIndex} of entries already sorted by hash. */
  private static byte[] encodeSortedIndex(ContentHash pack, List<Entry> sorted) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + sorted.size() * ENTRY_BYTES + 32);
    b.put(MAGIC).put(pack.bytes()).putLong(sorted.size());
    for (Entry e : sorted) {
      b.put(e.hash.bytes()).putLong(e.offset).putLong(e.size);
    }
    MessageDigest md = ContentHash.newDigest();
    md.update(b.array(), 0, b.position());
    b.put(md.digest());
    return b.array();
  }

  /**
   * Decodes and checks an index read from {@code key}.
   *
   * @throws IntegrityException naming the key and what is wrong, if the index is damaged or not an index
   */
  static List<Entry> decodeIndex(byte[] data, ContentHash expectedPack, String key) throws IntegrityException {
    if (data.length < HEADER_BYTES + 32) {
      throw new IntegrityException("pack index too short", key, "at least " + (HEADER_BYTES + 32) + " bytes",
          data.length + " bytes");
    }
    if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IntegrityException("not a pack index", key, "magic DMPKIDX1",
          new String(data, 0, MAGIC.length, StandardCharsets.ISO_8859_1));
    }
    MessageDigest md = ContentHash.newDigest();
    md.update(data, 0, data.length - 32);
    if (!Arrays.equals(md.digest(), 0, 32, data, data.length - 32, data.length)) {
      throw new IntegrityException("pack index checksum mismatch", key,
          "the SHA-256 of the index in its last 32 bytes", "a different checksum (the index is damaged)");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    b.position(MAGIC.length);
    byte[] hash = new byte[32];
    b.get(hash);
    ContentHash pack = ContentHash.ofDigest(hash.clone());
    if (!pack.equals(expectedPack)) {
      throw new IntegrityException("pack index names another pack", key, expectedPack.toString(), pack.toString());
    }
    long count = b.getLong();
    long expectedLength = HEADER_BYTES + count * ENTRY_BYTES + 32;
    if (count < 0 || expectedLength != data.length) {
      throw new IntegrityException("pack index length does not match its entry count", key,
          expectedLength + " bytes for " + count + " entries", data.length + " bytes");
    }
    List<Entry> out = new ArrayList<>((int) count);
    ContentHash previous = null;
    for (long i = 0; i < count; i++) {
      b.get(hash);
      ContentHash h = ContentHash.ofDigest(hash.clone());
      long offset = b.getLong();
      long size = b.getLong();
      if (offset < 0 || size < 0 || size > Integer.MAX_VALUE) {
        throw new IntegrityException("pack index entry out of range", key + " entry " + i,
            "offset >= 0 and 0 <= size <= " + Integer.MAX_VALUE, "offset " + offset + ", size " + size);
      }
      if (previous != null && previous.compareTo(h) >= 0) {
        throw new IntegrityException("pack index entries out of order", key + " entry " + i,
            "hashes in strictly ascending order", h + " after " + previous);
      }
      previous = h;
      out.add(new Entry(h, offset, size));
    }
    return out;
  }

  /**
   * Writes a pack and then its index (the order crash safety relies on: an index never names a pack that is
   * not there) and returns the index as written.
   */
  static PackIndex write(BlobStore store, byte[] bytes, List<Entry> entries, Instant now) throws DataException {
    ContentHash pack = ContentHash.of(bytes);
    store.put(packKey(pack), bytes);
    List<Entry> sorted = sortedByHash(entries);
    store.put(indexKey(pack), encodeSortedIndex(pack, sorted));
    return new PackIndex(pack, sorted, now);
  }

  /**
   * {@link #write(BlobStore, byte[], List, Instant)} of a pack the caller hashed already ({@code pack}, the
   * SHA-256 of the {@code length} bytes {@code bytes} yields), streamed to the store.
   */
  static PackIndex write(BlobStore store, ContentHash pack, java.io.InputStream bytes, long length,
      List<Entry> entries, Instant now) throws DataException {
    store.put(packKey(pack), bytes, length);
    List<Entry> sorted = sortedByHash(entries);
    store.put(indexKey(pack), encodeSortedIndex(pack, sorted));
    return new PackIndex(pack, sorted, now);
  }

  /** The pack hash a key under {@code packs/} names, if it is a well-formed pack or index key. */
  static Optional<ContentHash> packOf(String key, String suffix) {
    if (!key.startsWith(PREFIX) || !key.endsWith(suffix)
        || key.length() != PREFIX.length() + 64 + suffix.length()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ContentHash.parse(key.substring(PREFIX.length(), PREFIX.length() + 64)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Lists and reads every pack index in the store except those of the packs in {@code skip}. Damaged indexes
   * are handed to {@code problems} and skipped.
   */
  static List<PackIndex> readAll(BlobStore store, Map<ContentHash, ?> skip,
      Consumer<IntegrityException> problems) throws DataException {
    List<BlobInfo> infos;
    try (Stream<BlobInfo> s = store.listAll(PREFIX)) {
      infos = s.filter(i -> i.key().endsWith(INDEX_SUFFIX)).toList();
    } catch (UncheckedDataException e) {
      throw e.getCause();
    }
    List<PackIndex> out = new ArrayList<>();
    for (BlobInfo info : infos) {
      Optional<ContentHash> pack = packOf(info.key(), INDEX_SUFFIX);
      if (pack.isEmpty() || skip.containsKey(pack.get())) {
        continue;
      }
      try {
        out.add(new PackIndex(pack.get(), decodeIndex(store.get(info.key()), pack.get(), info.key()),
            info.lastModified()));
      } catch (NotFoundException e) {
        // deleted by gc between list and get: its blobs were unreachable
      } catch (IntegrityException e) {
        problems.accept(e);
      }
    }
    return out;
  }

  /**
   * The repository's map from blob hash to pack location, loaded on first use and refreshed (by listing
   * {@code packs/}) when a lookup misses, since other writers may have added packs. Thread-safe.
   */
  static final class Index {
    private final BlobStore store;
    private final Map<ContentHash, Location> blobs = new ConcurrentHashMap<>();
    private final Map<ContentHash, Instant> loadedPacks = new ConcurrentHashMap<>();
    private final Map<String, IntegrityException> damaged = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    Index(BlobStore store) {
      this.store = store;
    }

    /** The location of a packed blob, or null if no pack known so far holds it. */
    Location find(ContentHash blob) throws DataException {
      if (!loaded) {
        synchronized (this) {
          if (!loaded) { // several threads may arrive here at once; one lists
            refresh();
          }
        }
      }
      return blobs.get(blob);
    }

    /** Like {@link #find} but re-lists the packs once on a miss. */
    Location locate(ContentHash blob) throws DataException {
      Location l = find(blob);
      if (l == null) {
        refresh();
        l = blobs.get(blob);
      }
      return l;
    }

    synchronized void refresh() throws DataException {
      for (PackIndex p : readAll(store, loadedPacks, e -> damaged.put(e.location(), e))) {
        add(p);
      }
      loaded = true;
    }

    /**
     * Indexes that could not be read, by key: their blobs cannot be located. Reads of blobs found nowhere
     * report them, since the blob may be in such a pack; fsck lists them.
     */
    Map<String, IntegrityException> damaged() {
      return Map.copyOf(damaged);
    }

    /**
     * Drops what is known about a pack that turned out to be gone (gc repacked or deleted it) and lists the
     * packs again, so that its blobs are found where they are now.
     */
    synchronized void forget(ContentHash pack) throws DataException {
      blobs.values().removeIf(l -> l.pack().equals(pack));
      loadedPacks.remove(pack);
      refresh();
    }

    void add(PackIndex p) {
      for (Entry e : p.entries) {
        // a blob in several packs: remember the newest copy (reuse and gc go by its age)
        blobs.merge(e.hash, new Location(p.pack, e.offset, (int) e.size, p.written),
            (old, now) -> now.packTime().isAfter(old.packTime()) ? now : old);
      }
      loadedPacks.put(p.pack, p.written);
    }
  }
}
