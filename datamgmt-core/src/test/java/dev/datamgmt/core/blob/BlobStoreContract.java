package dev.datamgmt.core.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} must have. Each adapter's test class extends this and supplies a
 * fresh, empty store; the same assertions then hold on memory, filesystem, S3 and the caching tier.
 */
public abstract class BlobStoreContract {
  /** A new, empty store; closed after each test. */
  protected abstract BlobStore newStore() throws Exception;

  protected BlobStore store;

  @TempDir protected Path tmp;

  /**
   * Whether the store under test enforces create-if-absent. A store on a server that cannot (an S3 server that
   * ignores {@code If-None-Match}) must refuse {@link BlobStore#putIfAbsent} with a {@link
   * dev.datamgmt.core.error.DataException} and write nothing, never report a win it cannot guarantee.
   */
  protected boolean enforcesCreateIfAbsent() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
    store.close(); // idempotent
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void put_thenGet_returnsTheSameBytes() throws Exception {
    BlobInfo info = store.put("a/b/c.bin", bytes("hello"));
    assertThat(info.key()).isEqualTo("a/b/c.bin");
    assertThat(info.size()).isEqualTo(5);
    assertThat(store.get("a/b/c.bin")).isEqualTo(bytes("hello"));
  }

  @Test
  void put_emptyObject_isStoredAndReadBack() throws Exception {
    store.put("empty", new byte[0]);
    assertThat(store.get("empty")).isEmpty();
    assertThat(store.stat("empty")).hasValueSatisfying(i -> assertThat(i.size()).isZero());
  }

  @Test
  void put_overwrites_andChangesTheEtag() throws Exception {
    BlobInfo first = store.put("k", bytes("one"));
    BlobInfo second = store.put("k", bytes("two"));
    assertThat(store.get("k")).isEqualTo(bytes("two"));
    assertThat(second.etag()).isNotEqualTo(first.etag());
  }

  @Test
  void putStream_withKnownAndUnknownLength_storesAllBytes() throws Exception {
    byte[] data = random(300_000, 1);
    store.put("s1", new ByteArrayInputStream(data), data.length);
    store.put("s2", new ByteArrayInputStream(data), -1);
    assertThat(store.get("s1")).isEqualTo(data);
    assertThat(store.get("s2")).isEqualTo(data);
  }

  @Test
  void putFile_thenGetToFile_copiesTheFile() throws Exception {
    byte[] data = random(123_457, 2);
    Path src = tmp.resolve("src.bin");
    Files.write(src, data);
    store.putFile("f", src);
    Path dst = tmp.resolve("dst.bin");
    store.getToFile("f", dst);
    assertThat(Files.readAllBytes(dst)).isEqualTo(data);
  }

