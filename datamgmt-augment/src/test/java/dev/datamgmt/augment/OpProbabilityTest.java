package dev.datamgmt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.image.ImageOps;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** Every operation takes a probability the same way: {@code withP}. */
class OpProbabilityTest {

  @Provide
  Arbitrary<Op> leafOps() {
    return new PipelineJsonPropertiesTest().leafOps();
  }

  @Property(tries = 300)
  void withP_changesOnlyTheProbability(@ForAll("leafOps") Op op, @ForAll @DoubleRange(min = 0, max = 1) double q)
      throws Exception {
    Op changed = op.withP(q);
    assertThat(changed.p()).isEqualTo(q);
    if (op instanceof ImageOps.Normalize) {
      // No probability of its own: wrapped in a one-element sequence.
      assertThat(changed).isEqualTo(Compose.sequence(op).withP(q));
    } else {
      assertThat(changed).isInstanceOf(op.getClass());
      assertThat(changed.withP(op.p())).isEqualTo(op);
    }
    Pipeline p = Pipeline.builder().setSeed(1).add(changed).build();
    assertThat(Pipeline.fromJson(p.toJson())).isEqualTo(p);
  }

  @Test
  void rotateWithP_isAppliedAtThatRate() {
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.rotate(30).withP(0.25)).build();
    int applied = 0;
    for (int i = 0; i < 4000; i++) {
      applied += p.sample(0, i, 16, 16).steps().size();
    }
    assertThat(applied / 4000.0).isBetween(0.22, 0.28);
  }

  @Test
  void factoriesWithoutP_haveProbabilityOne() {
    assertThat(ImageOps.affine(10, 0.1, 0.9, 1.1, 5).p()).isEqualTo(1.0);
    assertThat(ImageOps.randomResizedCrop(8, 8, 0.5, 1).withP(0.5).p()).isEqualTo(0.5);
    assertThat(ImageOps.brightness(0.5, 1.5).withP(0).p()).isEqualTo(0.0);
  }

  @Test
  void withP_outsideUnitInterval_namesTheOp() {
    assertThatThrownBy(() -> ImageOps.affine(10, 0.1, 0.9, 1.1, 5).withP(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affine probability p must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> ImageOps.normalizeImageNet().withP(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence probability p");
  }
}
