package dev.datamgmt.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.synth.shapes.ShapesConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommitTest {
  private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void commit_storesEveryRecordWithItsBlobsAndProvenance() throws Exception {
    Repository repo = Repository.init(FileSystemBlobStore.builder().setRoot(tmp).build());
    Generator g = ShapesConfig.builder().setSize(48, 32).build().newGenerator();
    DatasetVersion v = Synth.commit(g).setRepository(repo).setSeed(0).setRange(5, 25).optThreads(2).build().run();

    assertThat(v.size()).isEqualTo(20);
    assertThat(v.get(0).id()).isEqualTo("shapes-000000000005");
    for (long i = 5; i < 25; i++) {
      Record r = v.record(Synth.recordId("shapes", i)).orElseThrow();
      GeneratedSample s = Synth.sample(g, 0, i);
      assertThat(v.readBlob(r.blob().orElseThrow())).isEqualTo(s.data().bytes());
      assertThat(v.readBlob(r.blob(ShapesConfig.INSTANCES_BLOB).orElseThrow()))
          .isEqualTo(s.extraBlobs().get(ShapesConfig.INSTANCES_BLOB).bytes());
      assertThat(r.label()).isEqualTo(s.label());
    }
    Provenance p = Repository.open(repo.store()).checkout("main").commit().provenance().orElseThrow();
    Map<String, String> settings = p.steps().get(0).settings();
    assertThat(p.steps().get(0).name()).isEqualTo(Synth.PROVENANCE_STEP);
    assertThat(settings).containsEntry("generator", "shapes").containsEntry("generatorVersion", "1")
        .containsEntry("seed", "0").containsEntry("from", "5").containsEntry("to", "25")
        .containsEntry("idPrefix", "shapes");
    assertThat(p.seeds()).containsEntry("generator", 0L);
    // the recorded configuration rebuilds the generator, which regenerates the same bytes
    Generator again = Generators.readConfig(settings.get("configuration")).newGenerator();
    assertThat(Synth.sample(again, 0, 7).data().bytes()).isEqualTo(Synth.sample(g, 0, 7).data().bytes());
  }

  @Test
  void run_twiceOnOneRepository_returnsTheSameVersionAndCommitsNothing() throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore());
    Synth.CommitJob job = Synth.commit(new CountingGenerator(32, -1)).setRepository(repo).setSeed(9)
        .setRange(0, 300).optThreads(2).build();
    DatasetVersion first = job.run();
    DatasetVersion second = job.run();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(repo.log("main")).hasSize(1);
    // a different range is new work
    DatasetVersion more = Synth.commit(new CountingGenerator(32, -1)).setRepository(repo).setSeed(9)
        .setRange(300, 310).build().run();
    assertThat(more.id()).isNotEqualTo(first.id());
    assertThat(more.size()).isEqualTo(310);
  }

  @Test
  void run_onTwoRepositoriesWithTheSameClock_givesTheSameVersionId() throws Exception {
    DatasetVersion a = job(Repository.init(new InMemoryBlobStore(), FIXED), 1, 7).run();
    DatasetVersion b = job(Repository.init(new InMemoryBlobStore(), FIXED), 3, 1).run();
    assertThat(b.id()).isEqualTo(a.id());
  }

  private static Synth.CommitJob job(Repository repo, int threads, int chunk) {
    return Synth.commit(new CountingGenerator(64, -1)).setRepository(repo).setSeed(123).setRange(0, 100)
        .optThreads(threads).optChunk(chunk).optClock(FIXED).optPackBytes(1000).build();
  }

  @Test
  void aSampleThatThrows_isReportedWithIndexAndSeed_andNothingIsCommitted() throws Exception {
    Repository repo = Repository.init(new InMemoryBlobStore());
    Synth.commit(new CountingGenerator(8, -1)).setRepository(repo).setSeed(1).setRange(0, 10).build().run();
    var before = repo.head("main").orElseThrow();
    for (int threads : new int[] {1, 2}) {
      assertThatThrownBy(() -> Synth.commit(new CountingGenerator(8, 137)).setRepository(repo).setSeed(42)
              .setRange(0, 500).optThreads(threads).build().run())
          .isInstanceOfSatisfying(GenerationException.class, e -> {
            assertThat(e.index()).isEqualTo(137);
            assertThat(e.seed()).isEqualTo(42);
            assertThat(e.generator()).isEqualTo("counting");
            assertThat(e.getMessage()).contains("sample index 137").contains("seed 42").contains("boom at 137");
          });
      assertThat(repo.head("main")).contains(before);
    }
    // the failed streams onto the head lost nothing: its records and blobs read back as generated
    DatasetVersion head = Repository.open(repo.store()).checkout("main");
    assertThat(head.size()).isEqualTo(10);
    for (long i = 0; i < 10; i++) {
      Record r = head.record(Synth.recordId("counting", i)).orElseThrow();
      assertThat(head.readBlob(r.blob().orElseThrow()))
          .isEqualTo(Synth.sample(new CountingGenerator(8, -1), 1, i).data().bytes());
    }
    assertThatThrownBy(() -> Synth.sample(new CountingGenerator(8, 3), 5, 3))
        .isInstanceOf(GenerationException.class).hasMessageContaining("sample index 3, seed 5");
  }

  @Test
  void build_namesTheMissingOrBadSetting() {
    Generator g = new CountingGenerator(1, -1);
    Repository repo;
    try {
      repo = Repository.init(new InMemoryBlobStore());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> Synth.commit(g).setSeed(1).setRange(0, 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("repository");
    assertThatThrownBy(() -> Synth.commit(g).setRepository(repo).setRange(0, 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("seed");
    assertThatThrownBy(() -> Synth.commit(g).setRepository(repo).setSeed(0).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("range");
    assertThatThrownBy(() -> Synth.commit(g).setRange(10, 2))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("range").hasMessageContaining("[10, 2)");
    assertThatThrownBy(() -> Synth.commit(g).optThreads(0))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("threads");
  }
}
