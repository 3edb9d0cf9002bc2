package dev.datamgmt.core.blob;

/**
 * The key rules every {@link BlobStore} enforces, so that a key valid on one backend is valid on all and can
 * never escape a store's root: 1 to 1024 UTF-16 characters; segments separated by {@code /}; no empty,
 * {@code .} or {@code ..} segment; no leading or trailing {@code /}; no backslash, no control character.
 */
public final class BlobKeys {
  /** Longest key accepted. */
  public static final int MAX_LENGTH = 1024;

  private BlobKeys() {}

  /**
   * Returns {@code key} if it is valid.
   *
   * @throws IllegalArgumentException naming the rule it breaks
   */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("blob key must be non-empty: " + (key == null ? "null" : "\"\""));
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("blob key longer than " + MAX_LENGTH + " characters: " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("blob key has a forbidden character (backslash or control) at index "
            + i + ": \"" + printable(key) + "\"");
      }
    }
    int start = 0;
    while (true) {
      int slash = key.indexOf('/', start);
      String segment = slash < 0 ? key.substring(start) : key.substring(start, slash);
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("blob key has an empty, '.' or '..' segment (no leading, trailing or "
            + "double '/', no relative parts): \"" + printable(key) + "\"");
      }
      if (slash < 0) {
        return key;
      }
      start = slash + 1;
    }
  }

  /**
   * Returns {@code prefix} if it is a valid listing prefix: empty, or a valid key optionally followed by
   * {@code /}.
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("blob key prefix must not be null");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }

  private static String printable(String key) {
    return key.replaceAll("\\p{Cntrl}", "?");
  }
}
