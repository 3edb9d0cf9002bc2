package dev.datamgmt.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.storage.testing.ChildJvm;
import dev.datamgmt.testing.FaultyProxy;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.storage.testing.StoreChild;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials stay secret; keys cannot escape the prefix; encryption settings reach the server. */
class S3SecurityTest {
  @RegisterExtension static final S3Stores S3 = new S3Stores();

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void toStringAndDescribe_neverShowCredentials() {
    try (S3BlobStore store = S3.newStore()) {
      assertThat(store.toString()).doesNotContain(S3.secretKey()).doesNotContain(S3.accessKey()).contains("static");
      assertThat(store.describe()).doesNotContain(S3.secretKey()).doesNotContain(S3.accessKey());
    }
  }

  @Test
  void wrongSecret_failsWithStorageError_whoseMessageAndStackTraceHoldNoCredential() {
    String wrongSecret = S3.secretKey() + "-wrong";
    try (S3BlobStore store = S3.storeBuilder().optCredentials(S3.accessKey(), wrongSecret).build()) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> store.put("k", new byte[10]));
      assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("k");
      assertThat(stackTrace(t)).contains("403").doesNotContain(wrongSecret).doesNotContain(S3.secretKey())
          .doesNotContain(S3.accessKey());
    }
    try (S3BlobStore store = S3.storeBuilder().optCredentials("AKNOSUCHKEY0000", wrongSecret).build()) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> store.get("k"));
      assertThat(t).isInstanceOf(StorageException.class);
      assertThat(stackTrace(t)).doesNotContain(wrongSecret).doesNotContain("AKNOSUCHKEY0000");
    }
  }

  @Test
  void logsAndErrors_ofAProcessRunningWithDebugLogging_holdNoCredential() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(S3.endpoint())) {
      proxy.dropAfter(FaultyProxy.Direction.DOWNSTREAM, 1 << 20, 2); // make the store retry, and log it
      String spec = StoreChild.s3Spec(S3.server(), "leak-" + java.util.UUID.randomUUID() + "/")
          .replace(S3.endpoint().toString(), proxy.endpoint().toString());
      try (ChildJvm child = ChildJvm.start(List.of("-Dorg.slf4j.simpleLogger.log.dev.datamgmt=trace"),
          StoreChild.class, spec, "exercise")) {
        assertThat(child.waitFor(Duration.ofSeconds(90))).isZero();
        String out = String.join("\n", child.lines());
        assertThat(out).contains("OK").contains("retrying").contains("FAILED AS EXPECTED");
        assertThat(out).doesNotContain(S3.secretKey()).doesNotContain(S3.accessKey());
      }
    }
  }

  @Test
  void keysThatCouldLeaveThePrefix_andBadPrefixes_areRejected() {
    try (S3BlobStore store = S3.newStore()) {
      for (String bad : new String[] {"../other/x", "a/../../b", "/abs", "a//b"}) {
        assertThatThrownBy(() -> store.put(bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putIfAbsent(bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThatThrownBy(() -> S3.storeBuilder().optPrefix("../escape/").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3.storeBuilder().optPrefix("/rooted/").build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverSideEncryption_isSentWithEverySingleAndMultipartWrite() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(S3.endpoint());
        S3BlobStore store = S3.storeBuilder().optEndpoint(proxy.endpoint()).optServerSideEncryption("AES256")
            .optPartSize(5 << 20).optMultipartThreshold(5 << 20).build()) {
      byte[] big = new byte[11 << 20];
      new Random(1).nextBytes(big);
      store.capabilities(); // the probe's own PUTs (which carry the same headers) are not counted below
      int before = proxy.requestHeads().size();
      store.put("single", new byte[] {1, 2, 3});
      store.put("multi", big);
      assertThat(store.get("multi")).isEqualTo(big);
      List<String> writes = proxy.requestHeads().stream().skip(before)
          .filter(r -> r.startsWith("PUT ") && !r.contains("partNumber=") || r.startsWith("POST ") && r.contains("?uploads"))
          .toList();
      assertThat(writes).as("single PUT and CreateMultipartUpload requests seen").hasSize(2);
      assertThat(writes).allSatisfy(r -> assertThat(r.toLowerCase(java.util.Locale.ROOT))
          .contains("x-amz-server-side-encryption: aes256"));
    }
  }

  @Test
  void builder_rejectsBadEncryptionSettings_namingThem() {
    assertThatThrownBy(() -> S3.storeBuilder().optServerSideEncryption("ROT13").build())
        .hasMessageContaining("serverSideEncryption").hasMessageContaining("ROT13");
    assertThatThrownBy(() -> S3.storeBuilder().optSseKmsKeyId("key-1").build())
        .hasMessageContaining("sseKmsKeyId");
  }
}
