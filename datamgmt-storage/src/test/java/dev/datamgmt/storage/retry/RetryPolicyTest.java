package dev.datamgmt.storage.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.storage.internal.retry.Retrier;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Property
  void delay_isWithinTheExponentialCap_andAPureFunctionOfSeedCallAndRetry(
      @ForAll long seed, @ForAll @LongRange(min = 0, max = 1_000_000) long call, @ForAll @IntRange(min = 0, max = 80) int retry,
      @ForAll @IntRange(min = 0, max = 1000) int baseMs, @ForAll @IntRange(min = 0, max = 100_000) int extraMs) {
    RetryPolicy p = RetryPolicy.builder().optSeed(seed).optBaseDelay(Duration.ofMillis(baseMs))
        .optMaxDelay(Duration.ofMillis(baseMs + extraMs)).build();
    Duration d = p.delay(call, retry);
    double cap = Math.min(p.maxDelay().toNanos(), p.baseDelay().toNanos() * Math.pow(2, retry));
    assertThat(d.toNanos()).isBetween(0L, (long) cap);
    assertThat(RetryPolicy.builder().optSeed(seed).optBaseDelay(Duration.ofMillis(baseMs))
        .optMaxDelay(Duration.ofMillis(baseMs + extraMs)).build().delay(call, retry)).isEqualTo(d);
  }

  @Test
  void jitter_spreadsCallsApart_andDependsOnTheSeed() {
    RetryPolicy a = RetryPolicy.builder().optSeed(1).build();
    RetryPolicy b = RetryPolicy.builder().optSeed(2).build();
    long distinct = java.util.stream.LongStream.range(0, 100).mapToObj(c -> a.delay(c, 3)).distinct().count();
    assertThat(distinct).isGreaterThan(90);
    assertThat(a.delay(0, 3)).isNotEqualTo(b.delay(0, 3));
  }

  @Test
  void builder_rejectsBadSettings_namingThem() {
    assertThatThrownBy(() -> RetryPolicy.builder().optMaxAttempts(0).build()).hasMessageContaining("maxAttempts").hasMessageContaining("0");
    assertThatThrownBy(() -> RetryPolicy.builder().optBaseDelay(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseDelay");
  }

  @Test
  void builder_maxDelayBelowBaseDelay_failsAtBuild_namingBoth() {
    assertThatThrownBy(() -> RetryPolicy.builder().optBaseDelay(Duration.ofSeconds(10)).optMaxDelay(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optMaxDelay(PT1S)").hasMessageContaining("optBaseDelay(PT10S)");
    // the record itself, built directly, still rejects the pair as a bad argument
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
  }

  @Test
  void retrier_retriesRetryableFailures_untilSuccess() {
    Retrier r = new Retrier(RetryPolicy.builder().optBaseDelay(Duration.ofMillis(1)).optMaxDelay(Duration.ofMillis(5)).build(),
        t -> t instanceof IOException, scheduler);
    AtomicInteger calls = new AtomicInteger();
    String v = r.run("test", () -> calls.incrementAndGet() < 4
        ? CompletableFuture.failedFuture(new IOException("dropped")) : CompletableFuture.completedFuture("ok")).join();
    assertThat(v).isEqualTo("ok");
    assertThat(calls).hasValue(4);
  }

  @Test
  void retrier_givesUpAfterMaxAttempts_withTheLastFailure() {
    Retrier r = new Retrier(RetryPolicy.builder().optMaxAttempts(3).optBaseDelay(Duration.ofMillis(1)).optMaxDelay(Duration.ofMillis(2)).build(),
        t -> t instanceof IOException, scheduler);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> r.run("test", () -> CompletableFuture.failedFuture(new IOException("attempt " + calls.incrementAndGet()))).join())
        .hasCauseInstanceOf(IOException.class).hasMessageContaining("attempt 3");
    assertThat(calls).hasValue(3);
  }

  @Test
  void retrier_doesNotRetryPermanentFailures() {
    Retrier r = new Retrier(RetryPolicy.defaults(), t -> t instanceof IOException, scheduler);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> r.run("test", () -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(new IllegalStateException("403"));
    }).join()).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
  }
}
