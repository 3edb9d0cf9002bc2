package dev.datamgmt.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Label;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RecordPropertiesTest {

  @Provide
  Arbitrary<Record> records() {
    return Arbitraries.records();
  }

  @Provide
  Arbitrary<Label> labels() {
    return Arbitraries.labels();
  }

  @Property(tries = 300)
  void record_jsonRoundTrip_givesAnEqualRecord(@ForAll("records") Record r) throws Exception {
    String json = Json.write(r);
    Record back = Json.read(json, Record.class, "test");
    assertThat(back).isEqualTo(r);
    assertThat(back.hashCode()).isEqualTo(r.hashCode());
  }

  @Property(tries = 200)
  void record_jsonIsDeterministic_equalRecordsGiveEqualBytes(@ForAll("records") Record r) {
    Record copy = r.toBuilder().build();
    assertThat(Json.write(copy)).isEqualTo(Json.write(r));
  }

  @Property(tries = 300)
  void label_jsonRoundTrip_keepsKindAndValue(@ForAll("labels") Label l) throws Exception {
    Label back = Json.read(Json.write(l), Label.class, "test");
    assertThat(back).isEqualTo(l);
    assertThat(back.kind()).isEqualTo(l.kind());
  }

  @Property(tries = 200)
  void toBuilder_withAChangedAttribute_isNotEqual(@ForAll("records") Record r) {
    Record changed = r.toBuilder().addAttribute("__changed", "x").build();
    assertThat(changed).isNotEqualTo(r);
    assertThat(changed.id()).isEqualTo(r.id());
  }
}
