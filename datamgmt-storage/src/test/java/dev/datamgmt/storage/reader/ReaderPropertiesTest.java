package dev.datamgmt.storage.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ReaderPropertiesTest {

  @Property(tries = 20)
  void everySampleIsReadExactlyOncePerEpoch_acrossRanksAndWorkers(
      @ForAll @IntRange(min = 0, max = 200) int n,
      @ForAll @IntRange(min = 1, max = 4) int world,
      @ForAll @IntRange(min = 1, max = 3) int workers,
      @ForAll @IntRange(min = 0, max = 40) int buffer,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int epoch) throws Exception {
    try (ReaderFixture f = new ReaderFixture(n, 5, 1500, 1 << 20);
        DatasetReader r = f.reader().optSeed(seed).optShuffleBuffer(buffer).build()) {
      List<Long> all = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      for (int rank = 0; rank < world; rank++) {
        for (int w = 0; w < workers; w++) {
          try (EpochStream s = r.stream(epoch, new Partition(rank, world, w, workers))) {
            List<Long> got = ReaderFixture.indices(ReaderFixture.drain(s));
            assertThat(s.emitted()).isEqualTo(s.planned()).isEqualTo(got.size());
            all.addAll(got);
            sizes.add((long) got.size());
          }
        }
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.range(0, n).boxed().toList());
      assertThat(sizes.stream().mapToLong(Long::longValue).max().orElse(0)
          - sizes.stream().mapToLong(Long::longValue).min().orElse(0)).isLessThanOrEqualTo(1);
    }
  }

  @Property(tries = 15)
  void resumingFromAllCheckpoints_onAnotherWorldSize_losesNoneAndRepeatsNone(
      @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @IntRange(min = 1, max = 4) int before,
      @ForAll @IntRange(min = 1, max = 5) int after,
      @ForAll @IntRange(min = 0, max = 30) int buffer,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 60) int stopAt) throws Exception {
    try (ReaderFixture f = new ReaderFixture(n, 4, 1200, 1 << 20);
        DatasetReader r = f.reader().optSeed(seed).optShuffleBuffer(buffer).build()) {
      List<Long> delivered = new ArrayList<>();
      List<ReaderCheckpoint> cps = new ArrayList<>();
      for (int q = 0; q < before; q++) {
        try (EpochStream s = r.stream(3, Partition.of(q, before))) {
          // each rank stops at a different point, as after a crash
          delivered.addAll(ReaderFixture.indices(ReaderFixture.take(s, (stopAt + 7 * q) % (n + 1))));
          cps.add(ReaderCheckpoint.fromJson(s.checkpoint().toJson(), "checkpoint " + q));
        }
      }
      for (int q = 0; q < after; q++) {
        try (EpochStream s = r.resume(cps, Partition.of(q, after))) {
          delivered.addAll(ReaderFixture.indices(ReaderFixture.drain(s)));
        }
      }
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(LongStream.range(0, n).boxed().toList());
    }
  }

  @Property(tries = 15)
  void resumingOneParticipant_continuesWithExactlyTheSamplesItWouldHaveRead(
      @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @IntRange(min = 0, max = 30) int buffer,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 150) int stopAt) throws Exception {
    try (ReaderFixture f = new ReaderFixture(n, 4, 1200, 1 << 20);
        DatasetReader r = f.reader().optSeed(seed).optShuffleBuffer(buffer).build()) {
      Partition p = Partition.of(1, 2);
      List<Long> uninterrupted;
      try (EpochStream s = r.stream(5, p)) {
        uninterrupted = ReaderFixture.indices(ReaderFixture.drain(s));
      }
      List<Long> resumed = new ArrayList<>();
      ReaderCheckpoint cp;
      try (EpochStream s = r.stream(5, p)) {
        resumed.addAll(ReaderFixture.indices(ReaderFixture.take(s, stopAt)));
        cp = s.checkpoint();
      }
      try (EpochStream s = r.resume(ReaderCheckpoint.fromJson(cp.toJson(), "cp"), p)) {
        resumed.addAll(ReaderFixture.indices(ReaderFixture.drain(s)));
      }
      assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }
  }

  @Property(tries = 8)
  void sameSeedAndEpoch_giveTheSameOrder_independentOfPrefetchAndIoThreads(
      @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int prefetch) throws Exception {
    try (ReaderFixture f = new ReaderFixture(n, 4, 1200, 1 << 20);
        DatasetReader a = f.reader().optSeed(seed).optShuffleBuffer(16).build();
        DatasetReader b = f.reader().optSeed(seed).optShuffleBuffer(16).optPrefetchShards(prefetch)
            .optIoThreads(1 + prefetch).build();
        EpochStream sa = a.stream(2, Partition.ALL);
        EpochStream sb = b.stream(2, Partition.ALL)) {
      assertThat(ReaderFixture.indices(ReaderFixture.drain(sb)))
          .containsExactlyElementsOf(ReaderFixture.indices(ReaderFixture.drain(sa)));
    }
  }

  @Property(tries = 5)
  void epochsDiffer_butEachIsAPermutation(@ForAll @LongRange(min = 0, max = 1000) long seed) throws Exception {
    try (ReaderFixture f = new ReaderFixture(120, 4, 1200, 1 << 20);
        DatasetReader r = f.reader().optSeed(seed).optShuffleBuffer(32).build()) {
      Set<List<Long>> orders = new HashSet<>();
      for (int e = 0; e < 3; e++) {
        try (EpochStream s = r.stream(e, Partition.ALL)) {
          List<Long> got = ReaderFixture.indices(ReaderFixture.drain(s));
          assertThat(got).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 120).boxed().toList());
          orders.add(got);
        }
      }
      assertThat(orders).hasSize(3);
    }
  }
}
