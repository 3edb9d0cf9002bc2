package dev.datamgmt.augment.text;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The character confusion tables of {@link TextSteps.ConfuseChars} and the function that applies them. */
final class CharConfusions {
  private CharConfusions() {}

  private static final String[] ROWS = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

  /** QWERTY neighbours: same row left and right, the row above (same and next column), below (previous and same). */
  static final Map<Character, String[]> KEYBOARD = keyboard();

  /** Look-alikes as OCR engines confuse them (nlpaug's English OCR table, the single-character core). */
  static final Map<Character, String[]> OCR = ocr();

  private static Map<Character, String[]> keyboard() {
    Map<Character, String[]> m = new HashMap<>();
    for (int r = 0; r < ROWS.length; r++) {
      for (int c = 0; c < ROWS[r].length(); c++) {
        StringBuilder n = new StringBuilder();
        addKey(n, r, c - 1);
        addKey(n, r, c + 1);
        addKey(n, r - 1, c);
        addKey(n, r - 1, c + 1);
        addKey(n, r + 1, c - 1);
        addKey(n, r + 1, c);
        String[] keys = n.chars().mapToObj(ch -> String.valueOf((char) ch)).toArray(String[]::new);
        char k = ROWS[r].charAt(c);
        m.put(k, keys);
        if (Character.isLetter(k)) {
          String[] upper = new String[keys.length];
          for (int i = 0; i < keys.length; i++) {
            upper[i] = keys[i].toUpperCase(java.util.Locale.ROOT);
          }
          m.put(Character.toUpperCase(k), upper);
        }
      }
    }
    return Map.copyOf(m);
  }

  private static void addKey(StringBuilder b, int r, int c) {
    if (r >= 0 && r < ROWS.length && c >= 0 && c < ROWS[r].length()) {
      b.append(ROWS[r].charAt(c));
    }
  }

  private static Map<Character, String[]> ocr() {
    String[][] pairs = {
      {"0", "o", "O", "D"}, {"o", "0"}, {"O", "0", "D"}, {"D", "0", "O"},
      {"1", "l", "I", "i"}, {"l", "1", "I"}, {"I", "1", "l"}, {"i", "1"},
      {"2", "z", "Z"}, {"z", "2"}, {"Z", "2"},
      {"5", "s", "S"}, {"s", "5"}, {"S", "5"},
      {"6", "b", "G"}, {"b", "6"}, {"G", "6"},
      {"8", "B"}, {"B", "8"}, {"9", "g", "q"}, {"g", "9"}, {"q", "9"},
      {"m", "rn"}, {"e", "c"}, {"c", "e"}, {"u", "v"}, {"v", "u"}, {"h", "b"}};
    Map<Character, String[]> m = new HashMap<>();
    for (String[] p : pairs) {
      String[] to = new String[p.length - 1];
      System.arraycopy(p, 1, to, 0, to.length);
      m.put(p[0].charAt(0), to);
    }
    return Map.copyOf(m);
  }

  /** Each character with confusions is replaced with probability {@code rate} by one of them. */
  static String confuse(String w, Map<Character, String[]> table, double rate, SplittableRandom rng) {
    StringBuilder b = new StringBuilder(w.length() + 2);
    for (int i = 0; i < w.length(); i++) {
      char ch = w.charAt(i);
      String[] to = table.get(ch);
      double u = rng.nextDouble();
      b.append(to != null && u < rate ? to[rng.nextInt(to.length)] : String.valueOf(ch));
    }
    return b.toString();
  }
}
