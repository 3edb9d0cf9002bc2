package dev.datamgmt.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return new InMemoryBlobStore();
  }

  @Test
  void lastModified_comesFromTheInjectedClock() throws Exception {
    Instant t = Instant.parse("2020-01-02T03:04:05Z");
    try (InMemoryBlobStore s = new InMemoryBlobStore(Clock.fixed(t, ZoneOffset.UTC))) {
      assertThat(s.put("k", new byte[] {1}).lastModified()).isEqualTo(t);
    }
  }

  @Test
  void closedStore_rejectsUse() {
    InMemoryBlobStore s = new InMemoryBlobStore();
    s.close();
    assertThatThrownBy(() -> s.put("k", new byte[0])).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
