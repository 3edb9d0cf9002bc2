package dev.datamgmt.storage.internal.repo;

import dev.datamgmt.core.hash.ContentHash;

/**
 * The keys under which a repository stores its content-addressed objects, as FORMAT.md lays them out. Not API:
 * see the package documentation.
 */
public final class RepositoryKeys {
  private RepositoryKeys() {}

  /** The key of a blob stored as an object of its own: {@code objects/sha256/<first 2 hex digits>/<other 62>}. */
  public static String objectKey(ContentHash hash) {
    String hex = hash.hex();
    return "objects/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
  }

  /** The key of a manifest: {@code manifests/<64 hex>.parquet}. */
  public static String manifestKey(ContentHash hash) {
    return "manifests/" + hash.hex() + ".parquet";
  }

  /** The prefix of every commit key; a commit id's hex prefix appended to it lists the commits that start so. */
  public static final String COMMITS_PREFIX = "commits/";

  /** The key of a commit: {@code commits/<64 hex>.json}. */
  public static String commitKey(ContentHash hash) {
    return COMMITS_PREFIX + hash.hex() + ".json";
  }
}
