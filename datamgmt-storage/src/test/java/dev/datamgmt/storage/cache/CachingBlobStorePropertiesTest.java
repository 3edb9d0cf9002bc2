package dev.datamgmt.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/** Whatever the sequence of operations, reading through the cache returns what the backend holds. */
class CachingBlobStorePropertiesTest {
  @Provide
  Arbitrary<List<Tuple3<Integer, Integer, Integer>>> ops() {
    // (operation, object index, size): 0 = put, 1 = get, 2 = delete, 3 = range read, 4 = put mutable ref
    return Arbitraries.integers().between(0, 4)
        .flatMap(op -> Arbitraries.integers().between(0, 5)
            .flatMap(i -> Arbitraries.integers().between(0, 40_000).map(n -> Tuple.of(op, i, n))))
        .list().ofMaxSize(60);
  }

  @Property(tries = 60)
  void readsThroughTheCache_equalReadsOfTheBackend(@ForAll("ops") List<Tuple3<Integer, Integer, Integer>> ops) throws Exception {
    Path dir = Files.createTempDirectory("cache-prop");
    InMemoryBlobStore backend = new InMemoryBlobStore();
    Map<Integer, byte[]> content = new HashMap<>();
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(backend).optCloseBackend(false)
        .optMemoryBytes(60_000).optMaxMemoryEntry(20_000).optDisk(dir, 100_000).build()) {
      for (Tuple3<Integer, Integer, Integer> op : ops) {
        byte[] data = content.computeIfAbsent(op.get2(), i -> bytes(i, op.get3()));
        String key = RepositoryKeys.objectKey(ContentHash.of(data));
        switch (op.get1()) {
          case 0 -> cache.put(key, data);
          case 1, 3 -> {
            boolean present = backend.exists(key);
            try {
              byte[] got = op.get1() == 1 ? cache.get(key) : cache.getRange(key, op.get3() / 3, 1000);
              byte[] want = op.get1() == 1 ? backend.get(key) : backend.getRange(key, op.get3() / 3, 1000);
              assertThat(got).isEqualTo(want);
              // a deleted object may still be served from the cache (it cannot change), never a wrong one
            } catch (NotFoundException e) {
              assertThat(present).isFalse();
            }
          }
          case 2 -> {
            cache.delete(key);
            assertThat(backend.exists(key)).isFalse();
          }
          default -> {
            byte[] ref = ("head-" + op.get3()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            cache.put("refs/heads/main/" + op.get2(), ref);
            assertThat(cache.get("refs/heads/main/" + op.get2())).isEqualTo(ref);
          }
        }
        assertThat(cache.stats().diskBytes()).isLessThanOrEqualTo(100_000);
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] bytes(int index, int size) {
    byte[] b = new byte[size];
    new java.util.SplittableRandom(index * 7919L + size).nextBytes(b);
    return b;
  }
}
