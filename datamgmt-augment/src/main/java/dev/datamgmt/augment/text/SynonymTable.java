package dev.datamgmt.augment.text;

import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synonyms for {@link TextOps#synonymReplacement}: for each word (looked up lower-case), the words that may replace
 * it. Read from a file the application ships (nothing is downloaded at run time): a tab-separated list, or WordNet's
 * Prolog export {@code wn_s.pl}, where words of one synset are synonyms of each other.
 *
 * <pre>{@code
 * SynonymTable wordnet = SynonymTable.readWordNetProlog(Path.of("prolog/wn_s.pl"));
 * TextAugmenter aug = TextAugmenter.of(pipeline).withSynonyms(wordnet);
 * }</pre>
 */
public final class SynonymTable {
  private static final Pattern WN_S = Pattern.compile("^s\\((\\d+),\\s*\\d+,\\s*'((?:[^']|'')*)',\\s*[a-z],.*\\)\\.\\s*$");
  private final Map<String, List<String>> synonyms;

  private SynonymTable(Map<String, List<String>> synonyms) {
    this.synonyms = synonyms;
  }

  /** A table from a map of word to synonyms (keys are looked up lower-case; the map is copied). */
  public static SynonymTable of(Map<String, List<String>> synonyms) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    synonyms.forEach((w, s) -> m.merge(w.toLowerCase(Locale.ROOT), List.copyOf(s), SynonymTable::union));
    return new SynonymTable(m);
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }

  /**
   * Reads a UTF-8 file with one word per line followed by its synonyms, separated by tabs
   * ({@code quick<TAB>fast<TAB>rapid}); blank lines and lines starting with {@code #} are skipped.
   *
   * @throws UnsupportedFormatException if a line has a word but no synonym, naming the path and line
   * @throws IOException if the file cannot be read
   */
  public static SynonymTable readTsv(Path path) throws IOException, UnsupportedFormatException {
    Map<String, List<String>> m = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      for (int no = 1; (line = r.readLine()) != null; no++) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        List<String> syn = new ArrayList<>();
        for (int i = 1; i < f.length; i++) {
          if (!f[i].isBlank()) {
            syn.add(f[i].strip());
          }
        }
        if (f[0].isBlank() || syn.isEmpty()) {
          throw new UnsupportedFormatException("synonym line without synonyms", path + ":" + no,
              "a word and at least one synonym, tab-separated", "\"" + line + "\"");
        }
        m.merge(f[0].strip().toLowerCase(Locale.ROOT), syn, SynonymTable::union);
      }
    }
    return new SynonymTable(m);
  }

  /**
   * Reads WordNet's Prolog export {@code wn_s.pl} (lines {@code s(synset_id,w_num,'word',ss_type,sense,tag).});
   * every word's synonyms are the other words of all its synsets, with underscores as spaces in multi-word
   * entries kept as one token. Lines starting with {@code %} are comments.
   *
   * @throws UnsupportedFormatException if a line is not an {@code s(...)} fact, naming the path and line
   * @throws IOException if the file cannot be read
   */
  public static SynonymTable readWordNetProlog(Path path) throws IOException, UnsupportedFormatException {
    Map<String, List<String>> synsets = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      for (int no = 1; (line = r.readLine()) != null; no++) {
        if (line.isBlank() || line.startsWith("%")) {
          continue;
        }
        Matcher mt = WN_S.matcher(line);
        if (!mt.matches()) {
          throw new UnsupportedFormatException("not a WordNet s/6 fact", path + ":" + no,
              "s(synset_id,w_num,'word',ss_type,sense_number,tag_count).", "\"" + line + "\"");
        }
        synsets.computeIfAbsent(mt.group(1), k -> new ArrayList<>())
            .add(mt.group(2).replace("''", "'").replace(' ', '_'));
      }
    }
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (List<String> words : synsets.values()) {
      for (String w : words) {
        List<String> others = new ArrayList<>(words);
        others.remove(w);
        if (!others.isEmpty()) {
          m.merge(w.toLowerCase(Locale.ROOT), others, SynonymTable::union);
        }
      }
    }
    return new SynonymTable(m);
  }

  /** The synonyms of {@code word} (looked up lower-case), empty if none. */
  public List<String> synonymsOf(String word) {
    return synonyms.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
  }

  /** Number of words with synonyms. */
  public int size() {
    return synonyms.size();
  }
}
