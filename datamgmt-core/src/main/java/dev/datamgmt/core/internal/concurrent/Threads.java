package dev.datamgmt.core.internal.concurrent;

import dev.datamgmt.core.error.DataException;

/** Joining worker threads and rethrowing their failures. Not API. */
public final class Threads {
  private Threads() {}

  /** Waits for {@code th} to end; an interrupt meanwhile is kept (the flag is set again) but does not stop the wait. */
  public static void joinUninterruptibly(Thread th) {
    boolean interrupted = false;
    while (true) {
      try {
        th.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Rethrows what a worker thread met as it was: a {@link DataException}, runtime exception or error unchanged,
   * anything else wrapped in an {@link IllegalStateException}; nothing if {@code t} is null.
   */
  public static void rethrow(Throwable t) throws DataException {
    if (t == null) {
      return;
    }
    if (t instanceof DataException de) {
      throw de;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error er) {
      throw er;
    }
    throw new IllegalStateException(t);
  }
}
