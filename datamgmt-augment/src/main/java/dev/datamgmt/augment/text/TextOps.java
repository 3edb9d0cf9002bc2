package dev.datamgmt.augment.text;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Text operations on token sequences, and their factories. */
public final class TextOps {
  private TextOps() {}

  static void checkRate(String op, double r) {
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(op + " rate must be in [0, 1]: " + r);
    }
  }

  /** Delete each word with probability {@code rate}. */
  public static WordDeletion wordDeletion(double p, double rate) {
    return new WordDeletion(p, rate);
  }

  /** Swap up to {@code maxSwaps} pairs of words. */
  public static WordSwap wordSwap(double p, int maxSwaps) {
    return new WordSwap(p, maxSwaps);
  }

  /** Insert up to {@code maxWords} words drawn from {@code vocabulary}. */
  public static WordInsertion wordInsertion(double p, int maxWords, List<String> vocabulary) {
    return new WordInsertion(p, maxWords, vocabulary);
  }

  /** Character noise at {@code rate} per character. */
  public static CharNoise charNoise(double p, double rate) {
    return new CharNoise(p, rate);
  }

  /** QWERTY typos: each character replaced by a neighbouring key with probability {@code rate}. */
  public static CharConfusion keyboardTypos(double p, double rate) {
    return new CharConfusion(p, "keyboard", rate);
  }

  /** OCR confusions: each confusable character replaced by a look-alike with probability {@code rate}. */
  public static CharConfusion ocrErrors(double p, double rate) {
    return new CharConfusion(p, "ocr", rate);
  }

  /** Synonym replacement at {@code rate} per word, from the augmenter's {@link SynonymTable}. */
  public static SynonymReplacement synonymReplacement(double p, double rate) {
    return new SynonymReplacement(p, rate);
  }

  /** Keep a random contiguous span of {@code minFraction..maxFraction} of the tokens. */
  public static SpanCrop spanCrop(double p, double minFraction, double maxFraction) {
    return new SpanCrop(p, minFraction, maxFraction);
  }

  /** Word deletion. @param p probability @param rate per-word deletion probability */
  public record WordDeletion(double p, double rate) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public WordDeletion withP(double p) {
      return new WordDeletion(p, rate);
    }

    /** Validates. */
    public WordDeletion {
      Op.checkP("wordDeletion", p);
      checkRate("wordDeletion", rate);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TextSteps.DeleteWords(rate, rng.nextLong()));
    }
  }

  /** Word swap. @param p probability @param maxSwaps largest number of swaps, {@code >= 1} */
  public record WordSwap(double p, int maxSwaps) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public WordSwap withP(double p) {
      return new WordSwap(p, maxSwaps);
    }

    /** Validates. */
    public WordSwap {
      Op.checkP("wordSwap", p);
      if (maxSwaps < 1) {
        throw new IllegalArgumentException("wordSwap maxSwaps must be >= 1: " + maxSwaps);
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TextSteps.SwapWords(1 + rng.nextInt(maxSwaps), rng.nextLong()));
    }
  }

  /**
   * Word insertion from a vocabulary.
   *
   * @param p probability
   * @param maxWords largest number of inserted words, {@code >= 1}
   * @param vocabulary the words to draw from, not empty
   */
  public record WordInsertion(double p, int maxWords, List<String> vocabulary) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public WordInsertion withP(double p) {
      return new WordInsertion(p, maxWords, vocabulary);
    }

    /** Validates. */
    public WordInsertion {
      Op.checkP("wordInsertion", p);
      if (maxWords < 1) {
        throw new IllegalArgumentException("wordInsertion maxWords must be >= 1: " + maxWords);
      }
      if (vocabulary == null || vocabulary.isEmpty()) {
        throw new IllegalArgumentException("wordInsertion vocabulary must not be empty: " + vocabulary);
      }
      vocabulary = List.copyOf(vocabulary);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      int k = 1 + rng.nextInt(maxWords);
      List<String> words = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        words.add(vocabulary.get(rng.nextInt(vocabulary.size())));
      }
      out.add(new TextSteps.InsertWords(words, rng.nextLong()));
    }
  }

  /** Character noise. @param p probability @param rate per-character change probability */
  public record CharNoise(double p, double rate) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CharNoise withP(double p) {
      return new CharNoise(p, rate);
    }

    /** Validates. */
    public CharNoise {
      Op.checkP("charNoise", p);
      checkRate("charNoise", rate);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TextSteps.CharNoise(rate, rng.nextLong()));
    }
  }

  /**
   * Character confusions (nlpaug's KeyboardAug and OcrAug).
   *
   * @param p probability
   * @param table {@code "keyboard"} or {@code "ocr"}
   * @param rate per-character probability
   */
  public record CharConfusion(double p, String table, double rate) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CharConfusion withP(double p) {
      return new CharConfusion(p, table, rate);
    }

    /** Validates. */
    public CharConfusion {
      Op.checkP("charConfusion", p);
      checkRate("charConfusion", rate);
      new TextSteps.ConfuseChars(table, rate, 0);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TextSteps.ConfuseChars(table, rate, rng.nextLong()));
    }
  }

  /**
   * Synonym replacement from a user-supplied {@link SynonymTable} (a WordNet export works); the table is given
   * to the {@link TextAugmenter}, not stored in the pipeline.
   *
   * @param p probability
   * @param rate per-word probability for words with synonyms
   */
  public record SynonymReplacement(double p, double rate) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public SynonymReplacement withP(double p) {
      return new SynonymReplacement(p, rate);
    }

    /** Validates. */
    public SynonymReplacement {
      Op.checkP("synonymReplacement", p);
      checkRate("synonymReplacement", rate);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new TextSteps.ReplaceSynonyms(rate, rng.nextLong()));
    }
  }

  /**
   * Random span crop: a contiguous span of {@code minFraction..maxFraction} of the tokens (at least one) is kept.
   *
   * @param p probability
   * @param minFraction smallest kept share, in {@code (0, 1]}
   * @param maxFraction largest kept share
   */
  public record SpanCrop(double p, double minFraction, double maxFraction) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public SpanCrop withP(double p) {
      return new SpanCrop(p, minFraction, maxFraction);
    }

    /** Validates. */
    public SpanCrop {
      Op.checkP("spanCrop", p);
      if (!(minFraction > 0 && minFraction <= maxFraction && maxFraction <= 1)) {
        throw new IllegalArgumentException(
            "spanCrop fraction range must satisfy 0 < min <= max <= 1: [" + minFraction + ", " + maxFraction + "]");
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double width = minFraction == maxFraction ? minFraction
          : minFraction + (maxFraction - minFraction) * rng.nextDouble();
      out.add(new TextSteps.CropSpan((1 - width) * rng.nextDouble(), width));
    }
  }
}
