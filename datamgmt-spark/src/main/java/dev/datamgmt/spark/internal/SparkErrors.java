package dev.datamgmt.spark.internal;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UncheckedDataException;

/** Turns a failed Spark job back into the typed error its task threw. */
public final class SparkErrors {
  private SparkErrors() {}

  /** Functions run on executors: a checked-exception-friendly body. */
  @FunctionalInterface
  public interface Job<T> {
    /** Runs the Spark job. */
    T run() throws DataException;
  }

  /**
   * Runs {@code job}; if Spark aborts it, rethrows the first {@link DataException} in the failure's cause chain (a
   * task's {@link UncheckedDataException} carries one), an {@link IllegalArgumentException} or
   * {@link IllegalStateException} thrown by a task as itself, and anything else as a {@link StorageException}
   * naming the job.
   */
  public static <T> T run(String what, Job<T> job) throws DataException {
    try {
      return job.run();
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UncheckedDataException u) {
          throw u.getCause();
        }
        if (t instanceof DataException d) {
          throw d;
        }
        if (t != e && (t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
          throw (RuntimeException) t;
        }
        if (t.getCause() == t) {
          break;
        }
      }
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        throw e;
      }
      throw new StorageException("Spark job failed", what, "the job to finish", e.toString(), e);
    }
  }
}
