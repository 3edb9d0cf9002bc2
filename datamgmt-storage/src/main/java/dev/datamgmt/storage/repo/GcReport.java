package dev.datamgmt.storage.repo;

/**
 * What {@link Repository#gc} did.
 *
 * @param reachableCommits commits reachable from some ref log entry
 * @param reachableManifests manifests of those commits
 * @param reachableBlobs blobs those manifests reference
 * @param deleted unreachable objects deleted (older than the grace period)
 * @param deletedBytes their total size
 * @param keptYoung unreachable objects kept because they are younger than the grace period (a writer may be
 *     about to reference them)
 * @param repacked packs rewritten without their unreachable blobs (counted in {@code deleted} and
 *     {@code deletedBytes} as the old pack and index, less the new pack's size)
 */
public record GcReport(int reachableCommits, int reachableManifests, int reachableBlobs, int deleted,
    long deletedBytes, int keptYoung, int repacked) {
  /** A report of a gc that repacked nothing. */
  public GcReport(int reachableCommits, int reachableManifests, int reachableBlobs, int deleted, long deletedBytes,
      int keptYoung) {
    this(reachableCommits, reachableManifests, reachableBlobs, deleted, deletedBytes, keptYoung, 0);
  }
}
