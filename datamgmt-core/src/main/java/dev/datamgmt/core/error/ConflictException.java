package dev.datamgmt.core.error;

/**
 * A concurrent change won: a compare-and-swap lost, a merge found conflicting changes. Callers may retry on the new state.
 *
 * <p>The message names the location, what was expected and what was found; see {@link DataException}.
 */
public class ConflictException extends DataException {
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
  public ConflictException(String problem, String location, String expected, String found, Throwable cause) {
    super(problem, location, expected, found, cause);
  }

  /** Same as the five-argument constructor with no cause. */
  public ConflictException(String problem, String location, String expected, String found) {
    super(problem, location, expected, found, null);
  }
}
