package dev.datamgmt.core.error;

import java.util.Objects;

/**
 * Root of the checked exceptions for recoverable data and storage problems.
 *
 * <p>The message has the fixed shape {@code "<problem> at <location>: expected <expected>, found <found>"},
 * so a reader always learns what went wrong, where, what should have been there and what was there
 * instead. For example:
 *
 * <pre>{@code
 * content hash mismatch at objects/sha256/ab/cd...: expected sha256:abcd..., found sha256:0f1e...
 * }</pre>
 */
public class DataException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in a few words. */
  private final String problem;
  /** Where: a key, path, record id or object name. */
  private final String location;
  /** What should have been there. */
  private final String expected;
  /** What was there instead. */
  private final String found;

  /**
   * Creates an exception from its parts.
   *
   * @param problem what went wrong, in a few words ("content hash mismatch")
   * @param location where: a key, path, record id or object name
   * @param expected what should have been there
   * @param found what was there instead
   * @param cause the underlying exception, or {@code null}
   */
  public DataException(String problem, String location, String expected, String found, Throwable cause) {
    super(format(problem, location, expected, found), cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.location = Objects.requireNonNull(location, "location");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.found = Objects.requireNonNull(found, "found");
  }

  /** Same as the five-argument constructor with no cause. */
  public DataException(String problem, String location, String expected, String found) {
    this(problem, location, expected, found, null);
  }

  private static String format(String problem, String location, String expected, String found) {
    return problem + " at " + location + ": expected " + expected + ", found " + found;
  }

  /** What went wrong, in a few words. */
  public String problem() {
    return problem;
  }

  /** Where it went wrong: a key, path, record id or object name. */
  public String location() {
    return location;
  }

  /** What should have been there. */
  public String expected() {
    return expected;
  }

  /** What was there instead. */
  public String found() {
    return found;
  }
}
