package dev.datamgmt.augment.text;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs a text pipeline on token sequences (pure Java).
 *
 * <pre>{@code
 * TextAugmenter aug = TextAugmenter.of(Pipeline.builder().setSeed(3)
 *     .add(TextOps.wordDeletion(0.5, 0.1)).add(TextOps.charNoise(0.3, 0.02)).build());
 * List<String> out = aug.apply("doc-9", List.of("the", "cat", "sat"), epoch, index);
 * }</pre>
 */
public final class TextAugmenter {
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private final Pipeline pipeline;
  private final SynonymTable synonyms;

  private TextAugmenter(Pipeline pipeline, SynonymTable synonyms) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.synonyms = synonyms;
  }

  /** An augmenter for {@code pipeline}. */
  public static TextAugmenter of(Pipeline pipeline) {
    return new TextAugmenter(pipeline, null);
  }

  /** This augmenter with the synonyms that {@link TextOps#synonymReplacement} draws from. */
  public TextAugmenter withSynonyms(SynonymTable table) {
    return new TextAugmenter(pipeline, Objects.requireNonNull(table, "table"));
  }

  /**
   * Augments tokens with the parameters of ({@code epoch}, {@code index}).
   *
   * @param id names the sample in error messages
   * @throws InvalidDataException if a token is null
   */
  public List<String> apply(String id, List<String> tokens, long epoch, long index) throws InvalidDataException {
    return replay(id, tokens, pipeline.sample(epoch, index));
  }

  /** Re-runs recorded parameters on tokens. */
  public List<String> replay(String id, List<String> tokens, AugmentParams params) throws InvalidDataException {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i) == null) {
        throw new InvalidDataException("null token", "sample " + id, "non-null tokens", "null at position " + i);
      }
    }
    List<String> t = new ArrayList<>(tokens);
    for (Step s : params.steps()) {
      if (s instanceof TextSteps.DeleteWords d) {
        SplittableRandom rng = new SplittableRandom(d.seed());
        List<String> kept = new ArrayList<>(t.size());
        for (String w : t) {
          if (rng.nextDouble() >= d.rate()) {
            kept.add(w);
          }
        }
        if (kept.isEmpty() && !t.isEmpty()) {
          // An empty sequence is rarely a valid training input; keep one token, chosen from the same stream.
          kept.add(t.get(rng.nextInt(t.size())));
        }
        t = kept;
      } else if (s instanceof TextSteps.SwapWords sw) {
        SplittableRandom rng = new SplittableRandom(sw.seed());
        if (t.size() >= 2) {
          for (int k = 0; k < sw.swaps(); k++) {
            int a = rng.nextInt(t.size()), b = rng.nextInt(t.size());
            String tmp = t.get(a);
            t.set(a, t.get(b));
            t.set(b, tmp);
          }
        }
      } else if (s instanceof TextSteps.InsertWords ins) {
        SplittableRandom rng = new SplittableRandom(ins.seed());
        for (String w : ins.words()) {
          t.add(rng.nextInt(t.size() + 1), w);
        }
      } else if (s instanceof TextSteps.CharNoise cn) {
        SplittableRandom rng = new SplittableRandom(cn.seed());
        List<String> out = new ArrayList<>(t.size());
        for (String w : t) {
          out.add(charNoise(w, cn.rate(), rng));
        }
        t = out;
      } else if (s instanceof TextSteps.ConfuseChars cc) {
        SplittableRandom rng = new SplittableRandom(cc.seed());
        Map<Character, String[]> table = cc.table().equals("ocr") ? CharConfusions.OCR : CharConfusions.KEYBOARD;
        List<String> out = new ArrayList<>(t.size());
        for (String w : t) {
          out.add(CharConfusions.confuse(w, table, cc.rate(), rng));
        }
        t = out;
      } else if (s instanceof TextSteps.ReplaceSynonyms rs) {
        if (synonyms == null) {
          throw new IllegalStateException("synonymReplacement needs a SynonymTable: TextAugmenter.withSynonyms(table)"
              + " (sample " + id + ")");
        }
        SplittableRandom rng = new SplittableRandom(rs.seed());
        List<String> out = new ArrayList<>(t.size());
        for (String w : t) {
          List<String> syn = synonyms.synonymsOf(w);
          double u = rng.nextDouble();
          out.add(!syn.isEmpty() && u < rs.rate() ? syn.get(rng.nextInt(syn.size())) : w);
        }
        t = out;
      } else if (s instanceof TextSteps.CropSpan cs) {
        if (!t.isEmpty()) {
          int from = Math.min(t.size() - 1, (int) Math.floor(cs.start() * t.size()));
          int len = Math.max(1, (int) Math.round(cs.width() * t.size()));
          t = new ArrayList<>(t.subList(from, Math.min(t.size(), from + len)));
        }
      } else {
        throw new IllegalArgumentException("step " + s + " does not apply to text (sample " + id + ")");
      }
    }
    return List.copyOf(t);
  }

  private static String charNoise(String w, double rate, SplittableRandom rng) {
    StringBuilder b = new StringBuilder(w.length() + 2);
    for (int i = 0; i < w.length(); i++) {
      char ch = w.charAt(i);
      if (rng.nextDouble() >= rate) {
        b.append(ch);
        continue;
      }
      switch (rng.nextInt(4)) {
        case 0 -> b.append(LETTERS.charAt(rng.nextInt(LETTERS.length()))); // replace
        case 1 -> { } // delete
        case 2 -> b.append(ch).append(LETTERS.charAt(rng.nextInt(LETTERS.length()))); // insert after
        default -> {
          if (i + 1 < w.length()) { // swap with the next character
            b.append(w.charAt(i + 1)).append(ch);
            i++;
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.length() == 0 && !w.isEmpty() ? w.substring(0, 1) : b.toString();
  }
}
