package dev.datamgmt.synth;

/**
 * A generator or distribution setting that cannot work (an inverted range, a negative size, an empty font folder,
 * a text that cannot fit the canvas), raised when the configuration is built, never half-way through a job. The
 * message names the setting, what was expected and the value found.
 */
public class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String expected;
  private final String found;

  /**
   * @param setting the setting's name, e.g. {@code "shapes.size"}
   * @param expected what a valid value looks like
   * @param found the value given
   */
  public InvalidSettingException(String setting, String expected, Object found) {
    super("invalid setting " + setting + ": expected " + expected + ", found " + found);
    this.setting = setting;
    this.expected = expected;
    this.found = String.valueOf(found);
  }

  /** The setting's name. */
  public String setting() {
    return setting;
  }

  /** What a valid value looks like. */
  public String expected() {
    return expected;
  }

  /** The value given, as text. */
  public String found() {
    return found;
  }
}
