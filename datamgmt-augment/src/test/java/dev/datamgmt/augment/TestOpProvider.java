package dev.datamgmt.augment;

import dev.datamgmt.augment.image.ImageSteps;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A user-op provider found through {@code META-INF/services}, as an application jar would ship one. */
public final class TestOpProvider implements OpProvider {
  /** A user colour op: brightness and contrast drawn together, emitted as two built-in steps. */
  public record Jitter(double p, double strength) implements Op {
    /** Validates. */
    public Jitter {
      Op.checkP("testJitter", p);
      if (!(strength >= 0 && strength < 1)) {
        throw new IllegalArgumentException("testJitter strength must be in [0, 1): " + strength);
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Brightness(1 + strength * (2 * rng.nextDouble() - 1)));
      out.add(new ImageSteps.Contrast(1 + strength * (2 * rng.nextDouble() - 1)));
    }
  }

  @Override
  public Map<String, Class<? extends Op>> ops() {
    return Map.of("testJitter", Jitter.class);
  }
}
