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
}