  @Test
  void getBuffer_isReadOnlyAndEqualsGet_andWritesCannotReachTheStore() throws Exception {
    byte[] data = random(5000, 31);
    store.put("buf", data);
    for (int pass = 0; pass < 2; pass++) { // a second pass reads what a caching store now holds in memory
      java.nio.ByteBuffer b = store.getBuffer("buf");
      assertThat(b.isReadOnly()).isTrue();
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      assertThat(copy).isEqualTo(data);
      assertThatThrownBy(() -> b.put(0, (byte) 1)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }
    assertThat(store.get("buf")).isEqualTo(data);
    assertThatThrownBy(() -> store.getBuffer("missing")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void getRange_returnsTheSlice_andTruncatesAtTheEnd() throws Exception {
    byte[] data = random(1000, 3);
    store.put("r", data);
    assertThat(store.getRange("r", 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 30));
    assertThat(store.getRange("r", 990, 100)).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
    assertThat(store.getRange("r", 1000, 10)).isEmpty();
    assertThat(store.getRange("r", 5000, 10)).isEmpty();
  }

  @Test
  void openStream_readsTheWholeObject() throws Exception {
    byte[] data = random(70_000, 4);
    store.put("st", data);
    try (InputStream in = store.openStream("st")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void missingKey_getThrowsNotFound_namingTheKey() {
    assertThatThrownBy(() -> store.get("no/such")).isInstanceOf(NotFoundException.class).hasMessageContaining("no/such");
    assertThatThrownBy(() -> store.getRange("no/such", 0, 1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.openStream("no/such").close()).isInstanceOf(NotFoundException.class);
  }

  @Test
  void stat_andExists_reflectPutAndDelete() throws Exception {
    assertThat(store.exists("x")).isFalse();
    assertThat(store.stat("x")).isEmpty();
    store.put("x", bytes("12345"));
    assertThat(store.exists("x")).isTrue();
    assertThat(store.stat("x")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(5));
    assertThat(store.delete("x")).isTrue();
    assertThat(store.delete("x")).isFalse();
    assertThat(store.exists("x")).isFalse();
  }

  @Test
  void list_returnsKeysUnderThePrefixInOrder_acrossPages() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String k = String.format("p/%03d", i);
      store.put(k, bytes("v" + i));
      expected.add(k);
    }
    store.put("q/other", bytes("x"));
    store.put("p0", bytes("not under p/"));
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      BlobPage page = store.list("p/", token, 7);
      assertThat(page.items().size()).isLessThanOrEqualTo(7);
      page.items().forEach(i -> seen.add(i.key()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isGreaterThanOrEqualTo(4);
    assertThat(store.listAll("p/").map(BlobInfo::key).toList()).containsExactlyElementsOf(expected);
    assertThat(store.listAll("").count()).isEqualTo(27);
    assertThat(store.listAll("zzz/").count()).isZero();
  }

  @Test
  void putIfAbsent_createsOnce_andNeverOverwrites() throws Exception {
    if (!enforcesCreateIfAbsent()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.putIfAbsent("ref/1", bytes("first")))
          .isInstanceOf(dev.datamgmt.core.error.DataException.class);
      assertThat(store.exists("ref/1")).isFalse();
      return;
    }
    assertThat(store.putIfAbsent("ref/1", bytes("first"))).isTrue();
    assertThat(store.putIfAbsent("ref/1", bytes("second"))).isFalse();
    assertThat(store.get("ref/1")).isEqualTo(bytes("first"));
  }

  @Test
  void putIfAbsent_underConcurrency_hasExactlyOneWinnerPerKey() throws Exception {
    if (!enforcesCreateIfAbsent()) {
      return; // refused outright: see putIfAbsent_createsOnce_andNeverOverwrites
    }
    int threads = 8;
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String key = "race/" + round;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          Callable<Void> c = () -> {
            start.await();
            if (store.putIfAbsent(key, bytes("writer-" + id))) {
              winners.incrementAndGet();
            }
            return null;
          };
          fs.add(pool.submit(c));
        }
        start.countDown();
        for (Future<?> f : fs) {
          f.get();
        }
        assertThat(winners.get()).as("winners in round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void async_putThenGet_roundTrips() throws Exception {
    List<java.util.concurrent.CompletableFuture<BlobInfo>> puts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      puts.add(store.putAsync("async/" + i, bytes("value-" + i)));
    }
    java.util.concurrent.CompletableFuture.allOf(puts.toArray(new java.util.concurrent.CompletableFuture[0])).get();
    for (int i = 0; i < 50; i++) {
      assertThat(store.getAsync("async/" + i).get()).isEqualTo(bytes("value-" + i));
    }
  }

  @Test
  void invalidKeys_areRejectedBeforeTouchingStorage() {
    for (String bad : new String[] {"", "/abs", "a//b", "a/../b", "..", "a/.", "trailing/", "back\\slash", "nul\u0000"}) {
      assertThatThrownBy(() -> store.put(bad, bytes("x"))).as("key %s", bad).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.get(bad)).as("key %s", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void describe_isNonEmpty() {
    assertThat(store.describe()).isNotBlank();
  }
}
