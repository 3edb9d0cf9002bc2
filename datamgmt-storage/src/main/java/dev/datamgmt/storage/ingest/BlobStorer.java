package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.repo.PackWriter;
import dev.datamgmt.storage.repo.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store step of an ingest: hashes the files the stat cache cannot vouch for, on all threads of the pool,
 * and stores their bytes: up to the pack threshold into packs ({@link PackWriter}), larger ones as objects of
 * their own (streamed from the file above {@link #IN_MEMORY_LIMIT}).
 */
final class BlobStorer {
  /** Files up to this size are read once into memory (hash and upload from the same bytes); larger ones stream. */
  static final long IN_MEMORY_LIMIT = 64L << 20;

  private final Repository repo;
  private final IngestTasks tasks;
  private final int parallelism;
  private final long packThreshold;

  BlobStorer(Repository repo, IngestTasks tasks, int parallelism, long packThreshold) {
    this.repo = repo;
    this.tasks = tasks;
    this.parallelism = parallelism;
    this.packThreshold = packThreshold;
  }

  /**
   * Hashes and stores {@code files} (those whose cached hash names a {@code reusable} blob are taken from the
   * cache unless listed in {@code rehash}); unreadable files are added to {@code bad} and left out.
   */
  List<HashedFile> hashAll(List<ScannedFile> files, StatCache cache, Set<ContentHash> reusable, Set<String> rehash,
      PackWriter packs, List<BadFile> bad) throws DataException {
    HashedFile[] out = new HashedFile[files.size()];
    List<Integer> toRead = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ScannedFile f = files.get(i);
      ContentHash h = rehash.contains(f.id()) ? null : cache.lookup(f.id(), f.size(), f.mtimeNanos());
      if (h != null && reusable.contains(h)) {
        out[i] = new HashedFile(f, h, f.size(), true, true);
      } else {
        toRead.add(i);
      }
    }
    if (!toRead.isEmpty()) {
      List<BadFile> readFailures = Collections.synchronizedList(new ArrayList<>());
      int threads = Math.min(parallelism, toRead.size());
      // Largest files first, taken one at a time, so that the few big files do not end up on one core.
      List<Integer> order = new ArrayList<>(toRead);
      order.sort(Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed());
      AtomicInteger next = new AtomicInteger();
      List<Future<Object>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(tasks.submit(() -> {
          for (int k; (k = next.getAndIncrement()) < order.size(); ) {
            int i = order.get(k);
            ScannedFile f = files.get(i);
            try {
              out[i] = hashAndStore(f, packs, reusable);
            } catch (IOException e) {
              readFailures.add(new BadFile(f.id(), unreadable(e)));
            } catch (DataException e) {
              throw new UncheckedDataException(e);
            }
          }
          return null;
        }));
      }
      for (Future<Object> fu : futures) {
        tasks.await(fu);
      }
      bad.addAll(readFailures);
    }
    List<HashedFile> result = new ArrayList<>(files.size());
    for (HashedFile h : out) {
      if (h != null) {
        result.add(h);
      }
    }
    return result;
  }

  private HashedFile hashAndStore(ScannedFile f, PackWriter packs, Set<ContentHash> reusable)
      throws IOException, DataException {
    if (f.size() <= IN_MEMORY_LIMIT) {
      byte[] data = Files.readAllBytes(f.path());
      ContentHash h = ContentHash.of(data);
      if (data.length <= packThreshold) {
        if (!reusable.contains(h)) { // the parent version's blobs are stored already
          packs.put(h, data);
        }
      } else {
        repo.putBlob(h, data);
      }
      return new HashedFile(f, h, data.length, false, data.length == f.size() && unchanged(f));
    }
    MessageDigest md = ContentHash.newDigest();
    try (InputStream in = Files.newInputStream(f.path())) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    ContentHash h = ContentHash.ofDigest(md.digest());
    repo.putBlobFile(h, f.path());
    if (!unchanged(f)) {
      throw new IOException("file changed while it was being ingested (size or mtime differs)");
    }
    return new HashedFile(f, h, f.size(), false, true);
  }

  private static boolean unchanged(ScannedFile f) throws IOException {
    BasicFileAttributes now = Files.readAttributes(f.path(), BasicFileAttributes.class);
    return now.size() == f.size() && now.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) == f.mtimeNanos();
  }

  /** The problem of a file that cannot be read: the same words whether found while hashing or before failing. */
  static String unreadable(IOException e) {
    return "unreadable: expected a readable file, found " + e;
  }
}
