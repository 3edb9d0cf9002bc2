package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.shapes.ShapesConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSynthTest {
  @TempDir
  Path tmp;

  @Test
  void run_onSpark_equalsSingleJvmGeneration_andASecondRunReturnsTheSameVersion() throws Exception {
    ShapesConfig config = ShapesConfig.builder().setSize(24, 24).build();
    RepositorySource single = SparkCommitTest.newRepo(tmp.resolve("single"));
    Generator g = config.newGenerator();
    DatasetVersion expected = Synth.commit(g).setRepository(single.open(SparkCommitTest.CLOCK)).setSeed(7)
        .setRange(3, 160).optThreads(2).optClock(SparkCommitTest.CLOCK).build().run();

    RepositorySource spark = SparkCommitTest.newRepo(tmp.resolve("spark"));
    SparkSynth job = SparkSynth.builder(GeneratorFactory.of(config)).setSource(spark).setSeed(7).setRange(3, 160)
        .optSlices(5).optClock(SparkCommitTest.CLOCK).build();
    DatasetVersion got = job.run(TestSpark.session());

    assertThat(got.size()).isEqualTo(157);
    assertThat(got.records()).isEqualTo(expected.records());
    assertThat(got.commit().manifest()).isEqualTo(expected.commit().manifest());
    assertThat(got.id()).isEqualTo(expected.id());
    var r = got.get(42);
    assertThat(got.readBlob(r.blob().orElseThrow())).isEqualTo(expected.readBlob(r.blob().orElseThrow()));

    DatasetVersion again = job.run(TestSpark.session());
    assertThat(again.id()).isEqualTo(got.id());
    assertThat(spark.repository().log("main")).hasSize(1);
  }

  /** Onto a branch that has a head: the head's records merge with the generated ones as the single-JVM job does. */
  @Test
  void run_ontoAHead_equalsSingleJvmGenerationOntoTheSameHead() throws Exception {
    ShapesConfig config = ShapesConfig.builder().setSize(24, 24).build();
    RepositorySource single = SparkCommitTest.newRepo(tmp.resolve("single"));
    RepositorySource spark = SparkCommitTest.newRepo(tmp.resolve("spark"));
    DatasetVersion[] bases = new DatasetVersion[2];
    int k = 0;
    for (RepositorySource s : new RepositorySource[] {single, spark}) {
      bases[k++] = Synth.commit(config.newGenerator()).setRepository(s.open(SparkCommitTest.CLOCK)).setSeed(1)
          .setRange(0, 50).optIdPrefix("base-").optClock(SparkCommitTest.CLOCK).build().run();
    }
    assertThat(bases[1].id()).isEqualTo(bases[0].id());

    DatasetVersion expected = Synth.commit(config.newGenerator()).setRepository(single.open(SparkCommitTest.CLOCK))
        .setSeed(7).setRange(0, 80).optThreads(2).optClock(SparkCommitTest.CLOCK).build().run();
    SparkSynth job = SparkSynth.builder(GeneratorFactory.of(config)).setSource(spark).setSeed(7).setRange(0, 80)
        .optSlices(3).optClock(SparkCommitTest.CLOCK).build();
    DatasetVersion got = job.run(TestSpark.session());

    assertThat(got.size()).isEqualTo(130);
    assertThat(got.records()).isEqualTo(expected.records());
    assertThat(got.id()).isEqualTo(expected.id());
    assertThat(job.run(TestSpark.session()).id()).isEqualTo(got.id());
    assertThat(spark.repository().log("main")).hasSize(2);
  }
}
