package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobPage;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Checkout reads only the commit and the manifest; blobs are fetched on demand or by prefetch. */
class LazyAccessTest {
  /** A real in-memory store that records every key read. */
  static final class RecordingStore implements BlobStore {
    final InMemoryBlobStore delegate = new InMemoryBlobStore();
    final List<String> reads = new CopyOnWriteArrayList<>();

    @Override
    public BlobInfo put(String key, byte[] data) {
      return delegate.put(key, data);
    }

    @Override
    public BlobInfo put(String key, InputStream data, long length) throws DataException {
      return delegate.put(key, data, length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
      return delegate.putIfAbsent(key, data);
    }

      @Override
    public byte[] get(String key) throws DataException {
      reads.add(key);
      return delegate.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws DataException {
      reads.add(key);
      return delegate.getRange(key, offset, length);
    }

    @Override
    public InputStream openStream(String key) throws DataException {
      reads.add(key);
      return delegate.openStream(key);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
      return delegate.stat(key);
    }

    @Override
    public BlobPage list(String prefix, String pageToken, int pageSize) {
      return delegate.list(prefix, pageToken, pageSize);
    }

    @Override
    public boolean delete(String key) {
      return delegate.delete(key);
    }

    @Override
    public String describe() {
      return "recording memory";
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static DatasetVersion commitTen(Repository repo) throws Exception {
    CommitBuilder b = repo.commit("main").setMessage("ten");
    for (int i = 0; i < 10; i++) {
      b.addRecord(Record.builder("r" + i).setBlob(b.putBlob(("blob " + i).getBytes(UTF_8), "text/plain"))
          .optLabel(ClassLabel.of(i % 2)).build());
    }
    return b.commit();
  }

  @Test
  void checkout_readsOnlyTheCommitAndTheManifest_andBlobsComeOnDemand() throws Exception {
    try (RecordingStore store = new RecordingStore()) {
      DatasetVersion committed = commitTen(Repository.init(store));
      store.reads.clear();

      DatasetVersion v = Repository.open(store).checkout("main");
      assertThat(v.size()).isEqualTo(10);
      assertThat(store.reads).noneMatch(k -> k.startsWith("objects/"));
      assertThat(store.reads).contains(RepositoryKeys.commitKey(committed.id()),
          RepositoryKeys.manifestKey(committed.commit().manifest()));

      store.reads.clear();
      v.readBlob(v.record("r3").orElseThrow().blob().orElseThrow());
      assertThat(store.reads).containsExactly(RepositoryKeys.objectKey(v.record("r3").orElseThrow().blob().orElseThrow().hash()));

      store.reads.clear();
      v.prefetch(r -> r.label().equals(Optional.of(ClassLabel.of(1))));
      assertThat(store.reads).hasSize(5).allMatch(k -> k.startsWith("objects/"));
    }
  }

  @Test
  void checkout_ofAManifestFailingItsHash_failsNamingTheManifest() throws Exception {
    try (RecordingStore store = new RecordingStore()) {
      DatasetVersion v = commitTen(Repository.init(store));
      String key = RepositoryKeys.manifestKey(v.commit().manifest());
      byte[] bytes = store.delegate.get(key);
      bytes[bytes.length / 2] ^= 0x10;
      store.delegate.put(key, bytes);

      assertThatThrownBy(() -> Repository.open(store).checkout("main")).isInstanceOf(IntegrityException.class)
          .hasMessageContaining(key).hasMessageContaining("content hash mismatch");
    }
  }

  @Test
  void checkout_ofAManifestThatIsNotParquet_failsClearly() throws Exception {
    try (RecordingStore store = new RecordingStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion v = commitTen(repo);
      // a "manifest" whose name matches its bytes but which is not a manifest at all
      byte[] junk = "not parquet".getBytes(UTF_8);
      dev.datamgmt.core.hash.ContentHash junkHash = dev.datamgmt.core.hash.ContentHash.of(junk);
      store.put(RepositoryKeys.manifestKey(junkHash), junk);
      Commit.Encoded forged = Commit.encode(List.of(v.id()), junkHash, 0, null, "forged", "x",
          java.time.Instant.now(), java.util.Map.of(), null);
      store.put(RepositoryKeys.commitKey(forged.commit().id()), forged.bytes());

      assertThatThrownBy(() -> Repository.open(store).checkout(forged.commit().id()))
          .isInstanceOf(dev.datamgmt.core.error.UnsupportedFormatException.class)
          .hasMessageContaining(RepositoryKeys.manifestKey(junkHash));
    }
  }
}
