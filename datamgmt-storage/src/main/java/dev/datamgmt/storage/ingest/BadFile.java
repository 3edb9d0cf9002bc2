package dev.datamgmt.storage.ingest;

import java.util.Objects;

/**
 * A file an ingest could not take, and why.
 *
 * @param path the path as found (relative to the ingest root where possible)
 * @param problem what is wrong, naming what was expected and what was found
 */
public record BadFile(String path, String problem) {
  /** Rejects nulls. */
  public BadFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return path + ": " + problem;
  }
}
