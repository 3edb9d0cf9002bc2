package dev.datamgmt.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.storage.internal.repo.RepositoryKeys;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.cache.CachingBlobStore;
import dev.datamgmt.storage.retry.RetryPolicy;
import dev.datamgmt.testing.FaultyProxy;
import dev.datamgmt.testing.FaultyProxy.Direction;
import dev.datamgmt.storage.testing.S3Stores;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP proxy between the client and a real S3 server resets or stalls connections in the middle of uploads
 * and downloads. Every transfer must either complete with exactly the right bytes or fail with a clear error;
 * a truncated object is never visible and never returned.
 */
class S3FaultInjectionTest {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  private static final int MIB = 1 << 20;

  @TempDir Path tmp;

  private FaultyProxy proxy;
  private S3BlobStore direct;
  private S3BlobStore viaProxy;

  @BeforeEach
  void setUp() throws Exception {
    proxy = FaultyProxy.start(S3.endpoint());
    String prefix = "faults-" + java.util.UUID.randomUUID() + "/";
    direct = S3.storeBuilder().optPrefix(prefix).build();
    viaProxy = S3.storeBuilder().optPrefix(prefix).optEndpoint(proxy.endpoint())
        .optPartSize(5 * MIB).optMultipartThreshold(5 * MIB).optPartsInFlight(3)
        .optRequestTimeout(Duration.ofSeconds(2))
        .optRetryPolicy(RetryPolicy.builder().optMaxAttempts(6).optBaseDelay(Duration.ofMillis(20))
            .optMaxDelay(Duration.ofMillis(200)).optSeed(7).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    viaProxy.close();
    direct.close();
    proxy.close();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void latency_holdsEveryRequest_soSequentialRequestsPayItEachTime_andBytesArriveIntact() throws Exception {
    direct.put("lat/x", random(50_000, 3));
    viaProxy.capabilities(); // the probe's requests are not part of the measurement
    proxy.setLatency(Duration.ofMillis(40));
    int heads = proxy.requestHeads().size();
    long t0 = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(viaProxy.get("lat/x")).isEqualTo(random(50_000, 3));
    }
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(proxy.requestHeads().size() - heads).isEqualTo(5);
    assertThat(elapsedMs).as("5 requests held 40 ms each").isGreaterThanOrEqualTo(200);
    proxy.setLatency(Duration.ZERO);
    assertThatThrownBy(() -> proxy.setLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void download_whenConnectionsAreResetMidResponse_retriesAndReturnsExactBytes() throws Exception {
    byte[] data = random(12 * MIB + 123, 1);
    direct.put("big", data);
    proxy.dropAfter(Direction.DOWNSTREAM, 1 * MIB, 3);
    assertThat(viaProxy.get("big")).isEqualTo(data);
    assertThat(proxy.faultsInjected()).isEqualTo(3);

    proxy.dropAfter(Direction.DOWNSTREAM, 2 * MIB, 2);
    Path out = tmp.resolve("out.bin");
    viaProxy.getToFile("big", out);
    assertThat(Files.readAllBytes(out)).isEqualTo(data);

    proxy.dropAfter(Direction.DOWNSTREAM, 3 * MIB, 2);
    try (InputStream in = viaProxy.openStream("big")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(proxy.faultsInjected()).isEqualTo(7);
  }

  @Test
  void upload_whenConnectionsAreResetMidRequest_retriesAndStoresExactBytes() throws Exception {
    byte[] big = random(11 * MIB, 2);
    byte[] small = random(3 * MIB, 3);
    proxy.dropAfter(Direction.UPSTREAM, 1 * MIB, 3);
    viaProxy.put("multipart", big);
    proxy.dropAfter(Direction.UPSTREAM, 1 * MIB, 2);
    viaProxy.put("single", small);
    assertThat(proxy.faultsInjected()).isEqualTo(5);
    assertThat(direct.get("multipart")).isEqualTo(big);
    assertThat(direct.get("single")).isEqualTo(small);
  }

  @Test
  void transfers_whenConnectionsStall_timeOutRetryAndComplete() throws Exception {
    byte[] data = random(6 * MIB, 4);
    proxy.stallAfter(Direction.UPSTREAM, 512 * 1024, 1);
    viaProxy.put("stalled", data);
    proxy.stallAfter(Direction.DOWNSTREAM, 512 * 1024, 1);
    assertThat(viaProxy.get("stalled")).isEqualTo(data);
    assertThat(proxy.faultsInjected()).isEqualTo(2);
  }

  @Test
  void upload_whenEveryAttemptIsCut_failsClearly_andLeavesNoObject_andKeepsTheOldOne() throws Exception {
    byte[] old = random(1000, 5);
    direct.put("kept", old);
    proxy.dropAfter(Direction.UPSTREAM, 256 * 1024, Integer.MAX_VALUE);
    for (String key : new String[] {"never-single", "kept"}) {
      assertThatThrownBy(() -> viaProxy.put(key, random(2 * MIB, 6)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(key);
    }
    assertThatThrownBy(() -> viaProxy.put("never-multi", random(12 * MIB, 7)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("never-multi");
    proxy.clearFaults();
    assertThat(direct.exists("never-single")).isFalse();
    assertThat(direct.exists("never-multi")).isFalse();
    assertThat(direct.get("kept")).isEqualTo(old);
    assertThat(direct.listAll("").map(i -> i.key()).toList()).containsExactly("kept");
  }

  @Test
  void download_whenEveryAttemptIsCut_failsClearly_neverReturnsTruncatedBytes() throws Exception {
    byte[] data = random(7 * MIB, 8);
    direct.put("cut", data);
    proxy.dropAfter(Direction.DOWNSTREAM, 64 * 1024, Integer.MAX_VALUE);
    assertThatThrownBy(() -> viaProxy.get("cut")).isInstanceOf(StorageException.class).hasMessageContaining("cut");
    assertThatThrownBy(() -> viaProxy.getRange("cut", 0, 1 << 20)).isInstanceOf(StorageException.class);
    Path out = tmp.resolve("partial.bin");
    assertThatThrownBy(() -> viaProxy.getToFile("cut", out)).isInstanceOf(StorageException.class);
    assertThat(out).doesNotExist();
  }

  @Test
  void contentAddressedRead_throughCacheOverFaultyS3_isVerified_andCorruptionIsCaught() throws Exception {
    byte[] data = random(9 * MIB, 9);
    String key = RepositoryKeys.objectKey(ContentHash.of(data));
    direct.put(key, data);
    byte[] other = random(1000, 10);
    String wrongKey = RepositoryKeys.objectKey(ContentHash.of(other));
    direct.put(wrongKey, data); // the server holds bytes that do not match the name
    proxy.dropAfter(Direction.DOWNSTREAM, 1 * MIB, 2);
    try (CachingBlobStore cache = CachingBlobStore.builder().setBackend(viaProxy).optCloseBackend(false)
        .optDisk(tmp.resolve("cache"), 64L * MIB).build()) {
      assertThat(cache.get(key)).isEqualTo(data);
      assertThatThrownBy(() -> cache.get(wrongKey))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining(wrongKey);
    }
    assertThat(proxy.faultsInjected()).isEqualTo(2);
  }
}
