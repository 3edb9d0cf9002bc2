package dev.datamgmt.storage.repo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public ways to store a blob the caller hashed itself: what ingest uses instead of the object keys. */
class RepositoryPutBlobTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;

  @Test
  void putBlob_withTheCallersHash_isReadableByACommitThatReferencesIt() throws Exception {
    byte[] data = "a large image".getBytes(UTF_8);
    ContentHash h = ContentHash.of(data);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      repo.putBlob(h, data);
      assertThat(repo.hasBlob(h)).isTrue();
      DatasetVersion v = repo.commit("main").setMessage("m")
          .addRecord(Record.builder("r").setBlob(new BlobRef(h, data.length, "image/png")).build()).commit();
      assertThat(v.readBlob(v.record("r").orElseThrow().blob().orElseThrow())).isEqualTo(data);
    }
  }

  @Test
  void putBlobFile_streamsTheFile_underItsHash() throws Exception {
    byte[] data = new byte[300_000];
    new java.util.Random(3).nextBytes(data);
    Path file = Files.write(tmp.resolve("big.bin"), data);
    ContentHash h = ContentHash.of(data);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      repo.putBlobFile(h, file);
      assertThat(store.get(RepositoryKeys.objectKey(h))).isEqualTo(data);
    }
  }

  @Test
  void putBlob_withAWrongHash_surfacesAsAnIntegrityErrorOnRead_neverAsWrongData() throws Exception {
    byte[] data = "these bytes".getBytes(UTF_8);
    ContentHash wrong = ContentHash.of("other bytes".getBytes(UTF_8));
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      repo.putBlob(wrong, data);
      DatasetVersion v = repo.commit("main").setMessage("m")
          .addRecord(Record.builder("r").setBlob(new BlobRef(wrong, data.length, "text/plain")).build()).commit();
      assertThatThrownBy(() -> v.readBlob(v.record("r").orElseThrow().blob().orElseThrow()))
          .isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void putBlob_ofAnOldObject_rewritesItSoGcGraceProtectsIt_butLeavesARecentOneAlone() throws Exception {
    byte[] data = "reused".getBytes(UTF_8);
    ContentHash h = ContentHash.of(data);
    RepositoryContract.MutableClock clock = new RepositoryContract.MutableClock(T0);
    try (InMemoryBlobStore store = new InMemoryBlobStore(clock)) {
      Repository repo = Repository.init(store, clock);
      repo.putBlob(h, data);
      String key = RepositoryKeys.objectKey(h);
      clock.set(T0.plus(Repository.REUSE_REFRESH_AGE).minus(Duration.ofMinutes(1)));
      repo.putBlob(h, data);
      assertThat(store.stat(key).orElseThrow().lastModified()).isEqualTo(T0);
      clock.set(T0.plus(Repository.REUSE_REFRESH_AGE).plus(Duration.ofMinutes(1)));
      repo.putBlob(h, data);
      assertThat(store.stat(key).orElseThrow().lastModified()).isEqualTo(clock.instant());
    }
  }

  @Test
  void fixedClockRepository_putBlob_storesOnce() throws Exception {
    byte[] data = "x".getBytes(UTF_8);
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store, Clock.fixed(T0, ZoneOffset.UTC));
      repo.putBlob(ContentHash.of(data), data);
      repo.putBlob(ContentHash.of(data), data);
      assertThat(store.listAll("objects/").count()).isEqualTo(1);
    }
  }
}
