package dev.datamgmt.augment.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextAugmenterTest {
  private static final TextAugmenter NONE = TextAugmenter.of(Pipeline.builder().setSeed(0).build());

  @Property(tries = 100)
  void swap_permutesTokens(@ForAll @Size(min = 1, max = 20) List<@StringLength(min = 1, max = 6) String> tokens,
      @ForAll long seed) throws Exception {
    List<String> out = NONE.replay("t", tokens, AugmentParams.of(new TextSteps.SwapWords(3, seed)));
    List<String> a = new ArrayList<>(out), b = new ArrayList<>(tokens);
    Collections.sort(a);
    Collections.sort(b);
    assertThat(a).isEqualTo(b);
  }

  @Property(tries = 100)
  void deletion_keepsAnOrderedNonEmptySubsequence(
      @ForAll @Size(min = 1, max = 20) List<@StringLength(min = 1, max = 6) String> tokens, @ForAll long seed)
      throws Exception {
    List<String> out = NONE.replay("t", tokens, AugmentParams.of(new TextSteps.DeleteWords(0.5, seed)));
    assertThat(out).isNotEmpty().hasSizeLessThanOrEqualTo(tokens.size());
    int j = 0;
    for (String w : out) {
      while (j < tokens.size() && !tokens.get(j).equals(w)) {
        j++;
      }
      assertThat(j).as("token %s in order", w).isLessThan(tokens.size());
      j++;
    }
  }

  @Property(tries = 100)
  void insertion_addsExactlyTheVocabularyWords(
      @ForAll @Size(max = 10) List<@StringLength(min = 1, max = 6) String> tokens,
      @ForAll @IntRange(min = 0, max = 10_000) int index) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(3).add(TextOps.wordInsertion(1, 3, List.of("ZZ", "YY"))).build();
    List<String> out = TextAugmenter.of(p).apply("t", tokens, 0, index);
    List<String> added = new ArrayList<>(out);
    for (String w : tokens) {
      added.remove(w);
    }
    assertThat(added).isNotEmpty().hasSizeLessThanOrEqualTo(3).allMatch(w -> w.equals("ZZ") || w.equals("YY"));
  }

  @Test
  void charNoise_changesSomeCharactersAtHighRateAndNoneAtZero() throws Exception {
    List<String> words = Arrays.asList("augmentation", "reproducible", "pipeline");
    assertThat(NONE.replay("t", words, AugmentParams.of(new TextSteps.CharNoise(0, 1)))).isEqualTo(words);
    List<String> noisy = NONE.replay("t", words, AugmentParams.of(new TextSteps.CharNoise(0.3, 1)));
    assertThat(noisy).hasSize(3).isNotEqualTo(words);
  }

  @Test
  void nullToken_isRejectedNamingSampleAndPosition() {
    assertThatThrownBy(() -> NONE.apply("doc-4", Arrays.asList("a", null), 0, 0))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("sample doc-4")
        .hasMessageContaining("null at position 1");
  }
}
