package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.UnsupportedFormatException;

/**
 * A repository was opened with a ref store other than the one its marker records: without a {@link JdbcRefStore}
 * for a repository whose refs live in a database, with one for a repository whose refs live in the blob store, or
 * with a database that does not know the repository's id. Opening it anyway would read (or write) a different set
 * of branches than every other process, so it is refused.
 */
public class RefStoreMismatchException extends UnsupportedFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param location the marker (or database) that disagrees
   * @param expected what the marker records
   * @param found what the caller gave
   */
  public RefStoreMismatchException(String location, String expected, String found) {
    super("wrong ref store for this repository", location, expected, found);
  }
}
