package dev.datamgmt.storage.repo;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Repository#fsck()} found: how much it verified and every damaged or missing object by key.
 *
 * @param refEntries ref log entries read
 * @param commits commits verified
 * @param manifests manifests verified
 * @param blobs blobs verified
 * @param bytes blob bytes hashed
 * @param problems every problem found, in the order found
 */
public record FsckReport(int refEntries, int commits, int manifests, int blobs, long bytes, List<Problem> problems) {
  /** Copies the list. */
  public FsckReport {
    problems = List.copyOf(problems);
  }

  /** The kinds of damage. */
  public enum Kind {
    /** A referenced object does not exist. */
    MISSING,
    /** An object's bytes do not hash to its name. */
    CORRUPT,
    /** An object hashes correctly or is not content-addressed but cannot be parsed. */
    UNREADABLE
  }

  /**
   * One damaged object.
   *
   * @param kind what is wrong
   * @param key the object's key in the store
   * @param detail the expected and found values, and who references the object
   */
  public record Problem(Kind kind, String key, String detail) {
    /** Rejects nulls. */
    public Problem {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Whether nothing is damaged. */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
