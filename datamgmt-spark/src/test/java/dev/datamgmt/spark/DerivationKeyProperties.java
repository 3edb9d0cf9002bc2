package dev.datamgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.Repository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

/** The derivation key is a function of (input, step, version, settings) alone: no Spark needed. */
class DerivationKeyProperties {
  private static final Repository REPO;

  static {
    try {
      REPO = Repository.init(new InMemoryBlobStore());
      REPO.commit("main").addRecord(Record.builder("a").build()).setMessage("one").commit();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static String key(String step, String version, List<Map.Entry<String, String>> settings) throws Exception {
    Derivation.Builder b = Derivation.builder().setRepository(REPO).setInput("main").setStep(step, version);
    settings.forEach(e -> b.addSetting(e.getKey(), e.getValue()));
    return b.build().key();
  }

  @Property(tries = 50)
  void key_ignoresSettingOrder_andChangesWithAnyValue(
      @ForAll @Size(min = 1, max = 6) Map<@AlphaChars @NotEmpty String, @AlphaChars String> settings,
      @ForAll @AlphaChars @NotEmpty String step) throws Exception {
    List<Map.Entry<String, String>> entries = new ArrayList<>(settings.entrySet());
    String k = key(step, "1", entries);
    Collections.reverse(entries);
    assertThat(key(step, "1", entries)).isEqualTo(k);
    assertThat(key(step, "2", entries)).isNotEqualTo(k);
    List<Map.Entry<String, String>> changed = new ArrayList<>(entries);
    changed.set(0, Map.entry(entries.get(0).getKey(), entries.get(0).getValue() + "x"));
    assertThat(key(step, "1", changed)).isNotEqualTo(k);
  }
}
