package dev.datamgmt.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.shapes.ShapesConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Sample i depends on (seed, i) alone: not on order, threads or chunking. */
class SynthDeterminismProperties {
  private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Generator SHAPES = ShapesConfig.builder().setSize(24, 20).optShapeCount(0, 4).build()
      .newGenerator();

  @Property(tries = 40)
  void anyIndexOrder_givesIdenticalBytes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll long shuffleSeed) throws Exception {
    List<byte[]> inOrder = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inOrder.add(Synth.sample(SHAPES, seed, i).data().bytes());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(shuffleSeed));
    for (int i : order) {
      GeneratedSample s = Synth.sample(SHAPES, seed, i);
      assertThat(s.data().bytes()).isEqualTo(inOrder.get(i));
    }
  }

  @Property(tries = 15)
  void anyThreadCount_givesTheSameBlobsAndVersionIdAsOneThread(@ForAll long seed,
      @ForAll @LongRange(min = 0, max = 1000) long from, @ForAll @IntRange(min = 0, max = 40) int count,
      @ForAll @IntRange(min = 2, max = 6) int threads, @ForAll @IntRange(min = 1, max = 9) int chunk)
      throws Exception {
    DatasetVersion one = run(seed, from, count, 1, 64);
    DatasetVersion two = run(seed, from, count, threads, chunk);
    assertThat(two.id()).isEqualTo(one.id());
    assertThat(two.records()).isEqualTo(one.records());
    for (int k = 0; k < one.size(); k++) {
      assertThat(two.readBlob(two.get(k).blob().orElseThrow()))
          .isEqualTo(one.readBlob(one.get(k).blob().orElseThrow()));
    }
  }

  @Example
  void seedZero_isASeedLikeAnyOther() throws Exception {
    assertThat(run(0, 0, 10, 1, 3).id()).isEqualTo(run(0, 0, 10, 2, 5).id());
    assertThat(Synth.sample(SHAPES, 0, 1).data().bytes()).isNotEqualTo(Synth.sample(SHAPES, 0, 2).data().bytes());
    assertThat(Synth.sample(SHAPES, 0, 1).data().bytes()).isNotEqualTo(Synth.sample(SHAPES, 1, 1).data().bytes());
  }

  private static DatasetVersion run(long seed, long from, int count, int threads, int chunk) throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore(), FIXED);
    return Synth.commit(SHAPES).setRepository(repo).setSeed(seed).setRange(from, from + count)
        .optThreads(threads).optChunk(chunk).optClock(FIXED).build().run();
  }
}
