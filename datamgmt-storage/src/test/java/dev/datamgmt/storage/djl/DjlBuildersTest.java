package dev.datamgmt.storage.djl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The house rule for builders: a missing required setting is an IllegalStateException naming it; a bad value an IAE. */
class DjlBuildersTest {

  @Test
  void imageTensors_withoutSize_failsNamingTheSetting() {
    assertThatThrownBy(() -> ImageTensors.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("size was not set; call setSize");
  }

  @Test
  void imageTensors_withNegativeSize_failsWithTheValue() {
    assertThatThrownBy(() -> ImageTensors.builder().setSize(-2, 28).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive: -2x28");
  }

  @Test
  void streamingDataset_withoutReader_failsNamingTheSetting() {
    assertThatThrownBy(() -> ShardStreamingDataset.builder().setBatchSize(4).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reader was not set; call setReader");
  }
}
