package dev.datamgmt.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.S3rverExtension;
import dev.datamgmt.testing.S3rverServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The probe before the first write, on a server that does everything (S3Proxy) and on one that ignores
 * conditional writes and stores aws-chunked framing as the body (s3rver).
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3ProbeTest {
  @RegisterExtension static final S3Stores S3PROXY = new S3Stores();
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();

  private static S3BlobStore.Builder s3rver() {
    return S3Stores.builderFor(S3RVER.server());
  }

  @Test
  void probe_onS3Proxy_findsIntactBodiesAndConditionalWrites_andPutIfAbsentWorks() throws Exception {
    try (S3BlobStore store = S3PROXY.newStore()) {
      S3Capabilities c = store.capabilities();
      assertThat(c.bodiesIntact()).isTrue();
      assertThat(c.conditionalWrites()).isTrue();
      assertThat(c.checksumMode()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
      assertThat(c.location()).contains(S3PROXY.endpoint().toString());
      assertThat(store.putIfAbsent("ref/1", "a".getBytes(UTF_8))).isTrue();
      assertThat(store.putIfAbsent("ref/1", "b".getBytes(UTF_8))).isFalse();
      assertThat(store.listAll("").map(i -> i.key()).toList()).as("the probe leaves nothing behind").containsExactly("ref/1");
    }
  }

  @Test
  void probe_onS3rver_refusesConditionalWrites_namingTheEndpointAndTheRemedy() throws Exception {
    try (S3BlobStore store = s3rver().build()) {
      S3Capabilities c = store.capabilities();
      assertThat(c.conditionalWrites()).isFalse();
      assertThat(c.bodiesIntact()).isTrue();
      assertThat(c.checksumMode()).as("fell back from aws-chunked").isEqualTo(ChecksumMode.WHEN_REQUIRED);
      assertThatThrownBy(() -> store.putIfAbsent("ref/1", "a".getBytes(UTF_8)))
          .isInstanceOf(ConditionalWriteUnsupportedException.class)
          .hasMessageContaining(S3RVER.server().endpoint().toString())
          .hasMessageContaining("JdbcRefStore");
      assertThat(store.exists("ref/1")).isFalse();
      store.put("plain", "plain writes still work".getBytes(UTF_8));
      assertThat(new String(store.get("plain"), UTF_8)).isEqualTo("plain writes still work");
    }
  }

  @Test
  void probe_isRememberedPerProcess_andASecondStoreOnThePrefixAdoptsTheFallback() throws Exception {
    String prefix = S3RVER.server().newPrefix();
    try (S3BlobStore a = s3rver().optPrefix(prefix).build(); S3BlobStore b = s3rver().optPrefix(prefix).build()) {
      S3Capabilities first = a.capabilities();
      assertThat(b.capabilities()).isSameAs(first);
      byte[] data = random(300_000, 7);
      b.put("x", data);
      assertThat(a.get("x")).isEqualTo(data);
    }
  }

  @Test
  void explicitWhenSupported_onAServerThatStoresTheFraming_refusesWrites() throws Exception {
    try (S3BlobStore store = s3rver().optChecksumMode(ChecksumMode.WHEN_SUPPORTED).build()) {
      assertThat(store.capabilities().bodiesIntact()).isFalse();
      assertThatThrownBy(() -> store.put("x", "data".getBytes(UTF_8)))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("alters uploaded bodies")
          .hasMessageContaining("WHEN_REQUIRED");
      assertThatThrownBy(() -> store.get("x")).isInstanceOf(NotFoundException.class);
    }
  }

  /**
   * Every way to configure the store, on s3rver, with objects across the multipart threshold: a put either
   * fails with an error or the object reads back identical. Never different bytes in silence.
   */
  @Test
  void everyConfiguration_onS3rver_returnsThePutBytes_orFailsLoudly() throws Exception {
    S3rverServer s = S3RVER.server();
    S3AsyncClient defaultClient = client(s, RequestChecksumCalculation.WHEN_SUPPORTED);
    S3AsyncClient plainClient = client(s, RequestChecksumCalculation.WHEN_REQUIRED);
    try {
      List<Supplier<S3BlobStore.Builder>> configs = List.of(
          S3ProbeTest::s3rver,
          () -> s3rver().optChecksumMode(ChecksumMode.WHEN_SUPPORTED),
          () -> s3rver().optChecksumMode(ChecksumMode.WHEN_REQUIRED),
          () -> S3BlobStore.builder().setBucket(s.bucket()).optPrefix(s.newPrefix()).optClient(defaultClient),
          () -> S3BlobStore.builder().setBucket(s.bucket()).optPrefix(s.newPrefix()).optClient(plainClient));
      int[] sizes = {5 << 20, (9 << 20) + 1, 17 << 20};
      List<String> outcomes = new ArrayList<>();
      for (int c = 0; c < configs.size(); c++) {
        try (S3BlobStore store = configs.get(c).get().optPartSize(5 << 20).optMultipartThreshold(8 << 20).build()) {
          for (int size : sizes) {
            byte[] data = random(size, size + c);
            try {
              store.put("obj-" + size, data);
            } catch (DataException e) {
              outcomes.add(c + ":" + size + ":refused");
              continue;
            }
            assertThat(store.get("obj-" + size)).as("config %d, %d bytes", c, size).isEqualTo(data);
            outcomes.add(c + ":" + size + ":ok");
          }
        }
      }
      // automatic and WHEN_REQUIRED stores and a WHEN_REQUIRED client work; an aws-chunked client is refused
      assertThat(outcomes).containsExactly(
          "0:5242880:ok", "0:9437185:ok", "0:17825792:ok",
          "1:5242880:refused", "1:9437185:refused", "1:17825792:refused",
          "2:5242880:ok", "2:9437185:ok", "2:17825792:ok",
          "3:5242880:refused", "3:9437185:refused", "3:17825792:refused",
          "4:5242880:ok", "4:9437185:ok", "4:17825792:ok");
    } finally {
      defaultClient.close();
      plainClient.close();
    }
  }

  private static S3AsyncClient client(S3rverServer s, RequestChecksumCalculation mode) {
    return S3AsyncClient.builder().endpointOverride(s.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .requestChecksumCalculation(mode)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey())))
        .build();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
