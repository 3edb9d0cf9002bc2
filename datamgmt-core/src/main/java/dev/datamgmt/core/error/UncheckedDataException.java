package dev.datamgmt.core.error;

import java.util.Objects;

/**
 * Carries a {@link DataException} through APIs that cannot throw checked exceptions, such as
 * {@link java.util.stream.Stream} or {@link java.util.Iterator}. Unwrap it with {@link #getCause()}.
 */
public final class UncheckedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause}; the message is the cause's message. */
  public UncheckedDataException(DataException cause) {
    super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
  }

  @Override
  public synchronized DataException getCause() {
    return (DataException) super.getCause();
  }
}
