package dev.datamgmt.synth;

import dev.datamgmt.core.error.DataException;

/**
 * A generator failed on one sample. The location names the generator, the sample index and the seed, so the
 * failure can be reproduced alone with {@link Synth#sample(Generator, long, long)}; the generator's exception is
 * the cause. When it happens during {@link Synth.CommitJob#run()}, nothing was committed.
 */
public class GenerationException extends DataException {
  private static final long serialVersionUID = 1L;

  private final String generator;
  private final long index;
  private final long seed;

  /** A failure of {@code generator} on sample {@code index} under {@code seed}. */
  public GenerationException(String generator, long index, long seed, Throwable cause) {
    super("generator failed", "generator " + generator + ", sample index " + index + ", seed " + seed,
        "a generated sample", String.valueOf(cause), cause);
    this.generator = generator;
    this.index = index;
    this.seed = seed;
  }

  /** The generator's name. */
  public String generator() {
    return generator;
  }

  /** The index of the sample that failed. */
  public long index() {
    return index;
  }

  /** The generator seed. */
  public long seed() {
    return seed;
  }
}
