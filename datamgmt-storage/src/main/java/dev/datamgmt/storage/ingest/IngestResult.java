package dev.datamgmt.storage.ingest;

import dev.datamgmt.storage.repo.DatasetVersion;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DirectoryIngest#commit} did. When {@link #badFiles()} is non-empty (only possible with
 * {@link DirectoryIngest.OnBadFile#SKIP}) the version holds the good files only, and its commit lineage records
 * {@code ingest.skipped} = the number of bad files: a partial version is never silent.
 *
 * @param version the committed version
 * @param badFiles files left out, with the reason, in path order
 * @param filesHashed files read and hashed (new or changed since the stat cache saw them)
 * @param filesFromCache files whose hash came from the stat cache without reading them
 * @param bytesHashed bytes read and hashed
 */
public record IngestResult(DatasetVersion version, List<BadFile> badFiles, int filesHashed, int filesFromCache,
    long bytesHashed) {
  /** Copies the list. */
  public IngestResult {
    Objects.requireNonNull(version, "version");
    badFiles = List.copyOf(badFiles);
  }
}
