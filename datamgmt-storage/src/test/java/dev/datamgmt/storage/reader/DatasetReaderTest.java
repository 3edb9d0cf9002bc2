package dev.datamgmt.storage.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.shard.ShardFilter;
import dev.datamgmt.storage.shard.ShardInfo;
import dev.datamgmt.storage.shard.ShardSet;
import dev.datamgmt.storage.shard.ShardWriter;
import dev.datamgmt.storage.shard.TestRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DatasetReaderTest {

  @Test
  void get_enumeratesEveryRecordInShardOrder_withItsOwnBytesAndClass() throws Exception {
    try (ReaderFixture f = new ReaderFixture(90, 4, 1500, 1 << 20);
        DatasetReader r = f.reader().build()) {
      assertThat(r.size()).isEqualTo(90);
      Map<String, Record> byId = f.data.records().stream().collect(Collectors.toMap(Record::id, x -> x));
      for (long i = 0; i < r.size(); i++) {
        Sample s = r.get(i);
        assertThat(s.index()).isEqualTo(i);
        Record rec = byId.get(s.id());
        assertThat(s.data()).isEqualTo(f.data.read(rec.blob().orElseThrow()));
        assertThat(s.classIndex()).isEqualTo(((ClassLabel) rec.label().orElseThrow()).index());
      }
      assertThatThrownBy(() -> r.get(90)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void checkpoint_isASnapshot_equalToItsJsonRoundTrip_andUnchangedByLaterReads() throws Exception {
    try (ReaderFixture f = new ReaderFixture(90, 4, 1500, 1 << 20);
        DatasetReader r = f.reader().optSeed(5).optShuffleBuffer(16).build();
        EpochStream s = r.stream(0, Partition.ALL)) {
      for (int i = 0; i < 10; i++) {
        s.next();
      }
      ReaderCheckpoint cp = s.checkpoint();
      List<Long> before = List.copyOf(cp.buffer());
      assertThat(before).hasSize(15); // filled to 16, one delivered since
      ReaderCheckpoint parsed = ReaderCheckpoint.fromJson(cp.toJson(), "checkpoint");
      assertThat(parsed).isEqualTo(cp).hasSameHashCodeAs(cp);
      assertThat(cp).isEqualTo(parsed);
      assertThatThrownBy(() -> cp.buffer().set(0, 1L)).isInstanceOf(UnsupportedOperationException.class);
      while (s.next() != null) {
        // reading on changes the stream's buffer, not the snapshot
      }
      assertThat(cp.buffer()).isEqualTo(before);
    }
  }

  @Test
  void stream_withSplitAndClassFilter_deliversExactlyTheMatchingRecords() throws Exception {
    try (ReaderFixture f = new ReaderFixture(200, 4, 1500, 1 << 20)) {
      ShardFilter filter = ShardFilter.builder().addSplit(Split.TRAIN).addClass(2).build();
      List<String> expected = f.data.records().stream().filter(filter::matches).map(Record::id).toList();
      try (DatasetReader r = f.reader().optFilter(filter).optSeed(3).build();
          EpochStream s = r.stream(0, Partition.ALL)) {
        assertThat(r.size()).isEqualTo(expected.size());
        List<String> got = ReaderFixture.drain(s).stream().map(Sample::id).toList();
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        // random access walks the same filtered records, skipping shards with no match
        List<String> byIndex = new ArrayList<>();
        for (long i = 0; i < r.size(); i++) {
          byIndex.add(r.get(i).id());
        }
        assertThat(byIndex).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Test
  void stream_withAttributeFilter_countsByReadingShards_andDeliversMatches() throws Exception {
    try (ReaderFixture f = new ReaderFixture(100, 4, 1500, 1 << 20)) {
      ShardFilter filter = ShardFilter.builder().addAttribute("parity", 0L).build();
      try (DatasetReader r = f.reader().optFilter(filter).build(); EpochStream s = r.stream(0, Partition.ALL)) {
        assertThat(r.size()).isEqualTo(50);
        assertThat(ReaderFixture.drain(s)).allSatisfy(x -> assertThat(x.index()).isBetween(0L, 99L)).hasSize(50);
      }
    }
  }

  @Test
  void stream_readsBlobsStoredByReference_throughTheBlobSource() throws Exception {
    try (ReaderFixture f = new ReaderFixture(80, 3, 1 << 20, 40); DatasetReader r = f.reader().build();
        EpochStream s = r.stream(0, Partition.ALL)) {
      List<Sample> all = ReaderFixture.drain(s);
      assertThat(all).hasSize(80);
      for (Sample x : all) {
        assertThat(TestRecords.number(x.data())).isEqualTo(Integer.parseInt(x.id().substring(2)));
      }
    }
  }

  @Test
  void stream_whenReferencedBlobIsMissing_failsNamingShardAndRecord() throws Exception {
    try (ReaderFixture f = new ReaderFixture(30, 3, 1 << 20, 0);
        DatasetReader r = DatasetReader.builder().setShards(f.set).setStore(f.store)
            .optBlobSource(ref -> { throw new NotFoundException("no such blob", ref.hash().toString(), "a blob", "none"); })
            .build();
        EpochStream s = r.stream(0, Partition.ALL)) {
      assertThatThrownBy(s::next).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void stream_whenAShardIsCorrupt_failsNamingTheShard() throws Exception {
    try (ReaderFixture f = new ReaderFixture(100, 4, 1500, 1 << 20)) {
      ShardInfo bad = f.set.shards().get(1);
      corrupt(f, bad);
      try (DatasetReader r = f.reader().optShuffleShards(false).optShuffleBuffer(0).build();
          EpochStream s = r.stream(0, Partition.ALL)) {
        assertThatThrownBy(() -> ReaderFixture.drain(s))
            .isInstanceOf(IntegrityException.class)
            .hasMessageContaining(bad.key());
        // nothing past the failure was counted as delivered: the checkpoint still covers the bad shard
        assertThat(s.emitted()).isEqualTo(bad.firstIndex());
      }
    }
  }

  @Test
  void stream_whenAShardIsCorrupt_andSkipping_reportsEverySkippedSample() throws Exception {
    try (ReaderFixture f = new ReaderFixture(100, 4, 1500, 1 << 20)) {
      ShardInfo bad = f.set.shards().get(2);
      corrupt(f, bad);
      try (DatasetReader r = f.reader().optBadRecordPolicy(BadRecordPolicy.SKIP_AND_REPORT).optSeed(9).build()) {
        List<Long> got = new ArrayList<>();
        long skipped = 0;
        for (int q = 0; q < 3; q++) {
          try (EpochStream s = r.stream(0, Partition.of(q, 3))) {
            got.addAll(ReaderFixture.indices(ReaderFixture.drain(s)));
            assertThat(s.emitted() + s.skipped()).isEqualTo(s.planned());
            skipped += s.skipped();
          }
        }
        assertThat(skipped).isEqualTo(bad.records());
        assertThat(r.report().total()).isEqualTo(bad.records());
        assertThat(r.report().counts()).containsEntry("content hash mismatch", (long) bad.records());
        assertThat(r.report().examples().get(0)).contains(bad.key());
        List<Long> expected = LongStream.range(0, 100)
            .filter(i -> i < bad.firstIndex() || i >= bad.firstIndex() + bad.records()).boxed().toList();
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  @Test
  void stream_whenLabelHasWrongType_failsNamingShardAndRecordId() throws Exception {
    TestRecords data = TestRecords.of(20, 2, 5);
    byte[] img = {1, 2, 3, 4, 5};
    data.add(Record.builder("odd-one").optLabel(BoxesLabel.of(new Box(0, 0, 1, 1, 0)))
        .setBlob(BlobRef.of(img, "application/octet-stream")).optSplit(Split.TRAIN).build(), img);
    try (dev.datamgmt.core.blob.InMemoryBlobStore store = new dev.datamgmt.core.blob.InMemoryBlobStore()) {
      ShardSet set = ShardWriter.builder().setStore(store).setBlobSource(data).build().write(data.records(), "t");
      try (DatasetReader r = DatasetReader.builder().setShards(set).setStore(store)
              .optExpectedLabel(LabelKind.CLASS).build();
          EpochStream s = r.stream(0, Partition.ALL)) {
        assertThatThrownBy(() -> ReaderFixture.drain(s))
            .isInstanceOf(InvalidDataException.class)
            .hasMessageContaining("wrong label type at " + set.shards().get(0).key() + ", record odd-one")
            .hasMessageContaining("expected a CLASS label, found BOXES");
      }
      try (DatasetReader r = DatasetReader.builder().setShards(set).setStore(store)
              .optExpectedLabel(LabelKind.CLASS).optBadRecordPolicy(BadRecordPolicy.SKIP_AND_REPORT).build();
          EpochStream s = r.stream(0, Partition.ALL)) {
        assertThat(ReaderFixture.drain(s)).hasSize(20);
        assertThat(r.report().counts()).containsEntry("wrong label type", 1L);
      }
    }
  }

  @Test
  void resume_withCheckpointFromAnotherSeed_isRefused() throws Exception {
    try (ReaderFixture f = new ReaderFixture(40, 4, 1500, 1 << 20);
        DatasetReader a = f.reader().optSeed(1).build();
        DatasetReader b = f.reader().optSeed(2).build();
        EpochStream s = a.stream(0, Partition.ALL)) {
      s.next();
      ReaderCheckpoint cp = s.checkpoint();
      assertThatThrownBy(() -> b.resume(cp, Partition.ALL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another shard set, filter or shuffle setting");
      assertThatThrownBy(() -> a.resume(List.of(cp, cp), Partition.of(0, 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two checkpoints for participant 0");
    }
  }

  @Test
  void stream_fetchesAtMostPrefetchShardsAheadOfTheOneItReads() throws Exception {
    try (ReaderFixture f = new ReaderFixture(300, 4, 1200, 1 << 20)) {
      assertThat(f.set.shards()).hasSizeGreaterThan(8);
      java.util.concurrent.atomic.AtomicInteger shardGets = new java.util.concurrent.atomic.AtomicInteger();
      dev.datamgmt.core.blob.BlobStore counting = (dev.datamgmt.core.blob.BlobStore) java.lang.reflect.Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {dev.datamgmt.core.blob.BlobStore.class}, (proxy, m, args) -> {
            if (m.getName().equals("get") && args.length == 1 && ((String) args[0]).startsWith("shards/")) {
              shardGets.incrementAndGet();
            }
            try {
              return m.invoke(f.store, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      for (int prefetch : new int[] {0, 1, 3}) {
        shardGets.set(0);
        try (DatasetReader r = DatasetReader.builder().setShards(f.set).setStore(counting).optPrefetchShards(prefetch)
                .optShuffleBuffer(0).optSeed(4).build();
            EpochStream s = r.stream(0, Partition.ALL)) {
          java.util.LinkedHashSet<String> visited = new java.util.LinkedHashSet<>();
          for (Sample x; (x = s.next()) != null; ) {
            visited.add(x.shard());
            // shards fetched so far: the ones read, plus at most `prefetch` ahead
            assertThat(shardGets.get()).isLessThanOrEqualTo(visited.size() + prefetch);
          }
          assertThat(visited).hasSize(f.set.shards().size());
          assertThat(shardGets.get()).isEqualTo(f.set.shards().size());
        }
      }
    }
  }

  @Test
  void builder_rejectsBadSettings_namingThem() {
    assertThatThrownBy(() -> DatasetReader.builder().build()).hasMessageContaining("setShards");
    assertThatThrownBy(() -> new Partition(2, 2, 0, 1)).hasMessageContaining("rank must be in [0, 2): 2");
  }

  private static void corrupt(ReaderFixture f, ShardInfo s) throws Exception {
    byte[] bytes = f.store.get(s.key());
    bytes[bytes.length / 3] ^= 0x40;
    f.store.put(s.key(), bytes);
  }
}
