package dev.datamgmt.storage.repo;

import dev.datamgmt.storage.internal.repo.RepositoryKeys;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.concurrent.Threads;
import dev.datamgmt.core.record.BlobRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Stores many small blobs as a few pack objects ({@code packs/<hex>.pack} plus its index, see FORMAT.md
 * "Packs") instead of one object each: on a local folder that saves a file creation per blob, on S3 a request
 * per blob. Obtain one with {@link Repository#newPackWriter()}, {@link #put} the blobs, and {@link #close()} it
 * <em>before</em> committing records that reference them: a blob is readable (and a commit referencing it is
 * accepted) only once its pack has been written, which happens when the buffered bytes reach the target pack
 * size and on close.
 *
 * <pre>{@code
 * try (PackWriter packs = repo.newPackWriter()) {
 *   for (byte[] png : generated) {
 *     commit.addRecord(Record.builder(id(png)).setBlob(packs.put(png, "image/png")).build());
 *   }
 * }                                  // packs written here
 * commit.setMessage("synthetic batch").commit();
 * }</pre>
 *
 * <p>A blob already in a pack written less than {@link Repository#REUSE_REFRESH_AGE} ago is not stored again
 * (older copies are rewritten, so that gc's grace period protects them while the commit is made). Crash
 * safety is that of every other object: a pack and its index are written before any commit references them,
 * so a writer killed at any point leaves at most unreferenced packs, which gc deletes. Thread-safe: several
 * threads may put at once. A full pack is hashed and written by a background thread while the callers go on
 * putting, so that their work (generating the next blobs, say) overlaps the pack's hashing, writing and fsync; at
 * most one pack is written at a time (a put that fills the next one first waits for it), so the writer holds at
 * most the pack being filled, the one being written and any a concurrent put sealed meanwhile. {@link #flush()}
 * and {@link #close()} return once every pack is written; a failed background write is thrown by the next
 * {@code put}, {@code flush} or {@code close}, and the writer accepts nothing after it.
 */
public final class PackWriter implements AutoCloseable {
  /** The default size at which a pack is written: 64 MiB. */
  public static final int DEFAULT_TARGET_BYTES = 64 << 20;

  private final Repository repo;
  private final int targetBytes;
  /**
   * Blobs of the packs not written yet (the one being filled and those being written): a blob in a written pack
   * is found in the repository's pack index instead, so this set stays about two packs' worth of hashes however
   * many blobs the writer stores.
   */
  private final Set<ContentHash> seen = new HashSet<>();
  /**
   * The buffered pack as fixed blocks, never one large array: a growing multi-megabyte buffer (doubled and copied,
   * then copied again when sealed) was a "humongous" allocation in G1 each time and triggered most of the garbage
   * collections of a generate-and-commit run.
   */
  private List<byte[]> blocks = new ArrayList<>();
  /**
   * Blocks of packs already written, for the next packs: a fresh block lives until its pack is written and so
   * survives young collections, which copy it each time; a recycled block is old and is never copied again. At
   * most one pack's worth is kept.
   */
  private final List<byte[]> spare = new ArrayList<>();
  private int length;
  private List<Packs.Entry> entries = new ArrayList<>();
  private int packsWritten;
  private long blobsWritten;
  private boolean closed;
  /** Serializes hand-offs to the background writer; guards {@link #inFlight}. */
  private final Object handoff = new Object();
  /** The thread writing the last sealed pack, or null. */
  private Thread inFlight;
  /** The first failure of a background write; guarded by {@code this}. */
  private Throwable failure;

  PackWriter(Repository repo, int targetBytes) {
    if (targetBytes < 1) {
      throw new IllegalArgumentException("target pack size must be >= 1 byte: " + targetBytes);
    }
    this.repo = repo;
    this.targetBytes = targetBytes;
  }

  /**
   * Hashes and buffers a blob; returns its reference. The bytes are copied.
   *
   * @throws IllegalStateException if the writer is closed
   */
  public BlobRef put(byte[] data, String mediaType) throws DataException {
    BlobRef ref = BlobRef.of(data, mediaType);
    put(ref.hash(), data);
    return ref;
  }

  /**
   * Buffers a blob whose SHA-256 the caller has computed already (an ingest that hashed the file). The hash is
   * trusted here; every read verifies it, so a wrong one surfaces as an integrity error, never as wrong data.
   * A blob already in a pack written within {@link Repository#REUSE_REFRESH_AGE} is not packed again once one
   * ranged read has shown that packed copy intact; a damaged packed copy gets a good object of its own instead.
   */
  public void put(ContentHash hash, byte[] data) throws DataException {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(data, "data");
    Packs.Location existing = repo.objects().packIndex().find(hash);
    if (existing != null
        && existing.packTime().isAfter(repo.clock().instant().minus(Repository.REUSE_REFRESH_AGE))) {
      // Reuse the packed copy only if it is intact (one ranged read): a damaged copy is not a copy. Instead the
      // blob gets an object of its own, which every read falls back to when the packed bytes fail their hash.
      try {
        repo.objects().readPacked(hash, existing);
        return;
      } catch (dev.datamgmt.core.error.IntegrityException damaged) {
        repo.objects().storeObject(RepositoryKeys.objectKey(hash), data);
        return;
      } catch (dev.datamgmt.core.error.NotFoundException gone) {
        // the pack vanished (gc repacked it): pack the blob again below
      }
    }
    Sealed full = null;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("this PackWriter is closed; start a new one with Repository.newPackWriter");
      }
      Threads.rethrow(failure); // a failed background write, if any
      if (!seen.add(hash)) {
        return;
      }
      if ((long) length + data.length > Integer.MAX_VALUE - 16L) {
        throw new IllegalArgumentException("blob of " + data.length + " bytes does not fit a pack of " + length
            + " buffered bytes; store it with Repository.putBlob");
      }
      entries.add(new Packs.Entry(hash, length, data.length));
      append(data);
      if (length >= targetBytes) {
        full = take();
      }
    }
    if (full != null) {
      writeInBackground(full);
    }
  }

  /** Waits for the pack being written, then starts writing {@code s} on a new thread. */
  private void writeInBackground(Sealed s) throws DataException {
    synchronized (handoff) {
      awaitInFlight();
      Thread t = new Thread(() -> {
        try {
          write(s);
        } catch (Throwable e) {
          synchronized (this) {
            if (failure == null) {
              failure = e;
            }
          }
        }
      }, "datamgmt-pack-writer");
      t.setDaemon(true);
      inFlight = t;
      t.start();
    }
  }

  /** Waits (uninterruptibly) until no pack is being written, then rethrows a failed write. */
  private void awaitInFlight() throws DataException {
    synchronized (handoff) {
      Thread t = inFlight;
      if (t != null) {
        Threads.joinUninterruptibly(t);
        inFlight = null;
      }
    }
    synchronized (this) {
      Threads.rethrow(failure); // a failed background write, if any
    }
  }

  /** Bytes per buffer block: well below half of G1's smallest region, so never a humongous allocation. */
  static final int BLOCK_BYTES = 128 << 10;

  /** Copies {@code data} to the end of the blocks. Called holding the lock. */
  private void append(byte[] data) {
    int off = 0;
    while (off < data.length) {
      int inBlock = length % BLOCK_BYTES;
      if (inBlock == 0 && length / BLOCK_BYTES == blocks.size()) {
        // a recycled block's old bytes are never read: only the first length bytes of a pack are
        blocks.add(spare.isEmpty() ? new byte[BLOCK_BYTES] : spare.remove(spare.size() - 1));
      }
      int n = Math.min(BLOCK_BYTES - inBlock, data.length - off);
      System.arraycopy(data, off, blocks.get(length / BLOCK_BYTES), inBlock, n);
      off += n;
      length += n;
    }
  }

  private record Sealed(List<byte[]> blocks, int length, List<Packs.Entry> entries) {}

  private Sealed take() {
    Sealed s = new Sealed(blocks, length, entries);
    entries = new ArrayList<>();
    blocks = new ArrayList<>();
    length = 0;
    return s;
  }

  /** Hashes the sealed blocks (outside the lock, so other threads keep putting) and writes pack and index. */
  private void write(Sealed s) throws DataException {
    java.security.MessageDigest md = ContentHash.newDigest();
    for (int off = 0; off < s.length; off += BLOCK_BYTES) {
      md.update(s.blocks.get(off / BLOCK_BYTES), 0, Math.min(BLOCK_BYTES, s.length - off));
    }
    ContentHash pack = ContentHash.ofDigest(md.digest());
    repo.objects().packIndex().add(Packs.write(repo.store(), pack, new BlocksInput(s.blocks, s.length), s.length,
        s.entries, repo.clock().instant()));
    synchronized (this) {
      packsWritten++;
      blobsWritten += s.entries.size();
      for (Packs.Entry e : s.entries) {
        seen.remove(e.hash()); // in the pack index now, which put consults first
      }
      // the store has read the stream to its end: the blocks are free for the next packs
      int keep = targetBytes / BLOCK_BYTES + 1;
      for (byte[] b : s.blocks) {
        if (spare.size() < keep) {
          spare.add(b);
        }
      }
    }
  }

  /**
   * Writes the buffered blobs as a pack now (no pack if none are buffered) and waits for the pack being written
   * in the background: when it returns, every blob put before it is stored.
   *
   * @throws DataException if this or an earlier background write failed
   */
  public void flush() throws DataException {
    awaitInFlight();
    Sealed s = null;
    synchronized (this) {
      if (!entries.isEmpty()) {
        s = take();
      }
    }
    if (s != null) {
      write(s);
    }
    awaitInFlight(); // a pack a concurrent put sealed meanwhile
  }

  /** The buffered blocks read back in order, for writing a pack without joining them into one array. */
  private static final class BlocksInput extends java.io.InputStream {
    private final List<byte[]> blocks;
    private final int length;
    private int pos;

    BlocksInput(List<byte[]> blocks, int length) {
      this.blocks = blocks;
      this.length = length;
    }

    @Override
    public int read() {
      if (pos >= length) {
        return -1;
      }
      int b = blocks.get(pos / BLOCK_BYTES)[pos % BLOCK_BYTES] & 0xff;
      pos++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = Math.min(Math.min(len, length - pos), BLOCK_BYTES - pos % BLOCK_BYTES);
      System.arraycopy(blocks.get(pos / BLOCK_BYTES), pos % BLOCK_BYTES, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return length - pos;
    }
  }

  /** Packs written so far. */
  public synchronized int packsWritten() {
    return packsWritten;
  }

  /** Blobs written into packs so far (blobs already packed recently are not counted). */
  public synchronized long blobsWritten() {
    return blobsWritten;
  }

  /** Writes the last pack; idempotent. */
  @Override
  public void close() throws DataException {
    flush();
    synchronized (this) {
      closed = true;
      spare.clear();
    }
  }
}
