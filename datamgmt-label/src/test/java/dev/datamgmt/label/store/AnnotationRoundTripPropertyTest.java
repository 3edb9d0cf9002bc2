package dev.datamgmt.label.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever goes into the store comes back equal, and nothing is lost or invented (SQLite). */
class AnnotationRoundTripPropertyTest {
  @Provide
  Arbitrary<List<Annotation>> batches() {
    return annotations().list().ofMaxSize(250);
  }

  Arbitrary<Annotation> annotations() {
    Arbitrary<Label> labels = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 50).map(i -> (Label) ClassLabel.of(i)),
        Arbitraries.integers().between(0, 9).list().ofMaxSize(4).map(l -> (Label) new MultiLabel(l)),
        Arbitraries.strings().ofMaxLength(20).map(t -> (Label) new TextLabel(t)),
        Combinators.combine(Arbitraries.doubles().between(0, 500), Arbitraries.doubles().between(0, 500),
            Arbitraries.doubles().between(0, 100), Arbitraries.integers().between(0, 5))
            .as((x, y, w, c) -> (Label) BoxesLabel.of(new Box(x, y, x + w, y + w / 2, c))));
    return Combinators.combine(
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
        Arbitraries.of("alice", "bob", "model-1", "user-9"),
        labels,
        Arbitraries.doubles().between(0, 1),
        Arbitraries.longs().between(0, 4_000_000_000_000_000L),
        Arbitraries.of(LabelSource.class),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5),
            Arbitraries.strings().ofMaxLength(10)).ofMaxSize(3))
        .as((rec, who, label, conf, micros, src, meta) -> new Annotation(rec, "v1", who, label, conf,
            Instant.EPOCH.plusNanos(micros * 1000), src, new java.util.TreeMap<>(meta)));
  }

  @Property(tries = 30)
  void storedAnnotations_comeBackEqual(@ForAll("batches") List<Annotation> batch)
      throws Exception {
    Path dir = Files.createTempDirectory("label-prop-");
    try (LabelStore store = LabelStores.sqlite(dir.resolve("p.db")).build()) {
      store.addAll(batch);
      assertThat(store.count()).isEqualTo(batch.size());
      List<Annotation> back = new ArrayList<>();
      for (String rec : batch.stream().map(Annotation::recordId).distinct().toList()) {
        back.addAll(store.labelsOf(rec));
      }
      assertThat(back).containsExactlyInAnyOrderElementsOf(batch);
      assertThat(store.changesSince(Instant.EPOCH.minusSeconds(1))).hasSize(batch.size());
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
