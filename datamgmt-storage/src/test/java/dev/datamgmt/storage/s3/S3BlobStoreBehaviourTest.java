package dev.datamgmt.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.testing.FaultyProxy;
import dev.datamgmt.storage.testing.S3Stores;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the S3 store does beyond the shared contract: multipart, ranged reads, many requests in flight. */
class S3BlobStoreBehaviourTest {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  private static final int MIB = 1 << 20;

  @TempDir Path tmp;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void largeObjects_goUpInParts_andComeBackInParallelRanges_byteForByte() throws Exception {
    byte[] data = random(17 * MIB + 5, 1);
    Path file = Files.write(tmp.resolve("src.bin"), data);
    try (FaultyProxy wire = FaultyProxy.start(S3.endpoint());
        S3BlobStore store = S3.storeBuilder().optEndpoint(wire.endpoint())
            .optPartSize(5 * MIB).optMultipartThreshold(5 * MIB).optPartsInFlight(3).build()) {
      store.put("bytes", data);
      store.put("stream", new ByteArrayInputStream(data), -1);
      store.putFile("file", file);
      long multipartCreates = wire.requestHeads().stream().filter(r -> r.startsWith("POST ") && r.contains("?uploads")).count();
      assertThat(multipartCreates).isEqualTo(3);
      for (String key : List.of("bytes", "stream", "file")) {
        assertThat(store.stat(key)).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(data.length));
        assertThat(store.get(key)).as(key).isEqualTo(data);
        try (InputStream in = store.openStream(key)) {
          assertThat(in.readAllBytes()).as(key).isEqualTo(data);
        }
        Path out = tmp.resolve(key + ".out");
        store.getToFile(key, out);
        assertThat(Files.readAllBytes(out)).as(key).isEqualTo(data);
      }
      // a range across the first part boundary, and one that runs past the end
      assertThat(store.getRange("bytes", 5 * MIB - 10, 20)).isEqualTo(Arrays.copyOfRange(data, 5 * MIB - 10, 5 * MIB + 10));
      assertThat(store.getRange("bytes", data.length - 3, 100)).isEqualTo(Arrays.copyOfRange(data, data.length - 3, data.length));
      long rangedGets = wire.requestHeads().stream().filter(r -> r.startsWith("GET ") && r.toLowerCase().contains("range: bytes=")).count();
      assertThat(rangedGets).as("ranged GETs").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void manySmallObjects_inFlightAtOnce_allRoundTrip() throws Exception {
    try (S3BlobStore store = S3.newStore()) {
      List<CompletableFuture<BlobInfo>> puts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        puts.add(store.putAsync("small/" + i, random(2000 + i, i)));
      }
      CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])).get();
      List<CompletableFuture<byte[]>> gets = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        gets.add(store.getAsync("small/" + i));
      }
      for (int i = 0; i < 300; i++) {
        assertThat(gets.get(i).get()).isEqualTo(random(2000 + i, i));
      }
      assertThat(store.listAll("small/").count()).isEqualTo(300);
    }
  }

  @Test
  void putStream_whoseLengthIsWrong_failsAndStoresNothing_singleAndMultipart() throws Exception {
    try (S3BlobStore store = S3.storeBuilder().optPartSize(5 * MIB).optMultipartThreshold(5 * MIB).build()) {
      assertThatThrownBy(() -> store.put("short", new ByteArrayInputStream(new byte[100]), 200))
          .isInstanceOf(StorageException.class).hasMessageContaining("200 bytes").hasMessageContaining("100 bytes");
      assertThatThrownBy(() -> store.put("long", new ByteArrayInputStream(new byte[12 * MIB]), 11 * MIB))
          .isInstanceOf(StorageException.class).hasMessageContaining("long")
          .hasMessageContaining(11 * MIB + " bytes").hasMessageContaining(12 * MIB + " bytes");
      assertThat(store.exists("short")).isFalse();
      assertThat(store.exists("long")).isFalse();
    }
  }

  @Test
  void getAsync_ofAMissingKey_failsWithNotFound() {
    try (S3BlobStore store = S3.newStore()) {
      assertThatThrownBy(() -> store.getAsync("missing").join())
          .hasCauseInstanceOf(dev.datamgmt.core.error.NotFoundException.class);
    }
  }

  @Test
  void builder_namesTheBadSetting() {
    assertThatThrownBy(() -> S3BlobStore.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("bucket was not set; call setBucket");
    assertThatThrownBy(() -> S3BlobStore.builder().setBucket(" ").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3.storeBuilder().optPartSize(1000).build()).hasMessageContaining("partSize").hasMessageContaining("1000");
    assertThatThrownBy(() -> S3.storeBuilder().optMultipartThreshold(6 * MIB).optPartSize(8 * MIB).build())
        .hasMessageContaining("multipartThreshold");
    assertThatThrownBy(() -> S3.storeBuilder().optCredentials("id", null).build()).hasMessageContaining("credentials");
    assertThatThrownBy(() -> S3.storeBuilder().optMaxConcurrency(0).build()).hasMessageContaining("maxConcurrency");
  }

  private static S3AsyncClient clientFor(java.net.URI endpoint) {
    return S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3.accessKey(), S3.secretKey())))
        .build();
  }

  static Stream<Arguments> settingsOfAStoreBuiltClient() {
    return Stream.of(
        Arguments.of("optEndpoint", (UnaryOperator<S3BlobStore.Builder>) b -> b.optEndpoint(S3.endpoint())),
        Arguments.of("optRegion", (UnaryOperator<S3BlobStore.Builder>) b -> b.optRegion("eu-west-1")),
        Arguments.of("optPathStyle", (UnaryOperator<S3BlobStore.Builder>) b -> b.optPathStyle(true)),
        Arguments.of("optCredentials", (UnaryOperator<S3BlobStore.Builder>) b -> b.optCredentials("id", "secret")),
        Arguments.of("optCredentialsProvider",
            (UnaryOperator<S3BlobStore.Builder>) b -> b.optCredentialsProvider(AnonymousCredentialsProvider.create())),
        Arguments.of("optMaxConcurrency", (UnaryOperator<S3BlobStore.Builder>) b -> b.optMaxConcurrency(8)),
        Arguments.of("optRequestTimeout",
            (UnaryOperator<S3BlobStore.Builder>) b -> b.optRequestTimeout(java.time.Duration.ofSeconds(5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settingsOfAStoreBuiltClient")
  void optClient_withASettingOfTheStoreBuiltClient_failsAtBuild_namingBoth(String setting,
      UnaryOperator<S3BlobStore.Builder> apply) {
    try (S3AsyncClient client = clientFor(S3.endpoint())) {
      // in either order: the last call must not silently win
      assertThatThrownBy(() -> apply.apply(S3BlobStore.builder().setBucket("b").optClient(client)).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("optClient").hasMessageContaining(setting);
      assertThatThrownBy(() -> apply.apply(S3BlobStore.builder().setBucket("b")).optClient(client).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("optClient").hasMessageContaining(setting);
    }
  }

  @Test
  void optCredentials_withOptCredentialsProvider_failsAtBuild_namingBoth() {
    assertThatThrownBy(() -> S3BlobStore.builder().setBucket("b").optCredentials("id", "secret")
        .optCredentialsProvider(AnonymousCredentialsProvider.create()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optCredentials").hasMessageContaining("optCredentialsProvider");
  }

  @Test
  void optClient_alone_isUsed_andLeftOpenWhenTheStoreCloses() throws Exception {
    try (S3AsyncClient client = clientFor(S3.endpoint())) {
      try (S3BlobStore store = S3BlobStore.builder().setBucket(S3.bucket()).optPrefix("caller-client/")
          .optClient(client).build()) {
        store.put("k", "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store.get("k")).isEqualTo("v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      assertThat(client.headObject(b -> b.bucket(S3.bucket()).key("caller-client/k")).get().contentLength())
          .isEqualTo(1);
    }
  }

  @Test
  void closedStore_rejectsUse_andCloseIsIdempotent() {
    S3BlobStore store = S3.newStore();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
