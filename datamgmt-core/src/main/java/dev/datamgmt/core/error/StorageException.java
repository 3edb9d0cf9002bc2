package dev.datamgmt.core.error;

/**
 * The storage backend failed (I/O error, network, throttling after retries). The operation did not take effect, or took effect completely; it may be retried.
 *
 * <p>The message names the location, what was expected and what was found; see {@link DataException}.
 */
public class StorageException extends DataException {
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
  public StorageException(String problem, String location, String expected, String found, Throwable cause) {
    super(problem, location, expected, found, cause);
  }

  /** Same as the five-argument constructor with no cause. */
  public StorageException(String problem, String location, String expected, String found) {
    super(problem, location, expected, found, null);
  }
}
