package dev.datamgmt.label.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.label.store.Annotation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatingsTest {
  static Annotation a(String record, String annotator, int cls, int second) {
    return Annotation.builder(record, ClassLabel.of(cls)).setDatasetVersion("v").setAnnotator(annotator)
        .optTime(Instant.EPOCH.plusSeconds(second)).build();
  }

  @Test
  void fromAnnotations_takesEachAnnotatorsLatestLabel_inIdOrder() throws Exception {
    Ratings r = Ratings.fromAnnotations(List.of(
        a("r2", "bob", 1, 0), a("r1", "alice", 0, 5), a("r1", "alice", 2, 9), a("r1", "bob", 2, 1)), 3);
    assertThat(r.itemIds()).containsExactly("r1", "r2");
    assertThat(r.raterIds()).containsExactly("alice", "bob");
    assertThat(r.get(0, 0)).isEqualTo(2);
    assertThat(r.get(1, 0)).isEqualTo(Ratings.MISSING);
    assertThat(r.counts()[0]).containsExactly(0, 0, 2);
  }

  @Test
  void fromAnnotations_rejectsNonClassLabelsAndClassesOutOfRange_namingRecordAndAnnotator() {
    Annotation text = Annotation.builder("r9", new TextLabel("x")).setDatasetVersion("v").setAnnotator("carol")
        .build();
    assertThatThrownBy(() -> Ratings.fromAnnotations(List.of(text), 3)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("record r9, annotator carol").hasMessageContaining("found TEXT");
    assertThatThrownBy(() -> Ratings.fromAnnotations(List.of(a("r1", "dan", 5, 0)), 3))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("class in [0, 3)");
  }

  @Test
  void of_rejectsValuesOutOfRange() {
    assertThatThrownBy(() -> Ratings.of(new int[][] {{0, 4}}, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rater r1");
  }
}
