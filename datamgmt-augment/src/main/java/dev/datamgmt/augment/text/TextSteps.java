package dev.datamgmt.augment.text;

import dev.datamgmt.augment.Step;
import java.util.List;

/** Text operations with their parameters drawn. Positions come from {@code seed} and the token count. */
public final class TextSteps {
  private TextSteps() {}

  /** Delete each token with probability {@code rate}, keeping at least one. */
  public record DeleteWords(double rate, long seed) implements Step {}

  /** Swap {@code swaps} random pairs of tokens. */
  public record SwapWords(int swaps, long seed) implements Step {}

  /** Insert {@code words} at random positions. */
  public record InsertWords(List<String> words, long seed) implements Step {
    /** Copies. */
    public InsertWords {
      words = List.copyOf(words);
    }
  }

  /** Change each character with probability {@code rate}: replace, delete, insert or swap with its neighbour. */
  public record CharNoise(double rate, long seed) implements Step {}
}
