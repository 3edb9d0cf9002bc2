package dev.datamgmt.core.error;

/**
 * Input is readable but wrong: a record breaks its schema, a label is out of range, a value is not finite.
 *
 * <p>The message names the location, what was expected and what was found; see {@link DataException}.
 */
public class InvalidDataException extends DataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what went wrong, in a few words
   * @param location where: a key, path, record id or object name
   * @param expected what should have been there
   * @param found what was there instead
   * @param cause the underlying exception, or {@code null}
   */
  public InvalidDataException(String problem, String location, String expected, String found, Throwable cause) {
    super(problem, location, expected, found, cause);
  }

  /** Same as the five-argument constructor with no cause. */
  public InvalidDataException(String problem, String location, String expected, String found) {
    super(problem, location, expected, found, null);
  }
}
