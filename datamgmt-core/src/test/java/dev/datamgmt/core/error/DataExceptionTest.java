package dev.datamgmt.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataExceptionTest {
  @Test
  void message_statesProblemLocationExpectedAndFound() {
    DataException e = new IntegrityException("truncated shard", "shards/ab.parquet", "4096 bytes", "1024 bytes");
    assertThat(e.getMessage()).isEqualTo("truncated shard at shards/ab.parquet: expected 4096 bytes, found 1024 bytes");
    assertThat(e.location()).isEqualTo("shards/ab.parquet");
    assertThat(e.expected()).isEqualTo("4096 bytes");
    assertThat(e.found()).isEqualTo("1024 bytes");
  }

  @Test
  void everySubtype_isACheckedDataException() {
    List<DataException> all = List.of(
        new NotFoundException("p", "l", "e", "f"), new IntegrityException("p", "l", "e", "f"),
        new ConflictException("p", "l", "e", "f"), new UnsupportedFormatException("p", "l", "e", "f"),
        new InvalidDataException("p", "l", "e", "f"), new StorageException("p", "l", "e", "f"));
    assertThat(all).allSatisfy(e -> {
      assertThat(e).isInstanceOf(Exception.class).isNotInstanceOf(RuntimeException.class);
      assertThat(e.getMessage()).isEqualTo("p at l: expected e, found f");
    });
  }

  @Test
  void unchecked_wrapperExposesTheCheckedCause() {
    NotFoundException cause = new NotFoundException("no such ref", "refs/heads/x", "a ref", "none");
    UncheckedDataException u = new UncheckedDataException(cause);
    assertThat(u.getCause()).isSameAs(cause);
    assertThat(u.getMessage()).isEqualTo(cause.getMessage());
  }
}
