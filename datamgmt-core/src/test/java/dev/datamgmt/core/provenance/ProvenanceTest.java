package dev.datamgmt.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.internal.json.Json;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Property(tries = 100)
  void jsonRoundTrip_givesEqualProvenance(
      @ForAll @AlphaChars @StringLength(min = 1, max = 10) String kind,
      @ForAll long seed,
      @ForAll @AlphaChars @StringLength(max = 12) String setting) throws Exception {
    Provenance p = Provenance.builder(kind)
        .addSource(new Provenance.Source("dataset", "commit:" + setting))
        .addStep(new Provenance.Step("augment", Map.of("pipeline", setting, "p", "0.5")))
        .addStep(new Provenance.Step("train", Map.of()))
        .addSeed("sampler", seed)
        .optCodeCommit(setting.isEmpty() ? null : setting)
        .build();
    Provenance back = Json.read(Json.write(p), Provenance.class, "t");
    assertThat(back).isEqualTo(p);
  }

  @Test
  void environment_namesJavaAndOs() {
    assertThat(Provenance.currentEnvironment()).containsKeys("datamgmt.version", "java.version", "os.name", "os.arch");
    assertThat(Provenance.currentEnvironment().get("java.version")).isEqualTo(System.getProperty("java.version"));
  }

  @Test
  void steps_keepTheirOrder() {
    Provenance p = Provenance.builder("model").addStep(new Provenance.Step("b", Map.of())).addStep(new Provenance.Step("a", Map.of())).build();
    assertThat(p.steps()).extracting(Provenance.Step::name).containsExactly("b", "a");
  }
}
