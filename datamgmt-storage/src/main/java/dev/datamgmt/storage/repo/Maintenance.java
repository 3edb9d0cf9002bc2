package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** fsck and gc: both walk everything reachable from the ref logs. */
final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private Maintenance() {}

  /** What the walk found reachable, and what it could not read. */
  static final class Walk {
    final List<FsckReport.Problem> problems = new ArrayList<>();
    final Set<ContentHash> commits = new HashSet<>();
    final Set<ContentHash> manifests = new HashSet<>();
    final Map<ContentHash, String> blobs = new LinkedHashMap<>(); // hash -> a record referencing it
    int refEntries;
  }

  static Walk walk(Repository repo) throws DataException {
    Walk w = new Walk();
    List<RefStore.Entry> entries = repo.refs.allEntries(w.problems);
    w.refEntries = entries.size();
    ArrayDeque<ContentHash> todo = new ArrayDeque<>();
    Map<ContentHash, String> referrer = new LinkedHashMap<>();
    for (RefStore.Entry e : entries) {
      if (w.commits.add(e.commit())) {
        todo.add(e.commit());
        referrer.put(e.commit(), "a ref entry");
      }
    }
    while (!todo.isEmpty()) {
      ContentHash id = todo.poll();
      String key = RepositoryKeys.commitKey(id);
      Commit c;
      try {
        c = repo.readCommit(id);
      } catch (NotFoundException e) {
        w.problems.add(new FsckReport.Problem(FsckReport.Kind.MISSING, key, "commit referenced by " + referrer.get(id)));
        continue;
      } catch (IntegrityException e) {
        w.problems.add(new FsckReport.Problem(FsckReport.Kind.CORRUPT, key, e.getMessage()));
        continue;
      } catch (UnsupportedFormatException e) {
        w.problems.add(new FsckReport.Problem(FsckReport.Kind.UNREADABLE, key, e.getMessage()));
        continue;
      }
      for (ContentHash p : c.parents()) {
        if (w.commits.add(p)) {
          todo.add(p);
          referrer.put(p, "commit " + id);
        }
      }
      if (w.manifests.add(c.manifest())) {
        String mkey = RepositoryKeys.manifestKey(c.manifest());
        try {
          for (ManifestRow row : repo.objects().readManifest(c.manifest())) {
            Record r = row.decode(mkey);
            for (BlobRef b : ManifestVersion.blobsOf(r)) {
              w.blobs.putIfAbsent(b.hash(), "record " + r.id() + " of " + mkey);
            }
          }
        } catch (NotFoundException e) {
          w.problems.add(new FsckReport.Problem(FsckReport.Kind.MISSING, mkey, "manifest of commit " + id));
        } catch (IntegrityException e) {
          w.problems.add(new FsckReport.Problem(
              e.problem().startsWith("content hash") ? FsckReport.Kind.CORRUPT : FsckReport.Kind.UNREADABLE,
              mkey, e.getMessage()));
        } catch (UnsupportedFormatException e) {
          w.problems.add(new FsckReport.Problem(FsckReport.Kind.UNREADABLE, mkey, e.getMessage()));
        }
      }
    }
    return w;
  }

  static FsckReport fsck(Repository repo, int parallelism) throws DataException {
    // Commits and manifests are verified while walking (readCommit / readManifest check hashes); uncached
    // reads make sure damage done after they were cached is seen.
    Repository fresh = repo.reopened();
    Walk w = walk(fresh);
    BlobStore store = repo.store();
    List<FsckReport.Problem> blobProblems = Collections.synchronizedList(new ArrayList<>());
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
      Thread t = new Thread(r, "datamgmt-fsck");
      t.setDaemon(true);
      return t;
    });
    // Packed blobs are checked pack by pack (one read per pack); the rest as objects of their own.
    Packs.Index packed = fresh.objects().packIndex();
    packed.refresh();
    List<FsckReport.Problem> indexProblems = new ArrayList<>();
    new java.util.TreeMap<>(packed.damaged()).forEach((key, e) ->
        indexProblems.add(new FsckReport.Problem(FsckReport.Kind.CORRUPT, key, e.getMessage())));
    Map<ContentHash, List<Map.Entry<ContentHash, String>>> byPack = new java.util.TreeMap<>();
    Map<ContentHash, String> loose = new LinkedHashMap<>();
    for (Map.Entry<ContentHash, String> b : w.blobs.entrySet()) {
      Packs.Location at = packed.find(b.getKey());
      if (at == null) {
        loose.put(b.getKey(), b.getValue());
      } else {
        byPack.computeIfAbsent(at.pack(), k -> new ArrayList<>()).add(b);
      }
    }
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Map.Entry<ContentHash, List<Map.Entry<ContentHash, String>>> p : byPack.entrySet()) {
        futures.add(pool.submit(() -> {
          checkPack(store, p.getKey(), p.getValue(), packed, blobProblems, bytes);
          return null;
        }));
      }
      for (Map.Entry<ContentHash, String> b : loose.entrySet()) {
        futures.add(pool.submit(() -> {
          String key = RepositoryKeys.objectKey(b.getKey());
          try {
            byte[] data = store.get(key);
            bytes.addAndGet(data.length);
            b.getKey().verify(data, key);
          } catch (NotFoundException e) {
            blobProblems.add(new FsckReport.Problem(FsckReport.Kind.MISSING, key, "blob referenced by " + b.getValue()));
          } catch (IntegrityException e) {
            blobProblems.add(new FsckReport.Problem(FsckReport.Kind.CORRUPT, key,
                e.getMessage() + " (referenced by " + b.getValue() + ")"));
          } catch (DataException e) {
            throw new UncheckedDataException(e);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.datamgmt.core.error.StorageException("fsck interrupted", store.describe(), "a complete check",
          "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedDataException u) {
        throw u.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<FsckReport.Problem> all = new ArrayList<>(w.problems);
    all.addAll(indexProblems);
    blobProblems.sort(java.util.Comparator.comparing(FsckReport.Problem::key));
    all.addAll(blobProblems);
    return new FsckReport(w.refEntries, w.commits.size(), w.manifests.size(), w.blobs.size(), bytes.get(), all);
  }

  /** Reads one pack whole and verifies it and every reachable blob in it. */
  private static void checkPack(BlobStore store, ContentHash pack, List<Map.Entry<ContentHash, String>> blobs,
      Packs.Index packed, List<FsckReport.Problem> problems, AtomicLong bytes)
      throws DataException {
    String key = Packs.packKey(pack);
    byte[] data;
    try {
      data = store.get(key);
    } catch (NotFoundException e) {
      problems.add(new FsckReport.Problem(FsckReport.Kind.MISSING, key, "pack holding " + blobs.size()
          + " reachable blob(s), e.g. " + blobs.get(0).getKey() + " referenced by " + blobs.get(0).getValue()));
      return;
    }
    bytes.addAndGet(data.length);
    ContentHash actual = ContentHash.of(data);
    if (!actual.equals(pack)) {
      problems.add(new FsckReport.Problem(FsckReport.Kind.CORRUPT, key,
          "content hash mismatch: expected " + pack + ", found " + actual));
    }
    for (Map.Entry<ContentHash, String> b : blobs) {
      Packs.Location at = packed.find(b.getKey());
      boolean inside = at.offset() + at.size() <= data.length;
      ContentHash found = inside ? ContentHash.of(java.nio.ByteBuffer.wrap(data, (int) at.offset(), at.size())) : null;
      if (!b.getKey().equals(found)) {
        problems.add(new FsckReport.Problem(FsckReport.Kind.CORRUPT, key, "blob " + b.getKey() + " at offset "
            + at.offset() + " (" + at.size() + " bytes): " + (inside ? "content hash mismatch, found " + found
            : "beyond the end of the pack (" + data.length + " bytes)") + " (referenced by " + b.getValue() + ")"));
      }
    }
  }

  /**
   * Rewrites a pack that is at least half unreachable bytes with only its reachable blobs: the new pack and
   * index first, then the old index, then the old pack, so a crash leaves both copies (harmless) and never
   * neither. Returns the new pack's size, or -1 if the old pack is damaged (then it is left for fsck to report).
   */
  private static long repack(Repository repo, ContentHash pack, BlobInfo packInfo, List<Packs.Entry> entries,
      Set<ContentHash> reachable) throws DataException {
    BlobStore store = repo.store();
    byte[] old;
    try {
      old = store.get(packInfo.key());
    } catch (NotFoundException e) {
      return -1;
    }
    if (!ContentHash.of(old).equals(pack)) {
      LOG.warn("gc does not repack damaged {} (run fsck)", packInfo.key());
      return -1;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    List<Packs.Entry> kept = new ArrayList<>();
    for (Packs.Entry e : entries) {
      if (reachable.contains(e.hash())) {
        if (e.offset() + e.size() > old.length) {
          LOG.warn("gc does not repack {}: entry {} lies beyond its end (run fsck)", packInfo.key(), e.hash());
          return -1;
        }
        kept.add(new Packs.Entry(e.hash(), bytes.size(), e.size()));
        bytes.write(old, (int) e.offset(), (int) e.size());
      }
    }
    byte[] fresh = bytes.toByteArray();
    Packs.write(store, fresh, kept, repo.clock().instant());
    store.delete(Packs.indexKey(pack));
    store.delete(packInfo.key());
    LOG.debug("gc repacked {}: {} of {} blobs kept", packInfo.key(), kept.size(), entries.size());
    return fresh.length;
  }

  static GcReport gc(Repository repo, Duration grace) throws DataException {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("gc grace period must be >= 0: " + grace);
    }
    BlobStore store = repo.store();
    // Take the cutoff before walking: anything written after it is young and kept whatever the walk saw.
    Instant cutoff = repo.clock().instant().minus(grace);
    Walk w = walk(repo.reopened());
    if (!w.problems.isEmpty()) {
      FsckReport.Problem p = w.problems.get(0);
      throw new IntegrityException("gc refused: reachability cannot be determined", p.key(),
          "a readable repository (run fsck)", w.problems.size() + " problem(s), first: " + p.kind() + " " + p.detail());
    }
    Set<String> reachable = new HashSet<>();
    w.commits.forEach(h -> reachable.add(RepositoryKeys.commitKey(h)));
    w.manifests.forEach(h -> reachable.add(RepositoryKeys.manifestKey(h)));
    w.blobs.keySet().forEach(h -> reachable.add(RepositoryKeys.objectKey(h)));
    int deleted = 0;
    int young = 0;
    long freed = 0;
    // Commits first: a crash part-way never leaves a reachable-looking commit whose manifest is gone.
    for (String prefix : List.of("commits/", "manifests/", "objects/")) {
      List<BlobInfo> infos;
      try (Stream<BlobInfo> s = store.listAll(prefix)) {
        infos = s.toList();
      } catch (UncheckedDataException e) {
        throw e.getCause();
      }
      for (BlobInfo i : infos) {
        if (reachable.contains(i.key())) {
          continue;
        }
        if (!i.lastModified().isBefore(cutoff)) {
          young++;
          continue;
        }
        if (store.delete(i.key())) {
          deleted++;
          freed += i.size();
          LOG.debug("gc deleted {}", i.key());
        }
      }
    }
    // Packs: a pack goes when none of its blobs is reachable and its index is older than the cutoff (index
    // first, so a crash leaves at most a pack without index, which is deleted as a leftover below). A pack
    // with some reachable blobs is kept whole. A pack whose index cannot be read is kept.
    List<BlobInfo> packInfos;
    try (Stream<BlobInfo> s = store.listAll(Packs.PREFIX)) {
      packInfos = s.toList();
    } catch (UncheckedDataException e) {
      throw e.getCause();
    }
    Map<String, BlobInfo> packFiles = new java.util.HashMap<>();
    packInfos.forEach(i -> packFiles.put(i.key(), i));
    Set<String> keptPacks = new HashSet<>();
    int repacked = 0;
    for (BlobInfo i : packInfos) {
      Optional<ContentHash> pack = Packs.packOf(i.key(), Packs.INDEX_SUFFIX);
      if (pack.isEmpty()) {
        continue;
      }
      String packKey = Packs.packKey(pack.get());
      List<Packs.Entry> entries;
      try {
        entries = Packs.decodeIndex(store.get(i.key()), pack.get(), i.key());
      } catch (IntegrityException e) {
        LOG.warn("gc keeps {} and its pack: {}", i.key(), e.getMessage());
        keptPacks.add(packKey);
        continue;
      } catch (NotFoundException e) {
        continue;
      }
      boolean used = entries.stream().anyMatch(e -> w.blobs.containsKey(e.hash()));
      BlobInfo packInfo = packFiles.get(packKey);
      boolean recent = !i.lastModified().isBefore(cutoff)
          || (packInfo != null && !packInfo.lastModified().isBefore(cutoff));
      if (used && !recent && packInfo != null) {
        long dead = entries.stream().filter(e -> !w.blobs.containsKey(e.hash())).mapToLong(Packs.Entry::size).sum();
        if (dead > 0 && 2 * dead >= packInfo.size()) {
          long newSize = repack(repo, pack.get(), packInfo, entries, w.blobs.keySet());
          if (newSize >= 0) {
            repacked++;
            deleted += 2;
            freed += i.size() + packInfo.size() - newSize;
          }
          keptPacks.add(packKey);
          continue;
        }
      }
      if (used || recent) {
        young += used ? 0 : 1;
        keptPacks.add(packKey);
        continue;
      }
      if (store.delete(i.key())) {
        deleted++;
        freed += i.size();
      }
      if (packInfo != null && store.delete(packKey)) {
        deleted++;
        freed += packInfo.size();
        LOG.debug("gc deleted {}", packKey);
      }
      keptPacks.add(packKey); // handled
    }
    for (BlobInfo i : packInfos) {
      if (keptPacks.contains(i.key()) || !i.key().endsWith(Packs.PACK_SUFFIX)) {
        continue;
      }
      if (!i.lastModified().isBefore(cutoff)) {
        young++;
      } else if (store.delete(i.key())) { // a pack without index: left by a writer that stopped in between
        deleted++;
        freed += i.size();
      }
    }
    return new GcReport(w.commits.size(), w.manifests.size(), w.blobs.size(), deleted, freed, young, repacked);
  }
}
