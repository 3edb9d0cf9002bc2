package dev.datamgmt.storage.fs;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobKeys;
import dev.datamgmt.core.blob.BlobPage;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} on a local folder: the key {@code a/b/c} is the file {@code <root>/a/b/c}, so a
 * repository written here can be read with plain file tools.
 *
 * <p>Crash safety: every write goes to a temporary file under {@code <root>/.datamgmt-tmp/}, is fsynced and
 * then atomically renamed (or, for {@link #putIfAbsent}, hard-linked) into place, and the directory is
 * fsynced. A process killed mid-write leaves at most an orphaned temporary file, never a partial object.
 *
 * <p>{@link #putIfAbsent} is atomic across threads and processes: a hard link fails if the target exists.
 *
 * <p>Safety: keys follow {@link BlobKeys}; additionally the first segment {@value #RESERVED} is reserved for
 * temporary files, and a key whose resolved path leaves the root (for example through a symbolic
 * link inside the root that points elsewhere) is rejected with {@link IllegalArgumentException}. A file and a
 * "directory" cannot share a name here (S3 allows {@code a} and {@code a/b} side by side; a folder does not):
 * such a put fails with a {@link StorageException}.
 *
 * <pre>{@code
 * try (BlobStore store = FileSystemBlobStore.builder().setRoot(Path.of("/data/repo")).build()) {
 *   store.put("objects/x", bytes);
 * }
 * }</pre>
 */
public final class FileSystemBlobStore implements BlobStore {
  /** The reserved first key segment: the folder for temporary files. */
  public static final String RESERVED = ".datamgmt-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemBlobStore.class);
  private static final int COPY_BUFFER = 256 * 1024;
  private final Path root;
  private final Path realRoot;
  private final Path tmpDir;
  private final boolean fsync;
  private volatile boolean closed;

  private FileSystemBlobStore(Builder b) throws StorageException {
    this.fsync = b.fsync;
    try {
      Files.createDirectories(b.root);
      this.root = b.root.toAbsolutePath().normalize();
      this.realRoot = root.toRealPath();
      this.tmpDir = realRoot.resolve(RESERVED).resolve("tmp");
      Files.createDirectories(tmpDir);
    } catch (IOException e) {
      throw new StorageException("cannot open store folder", b.root.toString(), "a writable directory",
          BlobStore.describeFailure(e), e);
    }
    removeStaleTemporaries(b.staleTempAge);
  }

  /** Starts a builder; {@link Builder#setRoot} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link FileSystemBlobStore}. */
  public static final class Builder {
    private Path root;
    private boolean fsync = true;
    private Duration staleTempAge = Duration.ofHours(24);

    private Builder() {}

    /** The folder that holds the objects; created if missing. Required. */
    public Builder setRoot(Path root) {
      this.root = root;
      return this;
    }

    /**
     * Whether writes are fsynced before they become visible (default true). Turning it off keeps writes
     * atomic for readers but an OS crash (not a process crash) may then lose recent writes.
     */
    public Builder optFsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /**
     * Temporary files older than this, left behind by killed writers, are deleted when the store opens
     * (default 24 hours; long enough that no live writer still uses them).
     */
    public Builder optStaleTemporaryAge(Duration age) {
      this.staleTempAge = age;
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws IllegalStateException if the root was not set
     * @throws IllegalArgumentException if a setting is invalid
     * @throws StorageException if the folder cannot be created or opened
     */
    public FileSystemBlobStore build() throws StorageException {
      if (root == null) {
        throw new IllegalStateException("root was not set; call setRoot");
      }
      if (staleTempAge == null || staleTempAge.isNegative()) {
        throw new IllegalArgumentException("staleTemporaryAge must be >= 0: " + staleTempAge);
      }
      return new FileSystemBlobStore(this);
    }
  }

  /** The root folder (absolute, symbolic links resolved). */
  public Path root() {
    return realRoot;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("FileSystemBlobStore is closed: " + realRoot);
    }
  }

  /** Validates {@code key} and returns its path; rejects the reserved folder and any escape from the root. */
  Path resolve(String key) {
    checkOpen();
    BlobKeys.check(key);
    if (key.equals(RESERVED) || key.startsWith(RESERVED + "/")) {
      throw new IllegalArgumentException("blob key uses the reserved first segment '" + RESERVED
          + "' of the filesystem store: \"" + key + "\"");
    }
    Path p = realRoot.resolve(key).normalize();
    if (!p.startsWith(realRoot) || p.equals(realRoot)) {
      throw new IllegalArgumentException("blob key resolves outside the store root " + realRoot + ": \"" + key + "\"");
    }
    checkNoEscape(key, p);
    return p;
  }

  /**
   * Follows symbolic links along the existing part of {@code p} and rejects the key if they lead out of the
   * root. Called before every read and write.
   */
  private void checkNoEscape(String key, Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      // A dangling symbolic link: where it points is outside anything we created; refuse it.
      throw new IllegalArgumentException("blob key passes through a broken symbolic link under "
          + realRoot + ": \"" + key + "\"", e);
    }
    if (!real.startsWith(realRoot)) {
      throw new IllegalArgumentException("blob key escapes the store root " + realRoot
          + " through a symbolic link: \"" + key + "\" -> " + real);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public BlobInfo put(String key, byte[] data) throws DataException {
    Objects.requireNonNull(data, "data");
    return put(key, new ByteArrayInputStream(data), data.length);
  }

  @Override
  public BlobInfo put(String key, InputStream data, long length) throws DataException {
    Path target = resolve(key);
    Path tmp = writeTemporary(key, data, length);
    try {
      moveIntoPlace(key, tmp, target);
      return info(key, target);
    } finally {
      deleteQuietly(tmp);
    }
  }

  @Override
  public BlobInfo putFile(String key, Path file) throws DataException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in, Files.size(file));
    } catch (IOException e) {
      throw new StorageException("cannot read local file", file.toString(), "a readable file",
          BlobStore.describeFailure(e), e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) throws DataException {
    Path target = resolve(key);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw folderConflict(key, null);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path tmp = writeTemporary(key, new ByteArrayInputStream(data), data.length);
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          ensureParent(key, target);
          // link(2) creates the name only if it does not exist: the atomic create-if-absent, for threads and
          // for other processes alike. The temporary file is complete and fsynced before it gets the name.
          Files.createLink(target, tmp);
          syncDirectory(target.getParent());
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        } catch (NoSuchFileException e) {
          // A concurrent delete removed the (empty) parent folder between ensureParent and link.
          if (attempt >= 10) {
            throw writeFailure(key, e);
          }
        } catch (IOException e) {
          throw writeFailure(key, e);
        }
      }
    } finally {
      deleteQuietly(tmp);
    }
  }

  private Path writeTemporary(String key, InputStream data, long length) throws DataException {
    checkOpen();
    Path tmp = tmpDir.resolve(UUID.randomUUID() + ".tmp");
    long written = 0;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(ch);
      byte[] buf = new byte[COPY_BUFFER];
      for (int n; (n = data.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        written += n;
      }
      if (length >= 0 && written != length) {
        throw new StorageException("stream length mismatch", key, length + " bytes", written + " bytes");
      }
      if (fsync) {
        ch.force(true);
      }
      return tmp;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw writeFailure(key, e);
    } catch (DataException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private void moveIntoPlace(String key, Path tmp, Path target) throws DataException {
    for (int attempt = 0; ; attempt++) {
      try {
        ensureParent(key, target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        return;
      } catch (NoSuchFileException e) {
        if (attempt >= 10) {
          throw writeFailure(key, e);
        }
      } catch (AtomicMoveNotSupportedException e) {
        throw new StorageException("atomic rename not supported", realRoot.toString(),
            "temporary folder and objects on one filesystem", BlobStore.describeFailure(e), e);
      } catch (DirectoryNotEmptyException e) {
        throw folderConflict(key, e);
      } catch (IOException e) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw folderConflict(key, e);
        }
        throw writeFailure(key, e);
      }
    }
  }

  private static StorageException folderConflict(String key, Exception cause) {
    return new StorageException("key names a folder of other objects", key, "a file name",
        "a folder (the filesystem store cannot hold both 'a' and 'a/b')", cause);
  }

  private void ensureParent(String key, Path target) throws StorageException {
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new StorageException("a parent of the key is an object", key, "folders for the key's parents",
          "a file at " + realRoot.relativize(Path.of(e.getFile() == null ? parent.toString() : e.getFile()))
              + " (the filesystem store cannot hold both 'a' and 'a/b')", e);
    } catch (IOException e) {
      throw writeFailure(key, e);
    }
    // createDirectories follows links; check again that what it walked stays inside the root.
    checkNoEscape(key, parent);
  }

  private void syncDirectory(Path dir) {
    if (!fsync) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems cannot fsync a directory; the rename is still atomic, only durability is weaker.
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private StorageException writeFailure(String key, IOException e) {
    return new StorageException("cannot write object", key + " in " + realRoot, "a successful write",
        BlobStore.describeFailure(e), e);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete temporary file {}: {}", p, e.toString());
    }
  }

  private void removeStaleTemporaries(Duration age) {
    Instant cutoff = Instant.now().minus(age);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpDir)) {
      for (Path p : ds) {
        try {
          if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          LOG.debug("cannot remove stale temporary file {}: {}", p, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot scan {} for stale temporary files: {}", tmpDir, e.toString());
    }
  }

  // ---------------------------------------------------------------- reads

  private NotFoundException notFound(String key) {
    return new NotFoundException("no such object", key, "an existing object in " + realRoot, "none");
  }

  private StorageException readFailure(String key, IOException e) {
    return new StorageException("cannot read object", key + " in " + realRoot, "a readable file",
        BlobStore.describeFailure(e), e);
  }

  @Override
  public byte[] get(String key) throws DataException {
    Path p = resolve(key);
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(key);
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      throw readFailure(key, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws DataException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0: " + offset + ", " + length);
    }
    Path p = resolve(key);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
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
      return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(key);
      }
      throw readFailure(key, e);
    }
  }

  @Override
  public InputStream openStream(String key) throws DataException {
    Path p = resolve(key);
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(key);
      }
      // The open descriptor pins the inode: a concurrent replace (rename) does not disturb this reader.
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      throw readFailure(key, e);
    }
  }

  @Override
  public void getToFile(String key, Path target) throws DataException {
    Path p = resolve(key);
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(key);
      }
      Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      if (!Files.exists(p)) {
        throw notFound(key);
      }
      throw new StorageException("cannot copy object to local file", key + " -> " + target, "a complete copy",
          BlobStore.describeFailure(e), e);
    } catch (IOException e) {
      throw new StorageException("cannot copy object to local file", key + " -> " + target, "a complete copy",
          BlobStore.describeFailure(e), e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws DataException {
    Path p = resolve(key);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? Optional.of(info(key, a)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw readFailure(key, e);
    }
  }

  private BlobInfo info(String key, Path p) throws DataException {
    try {
      return info(key, Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      // Deleted or replaced by another writer right after our write: report what we wrote is gone.
      throw new StorageException("object changed during write", key, "the object just written",
          "it was deleted concurrently", e);
    } catch (IOException e) {
      throw readFailure(key, e);
    }
  }

  /**
   * Every write renames a new inode into place, so (inode, size, mtime) changes whenever the content does,
   * without reading the content.
   */
  private static BlobInfo info(String key, BasicFileAttributes a) {
    FileTime mtime = a.lastModifiedTime();
    Instant t = mtime.toInstant();
    String fileKey = String.valueOf(a.fileKey());
    String raw = fileKey + "|" + a.size() + "|" + t.getEpochSecond() + "." + t.getNano();
    String etag = ContentHash.of(raw.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32);
    return new BlobInfo(key, a.size(), etag, t);
  }

  // ---------------------------------------------------------------- listing and delete

  @Override
  public BlobPage list(String prefix, String pageToken, int pageSize) throws DataException {
    checkOpen();
    BlobKeys.checkPrefix(prefix);
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be > 0: " + pageSize);
    }
    List<BlobInfo> out = new ArrayList<>(Math.min(pageSize + 1, 1024));
    try {
      walk(realRoot, "", prefix, pageToken, pageSize + 1, out);
    } catch (IOException e) {
      throw new StorageException("cannot list objects", prefix + "* in " + realRoot, "a readable folder tree",
          BlobStore.describeFailure(e), e);
    }
    if (out.size() > pageSize) {
      List<BlobInfo> page = out.subList(0, pageSize);
      return new BlobPage(page, page.get(pageSize - 1).key());
    }
    return new BlobPage(out, null);
  }

  /**
   * Depth-first walk in key order. Siblings sort by name, with a folder compared as {@code name + "/"}: every
   * key below folder {@code d} starts with {@code d/}, so this order is exactly the global key order. Whole
   * folders outside the prefix or before the page token are skipped without being read.
   */
  private boolean walk(Path dir, String dirKey, String prefix, String after, int limit, List<BlobInfo> out)
      throws IOException {
    List<String[]> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        String name = child.getFileName().toString();
        if (dirKey.isEmpty() && name.equals(RESERVED)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // deleted while we listed
        }
        if (a.isDirectory()) {
          entries.add(new String[] {name + "/", "d"});
        } else if (a.isRegularFile()) {
          entries.add(new String[] {name, "f"});
        }
        // Symbolic links and other special files are not objects this store wrote: not listed.
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    entries.sort((x, y) -> x[0].compareTo(y[0]));
    for (String[] e : entries) {
      String key = dirKey + e[0];
      if (e[1].equals("d")) {
        boolean overlapsPrefix = key.startsWith(prefix) || prefix.startsWith(key);
        boolean afterToken = after == null || after.startsWith(key) || key.compareTo(after) > 0;
        if (overlapsPrefix && afterToken
            && walk(dir.resolve(e[0].substring(0, e[0].length() - 1)), key, prefix, after, limit, out)) {
          return true;
        }
      } else if (key.startsWith(prefix) && (after == null || key.compareTo(after) > 0)) {
        try {
          BasicFileAttributes a = Files.readAttributes(dir.resolve(e[0]), BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          out.add(info(key, a));
        } catch (NoSuchFileException ignored) {
          continue;
        }
        if (out.size() >= limit) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean delete(String key) throws DataException {
    Path p = resolve(key);
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      boolean existed = Files.deleteIfExists(p);
      if (existed) {
        syncDirectory(p.getParent());
        pruneEmptyParents(p.getParent());
      }
      return existed;
    } catch (IOException e) {
      throw new StorageException("cannot delete object", key + " in " + realRoot, "a deletable file",
          BlobStore.describeFailure(e), e);
    }
  }

  /** Removes folders left empty by a delete, up to the root; a concurrent writer simply recreates them. */
  private void pruneEmptyParents(Path dir) {
    while (dir != null && !dir.equals(realRoot) && dir.startsWith(realRoot)) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        return; // not empty (or already gone): stop
      }
      dir = dir.getParent();
    }
  }

  @Override
  public String describe() {
    return "file:" + realRoot;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FileSystemBlobStore{" + realRoot + "}";
  }
}
