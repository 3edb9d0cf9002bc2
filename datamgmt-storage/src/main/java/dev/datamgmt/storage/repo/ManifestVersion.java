package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.DatasetSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.AbstractList;
import java.util.RandomAccess;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** A {@link DatasetVersion} backed by a decoded manifest held in memory. */
final class ManifestVersion implements DatasetVersion {
  private static final int PREFETCH_IN_FLIGHT = 16;
  private static final java.util.concurrent.Executor PREFETCH_POOL = java.util.concurrent.Executors.newFixedThreadPool(
      PREFETCH_IN_FLIGHT, r -> {
        Thread t = new Thread(r, "datamgmt-prefetch");
        t.setDaemon(true);
        return t;
      });

  private final Repository repo;
  private final BlobStore store;
  private final Commit commit;
  private final List<ManifestRow> rows;
  private final String location;
  // Decoded lazily: a checkout of a large version costs one Parquet read, not one JSON parse per record.
  // Records are immutable with final fields, so a racy publication into this array is safe.
  private final Record[] decoded;
  private final List<Record> records;

  ManifestVersion(Repository repo, Commit commit, List<ManifestRow> sortedRows) {
    this.repo = repo;
    this.store = repo.store();
    this.commit = commit;
    this.rows = sortedRows;
    this.location = RepositoryKeys.manifestKey(commit.manifest());
    this.decoded = new Record[sortedRows.size()];
    this.records = new Records();
  }

  private final class Records extends AbstractList<Record> implements RandomAccess {
    @Override
    public Record get(int index) {
      Record r = decoded[index];
      if (r == null) {
        try {
          r = rows.get(index).decode(location);
        } catch (IntegrityException e) {
          throw new UncheckedDataException(e);
        }
        decoded[index] = r;
      }
      return r;
    }

    @Override
    public int size() {
      return rows.size();
    }
  }

  List<ManifestRow> rows() {
    return rows;
  }

  @Override
  public ContentHash id() {
    return commit.id();
  }

  @Override
  public Commit commit() {
    return commit;
  }

  @Override
  public Optional<DatasetSchema> schema() {
    return commit.schema();
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public List<Record> records() {
    return records;
  }

  @Override
  public Iterator<Record> iterator() {
    return records.iterator();
  }

  @Override
  public Optional<Record> record(String id) {
    int i = indexOf(id);
    return i < 0 ? Optional.empty() : Optional.of(records.get(i));
  }

  int indexOf(String id) {
    int lo = 0;
    int hi = rows.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = rows.get(mid).id().compareTo(id);
      if (c == 0) {
        return mid;
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  @Override
  public byte[] readBlob(BlobRef ref) throws DataException {
    return repo.objects().readBlob(ref.hash());
  }

  @Override
  public InputStream openBlob(BlobRef ref) throws DataException {
    Packs.Location packed = repo.objects().packIndex().find(ref.hash());
    if (packed != null) {
      return new java.io.ByteArrayInputStream(repo.objects().readBlob(ref.hash())); // packed blobs are small
    }
    String key = RepositoryKeys.objectKey(ref.hash());
    InputStream in;
    try {
      in = store.openStream(key);
    } catch (dev.datamgmt.core.error.NotFoundException e) {
      return new java.io.ByteArrayInputStream(repo.objects().readBlob(ref.hash())); // packed since the index was read
    }
    MessageDigest md = ContentHash.newDigest();
    return new FilterInputStream(in) {
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          check();
        } else {
          md.update((byte) b);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          check();
        } else {
          md.update(buf, off, n);
        }
        return n;
      }

      private void check() throws IOException {
        if (!checked) {
          checked = true;
          ContentHash actual = ContentHash.ofDigest(md.digest());
          if (!actual.equals(ref.hash())) {
            throw new IOException(new IntegrityException("content hash mismatch", key, ref.hash().toString(),
                actual.toString()));
          }
        }
      }
    };
  }

  @Override
  public java.util.Set<ContentHash> blobHashes() {
    java.util.Set<ContentHash> out = new java.util.HashSet<>(rows.size() * 2);
    for (int i = 0; i < rows.size(); i++) {
      ManifestRow row = rows.get(i);
      String blobs = row.blobsJson();
      boolean simple = blobs == null || blobs.indexOf("\"hash\"", blobs.indexOf("\"hash\"") + 1) < 0;
      if (simple && !"mask".equals(row.labelType()) && (blobs == null) == (row.dataHash() == null)) {
        // at most one blob and it is the main one: the plain column suffices, no JSON parsing
        if (row.dataHash() != null) {
          out.add(ContentHash.parse(row.dataHash()));
        }
      } else {
        for (BlobRef b : blobsOf(records.get(i))) {
          out.add(b.hash());
        }
      }
    }
    return out;
  }

  /** Every blob a record references, including a mask label's mask. */
  static List<BlobRef> blobsOf(Record r) {
    List<BlobRef> out = new ArrayList<>(r.blobs().values());
    if (r.label().orElse(null) instanceof MaskLabel m) {
      out.add(m.mask());
    }
    return out;
  }

  @Override
  public PrefetchReport prefetch(Predicate<Record> which) throws DataException {
    LinkedHashMap<ContentHash, BlobRef> wanted = new LinkedHashMap<>();
    int selected = 0;
    for (Record r : records) {
      if (which.test(r)) {
        selected++;
        for (BlobRef b : blobsOf(r)) {
          wanted.putIfAbsent(b.hash(), b);
        }
      }
    }
    Semaphore inFlight = new Semaphore(PREFETCH_IN_FLIGHT);
    AtomicLong bytes = new AtomicLong();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    // Packed blobs: one ranged read each, several in flight (a caching tier fetches each pack once, whole).
    java.util.Map<ContentHash, BlobRef> loose = new LinkedHashMap<>();
    for (BlobRef b : wanted.values()) {
      Packs.Location at = repo.objects().packIndex().find(b.hash());
      if (at == null) {
        loose.put(b.hash(), b);
      } else {
        futures.add(CompletableFuture.runAsync(() -> {
          try {
            bytes.addAndGet(repo.objects().readBlob(b.hash()).length);
          } catch (DataException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        }, PREFETCH_POOL));
      }
    }
    try {
      for (BlobRef b : loose.values()) {
        inFlight.acquire();
        String key = RepositoryKeys.objectKey(b.hash());
        futures.add(store.getAsync(key).handle((data, error) -> {
          inFlight.release();
          if (error != null) {
            throw new java.util.concurrent.CompletionException(error);
          }
          try {
            b.hash().verify(data, key);
          } catch (IntegrityException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
          bytes.addAndGet(data.length);
          return null;
        }));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.datamgmt.core.error.StorageException("prefetch interrupted", store.describe(),
          "all blobs fetched", bytes.get() + " bytes", e);
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof DataException de) {
        throw de;
      }
      throw e;
    }
    return new PrefetchReport(selected, wanted.size(), bytes.get());
  }

  @Override
  public String toString() {
    return "DatasetVersion{" + commit.id() + ", " + records.size() + " records}";
  }
}
