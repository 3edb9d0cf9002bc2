package dev.datamgmt.core.blob;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A flat namespace of immutable-by-convention objects under string keys: the one interface every storage
 * backend implements, and the only thing the versioning engine needs.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li>Keys follow {@link BlobKeys}; an invalid key is an {@link IllegalArgumentException}.
 *   <li>A put is all-or-nothing: readers see the old object or the whole new one, never part of it.
 *   <li>{@link #putIfAbsent} is atomic across threads and processes: of many concurrent callers for one key,
 *       exactly one returns {@code true}. The versioning engine moves refs only with it.
 *   <li>Listings are in ascending key order.
 * </ul>
 *
 * <p>Failures are {@link DataException}s: {@link NotFoundException} for a missing key,
 * {@link dev.datamgmt.core.error.StorageException} when the backend fails. Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {

  /** Writes {@code data} under {@code key}, replacing any object there. */
  BlobInfo put(String key, byte[] data) throws DataException;

  /**
   * Writes everything {@code data} yields under {@code key}; does not close the stream.
   *
   * @param length the number of bytes, or -1 if unknown
   */
  BlobInfo put(String key, InputStream data, long length) throws DataException;

  /** Writes the contents of a local file under {@code key}. */
  default BlobInfo putFile(String key, Path file) throws DataException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in, Files.size(file));
    } catch (IOException e) {
      throw new dev.datamgmt.core.error.StorageException(
          "cannot read local file", file.toString(), "a readable file", e.toString(), e);
    }
  }

  /**
   * Creates {@code key} with {@code data} only if no object exists there, atomically.
   *
   * @return true if this call created it, false if an object was already there (nothing is written)
   */
  boolean putIfAbsent(String key, byte[] data) throws DataException;

  /**
   * Reads a whole object.
   *
   * @throws NotFoundException if there is none
   */
  byte[] get(String key) throws DataException;

  /**
   * Reads a whole object as a read-only buffer. Stores that already hold the object in memory (the caching
   * tier's memory hits, the in-memory store) return a view of it without copying, so a hot read costs no
   * allocation; the default wraps a fresh {@link #get}. The buffer must not be retained past the caller's use if
   * the store is closed.
   *
   * @throws NotFoundException if there is none
   */
  default ByteBuffer getBuffer(String key) throws DataException {
    return ByteBuffer.wrap(get(key)).asReadOnlyBuffer();
  }

  /**
   * Reads up to {@code length} bytes from {@code offset}; fewer if the object ends sooner, none if
   * {@code offset} is at or past the end.
   *
   * @throws NotFoundException if there is no object
   */
  byte[] getRange(String key, long offset, int length) throws DataException;

  /**
   * Opens a stream over a whole object; the caller closes it.
   *
   * @throws NotFoundException if there is none
   */
  InputStream openStream(String key) throws DataException;

  /** Copies an object to a local file, replacing the file. Backends may read large objects in parallel. */
  default void getToFile(String key, Path target) throws DataException {
    try (InputStream in = openStream(key)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new dev.datamgmt.core.error.StorageException(
          "cannot copy object to local file", key + " -> " + target, "a complete copy", e.toString(), e);
    }
  }

  /** Size, etag and time of an object, or empty if there is none. */
  Optional<BlobInfo> stat(String key) throws DataException;

  /** Whether an object exists under {@code key}. */
  default boolean exists(String key) throws DataException {
    return stat(key).isPresent();
  }

  /**
   * One page of the objects whose keys start with {@code prefix}, ascending.
   *
   * @param pageToken null for the first page, else {@link BlobPage#nextPageToken()} of the previous one
   * @param pageSize at most this many items, {@code > 0}
   */
  BlobPage list(String prefix, String pageToken, int pageSize) throws DataException;

  /**
   * All objects under {@code prefix}, fetched page by page as the stream is consumed. A failure while
   * fetching a later page surfaces as {@link UncheckedDataException}.
   */
  default Stream<BlobInfo> listAll(String prefix) {
    BlobKeys.checkPrefix(prefix);
    Iterator<BlobInfo> it = new Iterator<>() {
      private Iterator<BlobInfo> page = java.util.Collections.emptyIterator();
      private String token;
      private boolean started;

      @Override
      public boolean hasNext() {
        while (!page.hasNext()) {
          if (started && token == null) {
            return false;
          }
          try {
            BlobPage p = list(prefix, token, 1000);
            started = true;
            token = p.nextPageToken();
            page = p.items().iterator();
          } catch (DataException e) {
            throw new UncheckedDataException(e);
          }
        }
        return true;
      }

      @Override
      public BlobInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /**
   * Deletes an object.
   *
   * @return true if there was one
   */
  boolean delete(String key) throws DataException;

  /**
   * {@link #put(String, byte[])} without waiting. The default runs synchronously; remote backends override it
   * to keep many small requests in flight.
   */
  default CompletableFuture<BlobInfo> putAsync(String key, byte[] data) {
    try {
      return CompletableFuture.completedFuture(put(key, data));
    } catch (DataException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #get(String)} without waiting; see {@link #putAsync}. */
  default CompletableFuture<byte[]> getAsync(String key) {
    try {
      return CompletableFuture.completedFuture(get(key));
    } catch (DataException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A short description for logs: the backend and its location, never credentials. */
  String describe();

  /** Releases connections, threads and files. Idempotent. */
  @Override
  void close();

  /** Helper for implementations: turns an {@link UncheckedIOException} or {@link IOException} into a message. */
  static String describeFailure(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
