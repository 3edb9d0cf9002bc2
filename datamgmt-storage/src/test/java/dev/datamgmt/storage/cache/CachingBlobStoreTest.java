package dev.datamgmt.storage.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import dev.datamgmt.storage.repo.Repository;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingBlobStoreTest {
  @TempDir Path tmp;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String keyOf(byte[] data) {
    return RepositoryKeys.objectKey(ContentHash.of(data));
  }

  @Test
  void contentAddressedGet_isServedFromMemory_afterTheFirstRead() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    byte[] data = random(10_000, 1);
    String key = keyOf(data);
    backend.put(key, data);
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false).build()) {
      assertThat(cache.get(key)).isEqualTo(data);
      backend.delete(key); // from now on only the cache has it
      assertThat(cache.get(key)).isEqualTo(data);
      assertThat(cache.getRange(key, 10, 5)).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 15));
      assertThat(cache.stats().memoryHits()).isEqualTo(2);
      assertThat(cache.stats().misses()).isEqualTo(1);
    }
  }

  @Test
  void returnedArrays_areCopies_soCallersCannotCorruptTheCache() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    byte[] data = random(1000, 2);
    String key = keyOf(data);
    backend.put(key, data);
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).build()) {
      byte[] first = cache.get(key);
      first[0] ^= 1;
      byte[] second = cache.get(key);
      second[1] ^= 1;
      assertThat(cache.get(key)).isEqualTo(data);
    }
  }

  @Test
  void fill_whenBackendBytesDoNotMatchTheKeysHash_failsWithIntegrityError_andCachesNothing() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    byte[] good = random(5000, 3);
    String key = keyOf(good);
    byte[] bad = good.clone();
    bad[4999] ^= 0x40;
    backend.put(key, bad);
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optDisk(tmp.resolve("cache"), 1 << 20).build()) {
      assertThatThrownBy(() -> cache.get(key))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining(key)
          .hasMessageContaining(ContentHash.of(good).toString())
          .hasMessageContaining(ContentHash.of(bad).toString());
      assertThatThrownBy(() -> cache.getRange(key, 0, 10)).isInstanceOf(IntegrityException.class);
      assertThat(cache.stats().memoryBytes()).isZero();
      assertThat(cache.stats().diskBytes()).isZero();
      backend.put(key, good); // repaired at the source: the next read succeeds
      assertThat(cache.get(key)).isEqualTo(good);
    }
  }

  @Test
  void mutableKeys_passThrough_andSeeEveryChange() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optDisk(tmp.resolve("c"), 1 << 20).build()) {
      backend.put("refs/heads/main/00000000000000000000", "one".getBytes(UTF_8));
      assertThat(cache.get("refs/heads/main/00000000000000000000")).isEqualTo("one".getBytes(UTF_8));
      backend.put("refs/heads/main/00000000000000000000", "two".getBytes(UTF_8));
      assertThat(cache.get("refs/heads/main/00000000000000000000")).isEqualTo("two".getBytes(UTF_8));
      assertThat(cache.stats().misses() + cache.stats().memoryHits() + cache.stats().diskHits()).isZero();
    }
  }

  @Test
  void diskCache_survivesARestart() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    byte[] data = random(200_000, 4);
    String key = keyOf(data);
    backend.put(key, data);
    Path dir = tmp.resolve("cache");
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optDisk(dir, 10 << 20).build()) {
      assertThat(cache.get(key)).isEqualTo(data);
    }
    backend.delete(key);
    try (CachingBlobStore again = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optDisk(dir, 10 << 20).build()) {
      assertThat(again.get(key)).isEqualTo(data);
      try (InputStream in = again.openStream(key)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      assertThat(again.stats().diskHits()).isGreaterThanOrEqualTo(1);
      assertThat(again.stats().misses()).isZero();
    }
  }

  @Test
  void diskCache_staysWithinItsBound_andEvictsTheLeastRecentlyUsed() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    String[] keys = new String[5];
    byte[][] values = new byte[5][];
    for (int i = 0; i < 5; i++) {
      values[i] = random(100_000, 10 + i);
      keys[i] = keyOf(values[i]);
      backend.put(keys[i], values[i]);
    }
    Path dir = tmp.resolve("cache");
    // memory off: every hit below is a disk hit
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optMemoryBytes(0).optDisk(dir, 350_000).build()) {
      cache.get(keys[0]);
      cache.get(keys[1]);
      cache.get(keys[2]);
      cache.get(keys[0]); // 0 is now more recent than 1 and 2
      cache.get(keys[3]); // over the bound: evicts 1, the least recently used
      assertThat(cache.stats().diskBytes()).isLessThanOrEqualTo(350_000);
      assertThat(filesIn(dir)).isEqualTo(3);
      long missesBefore = cache.stats().misses();
      cache.get(keys[0]);
      cache.get(keys[2]);
      cache.get(keys[3]);
      assertThat(cache.stats().misses()).isEqualTo(missesBefore);
      cache.get(keys[1]);
      assertThat(cache.stats().misses()).isEqualTo(missesBefore + 1);
    }
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void largeObject_bypassesMemory_andIsServedFromDisk() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    byte[] data = random(3 << 20, 5);
    String key = keyOf(data);
    backend.put(key, data);
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optMemoryBytes(8 << 20).optMaxMemoryEntry(1 << 20).optDisk(tmp.resolve("c"), 64 << 20).build()) {
      assertThat(cache.get(key)).isEqualTo(data);
      assertThat(cache.getRange(key, 1 << 20, 100)).isEqualTo(java.util.Arrays.copyOfRange(data, 1 << 20, (1 << 20) + 100));
      Path out = tmp.resolve("out.bin");
      cache.getToFile(key, out);
      assertThat(Files.readAllBytes(out)).isEqualTo(data);
      assertThat(cache.stats().memoryBytes()).isZero();
      assertThat(cache.stats().misses()).isEqualTo(1);
      assertThat(cache.stats().diskHits()).isEqualTo(2);
    }
  }

  @Test
  void put_andDelete_dropCachedCopies() throws Exception {
    InMemoryBlobStore backend = new InMemoryBlobStore();
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optImmutable(k -> k.startsWith("imm/"))
        .optDisk(tmp.resolve("c"), 1 << 20).build()) {
      cache.put("imm/a", "v1".getBytes(UTF_8));
      assertThat(cache.get("imm/a")).isEqualTo("v1".getBytes(UTF_8));
      cache.put("imm/a", "v2".getBytes(UTF_8));
      assertThat(cache.get("imm/a")).isEqualTo("v2".getBytes(UTF_8));
      cache.delete("imm/a");
      assertThatThrownBy(() -> cache.get("imm/a")).isInstanceOf(dev.datamgmt.core.error.NotFoundException.class);
    }
  }

  @Test
  void contentAddressedKeys_areRecognizedUnderAPrefix_andOthersAreNot() {
    ContentHash h = ContentHash.of("x".getBytes(UTF_8));
    assertThat(ContentAddressedKeys.hashOf(RepositoryKeys.objectKey(h))).contains(h);
    assertThat(ContentAddressedKeys.hashOf("repo1/" + RepositoryKeys.objectKey(h))).contains(h);
    assertThat(ContentAddressedKeys.hashOf(RepositoryKeys.manifestKey(h))).contains(h);
    assertThat(ContentAddressedKeys.hashOf(RepositoryKeys.commitKey(h))).contains(h);
    assertThat(ContentAddressedKeys.hashOf("shards/" + h.hex() + ".parquet")).contains(h);
    assertThat(ContentAddressedKeys.hashOf("refs/heads/main/00000000000000000000")).isEmpty();
    assertThat(ContentAddressedKeys.hashOf("shardsets/" + h.hex() + ".json")).isEmpty();
    assertThat(ContentAddressedKeys.hashOf("objects/sha256/" + h.hex())).isEmpty();
    assertThat(ContentAddressedKeys.hashOf("objects/sha256/AB/" + h.hex().substring(2))).isEmpty();
  }

  @Test
  void builder_namesBadSettings() {
    assertThatThrownBy(() -> CachingBlobStore.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("backend was not set; call setBackend");
    assertThatThrownBy(() -> CachingBlobStore.builder().setBackend(new InMemoryBlobStore()).optMaxMemoryEntry(-2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMemoryEntry").hasMessageContaining("-2");
    assertThatThrownBy(() -> CachingBlobStore.builder().setBackend(new InMemoryBlobStore()).optMemoryBytes(-1).build())
        .hasMessageContaining("memoryBytes").hasMessageContaining("-1");
    assertThatThrownBy(() -> CachingBlobStore.builder().setBackend(new InMemoryBlobStore()).optDisk(tmp, 0).build())
        .hasMessageContaining("maxBytes");
  }

  @Test
  void builder_maxMemoryEntryAboveMemoryBytes_failsAtBuild_namingBoth() {
    // in either order: the last call must not silently win
    assertThatThrownBy(() -> CachingBlobStore.builder().setBackend(new InMemoryBlobStore())
        .optMaxMemoryEntry(2048).optMemoryBytes(1024).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optMaxMemoryEntry(2048)").hasMessageContaining("optMemoryBytes(1024)");
    assertThatThrownBy(() -> CachingBlobStore.builder().setBackend(new InMemoryBlobStore())
        .optMemoryBytes(0).optMaxMemoryEntry(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optMaxMemoryEntry(1)").hasMessageContaining("optMemoryBytes(0)");
  }
}
