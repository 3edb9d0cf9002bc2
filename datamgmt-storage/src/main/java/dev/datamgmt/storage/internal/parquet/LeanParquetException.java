package dev.datamgmt.storage.internal.parquet;

/**
 * Thrown by {@link LeanParquet} when a file uses something it does not read (a codec, encoding, page type or
 * layout outside the subset our writer produces) or does not parse: the caller then reads the file with
 * parquet-java, which either reads it or reports the damage in its own terms. Never escapes the shard reader.
 */
public final class LeanParquetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A reason, for debugging a fallback. */
  public LeanParquetException(String message) {
    super(message, null, false, false);
  }
}
