package dev.datamgmt.augment.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyboard typos, OCR confusions, synonym replacement (and its files) and span crops of issue 20. */
class TextConfusionSynonymSpanTest {
  private static final TextAugmenter NONE = TextAugmenter.of(Pipeline.builder().setSeed(0).build());

  @Property(tries = 100)
  void keyboardTypos_replaceCharactersByNeighbouringKeysOnly(
      @ForAll @Size(min = 1, max = 8) List<@AlphaChars @StringLength(min = 1, max = 8) String> tokens,
      @ForAll long seed) throws Exception {
    List<String> out = NONE.replay("t", tokens, AugmentParams.of(new TextSteps.ConfuseChars("keyboard", 0.5, seed)));
    assertThat(out).hasSameSizeAs(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      String a = tokens.get(i), b = out.get(i);
      assertThat(b).hasSameSizeAs(a);
      for (int k = 0; k < a.length(); k++) {
        if (a.charAt(k) != b.charAt(k)) {
          assertThat(CharConfusions.KEYBOARD.get(a.charAt(k))).contains(String.valueOf(b.charAt(k)));
          if (Character.isLetter(b.charAt(k))) {
            assertThat(Character.isUpperCase(b.charAt(k))).as("case kept").isEqualTo(Character.isUpperCase(a.charAt(k)));
          }
        }
      }
    }
  }

  @Test
  void keyboardNeighbours_areTheAdjacentQwertyKeys() {
    assertThat(CharConfusions.KEYBOARD.get('g')).containsExactlyInAnyOrder("f", "h", "t", "y", "v", "b");
    assertThat(CharConfusions.KEYBOARD.get('Q')).containsExactlyInAnyOrder("W", "1", "2", "A");
  }

  @Test
  void ocrErrors_atRateOne_replaceEveryConfusableCharacter() throws Exception {
    List<String> out = NONE.replay("t", List.of("m0l5", "wax"), AugmentParams.of(new TextSteps.ConfuseChars("ocr", 1, 3)));
    assertThat(out.get(0)).startsWith("rn").doesNotContain("0").doesNotContain("5");
    assertThat(out.get(0).charAt(2)).isIn('o', 'O', 'D');
    assertThat(out.get(1)).isEqualTo("wax");
    assertThat(NONE.replay("t", List.of("m0l5"), AugmentParams.of(new TextSteps.ConfuseChars("ocr", 0, 3))))
        .containsExactly("m0l5");
  }

  @Test
  void synonymReplacement_fromATsvFile_replacesOnlyWordsWithSynonyms(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("syn.tsv");
    Files.writeString(f, "# word<TAB>synonyms\nquick\tfast\trapid\nhappy\tglad\n\n", StandardCharsets.UTF_8);
    SynonymTable table = SynonymTable.readTsv(f);
    assertThat(table.size()).isEqualTo(2);
    TextAugmenter aug = TextAugmenter.of(Pipeline.builder().setSeed(1).add(TextOps.synonymReplacement(1, 1)).build())
        .withSynonyms(table);
    for (int i = 0; i < 20; i++) {
      List<String> out = aug.apply("t", List.of("the", "Quick", "happy", "dog"), 0, i);
      assertThat(out.get(0)).isEqualTo("the");
      assertThat(out.get(1)).isIn("fast", "rapid");
      assertThat(out.get(2)).isEqualTo("glad");
      assertThat(out.get(3)).isEqualTo("dog");
    }
  }

  @Test
  void synonymReplacement_withoutATable_isAMisuseSayingWhatToDo() {
    TextAugmenter aug = TextAugmenter.of(Pipeline.builder().setSeed(1).add(TextOps.synonymReplacement(1, 1)).build());
    assertThatThrownBy(() -> aug.apply("doc-3", List.of("a"), 0, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("withSynonyms").hasMessageContaining("doc-3");
  }

  @Test
  void wordNetPrologExport_makesWordsOfASynsetSynonyms(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("wn_s.pl");
    Files.writeString(f, String.join("\n",
        "% a comment",
        "s(300978754,1,'quick',a,1,6).",
        "s(300978754,2,'speedy',a,1,0).",
        "s(301000000,1,'quick',s,2,0).",
        "s(301000000,2,'agile',s,1,0).",
        "s(104576211,1,'o''clock',n,1,0).",
        "s(104576211,2,'time of day',n,1,0).", ""), StandardCharsets.UTF_8);
    SynonymTable t = SynonymTable.readWordNetProlog(f);
    assertThat(t.synonymsOf("Quick")).containsExactly("speedy", "agile");
    assertThat(t.synonymsOf("speedy")).containsExactly("quick");
    assertThat(t.synonymsOf("o'clock")).containsExactly("time_of_day");
    assertThat(t.synonymsOf("missing")).isEmpty();
  }

  @Test
  void malformedSynonymFiles_failNamingPathLineAndWhatWasExpected(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("bad.tsv");
    Files.writeString(tsv, "quick\tfast\nlonely\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SynonymTable.readTsv(tsv)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("bad.tsv:2").hasMessageContaining("at least one synonym").hasMessageContaining("lonely");
    Path pl = dir.resolve("wn_s.pl");
    Files.writeString(pl, "s(1,1,'a',n,1,0).\ng(1,'a gloss').\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SynonymTable.readWordNetProlog(pl)).isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("wn_s.pl:2").hasMessageContaining("s(synset_id");
  }

  @Property(tries = 100)
  void spanCrop_keepsAContiguousNonEmptySpanOfTheDrawnShare(
      @ForAll @Size(min = 1, max = 40) List<@StringLength(min = 1, max = 4) String> tokens,
      @ForAll @IntRange(min = 0, max = 10_000) int index, @ForAll @DoubleRange(min = 0.1, max = 1) double share)
      throws Exception {
    Pipeline p = Pipeline.builder().setSeed(2).add(TextOps.spanCrop(1, share, share)).build();
    List<String> out = TextAugmenter.of(p).apply("t", tokens, 0, index);
    assertThat(out).isNotEmpty();
    assertThat(Collections.indexOfSubList(tokens, out)).isNotNegative();
    assertThat((double) out.size()).isBetween(Math.max(1, share * tokens.size() - 1), share * tokens.size() + 1);
  }

  @Test
  void badParameters_failNamingTheOperationAndSetting() {
    assertThatThrownBy(() -> new TextOps.CharConfusion(1, "azerty", 0.1)).hasMessageContaining("\"keyboard\" or \"ocr\"");
    assertThatThrownBy(() -> TextOps.keyboardTypos(1, 2)).hasMessageContaining("charConfusion rate");
    assertThatThrownBy(() -> TextOps.synonymReplacement(1, -1)).hasMessageContaining("synonymReplacement rate");
    assertThatThrownBy(() -> TextOps.spanCrop(1, 0, 0.5)).hasMessageContaining("spanCrop fraction");
    assertThat(SynonymTable.of(Map.of("A", List.of("b"))).synonymsOf("a")).containsExactly("b");
  }
}
