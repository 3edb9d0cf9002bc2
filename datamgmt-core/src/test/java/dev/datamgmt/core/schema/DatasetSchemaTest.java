package dev.datamgmt.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.Record;
import org.junit.jupiter.api.Test;

class DatasetSchemaTest {
  private final DatasetSchema schema = DatasetSchema.builder()
      .setLabelKind(LabelKind.CLASS)
      .addClassNames("cat", "dog", "bird")
      .addAttribute("source", AttributeType.STRING)
      .addAttribute("width", AttributeType.LONG)
      .optLabelRequired(true)
      .build();

  @Test
  void validRecord_passes() throws Exception {
    schema.validate(Record.builder("r1").optLabel(ClassLabel.of(2)).addAttribute("width", 28).addAttribute("extra", true).build());
  }

  @Test
  void classOutOfRange_failsNamingRecordAndRange() {
    assertThatThrownBy(() -> schema.validate(Record.builder("r7").optLabel(ClassLabel.of(3)).build()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("class index out of range at record r7: expected class indices 0..2, found 3");
  }

  @Test
  void wrongLabelKind_fails() {
    Record r = Record.builder("r2").optLabel(BoxesLabel.of(new Box(0, 0, 1, 1, 0))).build();
    assertThatThrownBy(() -> schema.validate(r)).isInstanceOf(InvalidDataException.class).hasMessageContaining("expected CLASS, found BOXES");
  }

  @Test
  void missingRequiredLabel_fails() {
    assertThatThrownBy(() -> schema.validate(Record.builder("r3").build())).hasMessageContaining("missing label at record r3");
  }

  @Test
  void wrongAttributeType_failsNamingTheAttribute() {
    Record r = Record.builder("r4").optLabel(ClassLabel.of(0)).addAttribute("width", "wide").build();
    assertThatThrownBy(() -> schema.validate(r)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("record r4, attribute width").hasMessageContaining("expected LONG");
  }

  @Test
  void jsonRoundTrip_givesAnEqualSchema() throws Exception {
    assertThat(Json.read(Json.write(schema), DatasetSchema.class, "t")).isEqualTo(schema);
  }

  @Test
  void builder_rejectsRepeatedClassNames_andMissingKind() {
    assertThatThrownBy(() -> DatasetSchema.builder().setLabelKind(LabelKind.CLASS).addClassNames("a", "a").build())
        .hasMessageContaining("repeated at index 1");
    assertThatThrownBy(() -> DatasetSchema.builder().build()).hasMessageContaining("setLabelKind");
  }
}
