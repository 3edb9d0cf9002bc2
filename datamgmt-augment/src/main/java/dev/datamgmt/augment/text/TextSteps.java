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

  /**
   * Replace each character that has confusions in {@code table} with probability {@code rate} by one of them:
   * {@code "keyboard"} (a QWERTY neighbour, case kept; nlpaug's KeyboardAug) or {@code "ocr"} (a character OCR
   * engines mistake it for, e.g. {@code 0 <-> o}, {@code 1 <-> l}, {@code m -> rn}; nlpaug's OcrAug).
   */
  public record ConfuseChars(String table, double rate, long seed) implements Step {
    /** Validates. */
    public ConfuseChars {
      if (!"keyboard".equals(table) && !"ocr".equals(table)) {
        throw new IllegalArgumentException("character confusion table must be \"keyboard\" or \"ocr\": " + table);
      }
    }
  }

  /**
   * Replace each word that has synonyms with probability {@code rate} by one of them, from the augmenter's
   * {@link SynonymTable} ({@link TextAugmenter#withSynonyms}).
   */
  public record ReplaceSynonyms(double rate, long seed) implements Step {}

  /**
   * Keep only the span {@code [floor(start * n), floor(start * n) + max(1, round(width * n)))} of the {@code n}
   * tokens.
   */
  public record CropSpan(double start, double width) implements Step {}
}
