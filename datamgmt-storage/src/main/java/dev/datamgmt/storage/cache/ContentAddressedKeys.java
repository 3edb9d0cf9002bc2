package dev.datamgmt.storage.cache;

import dev.datamgmt.core.hash.ContentHash;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes keys named by the SHA-256 of their content, as laid out in FORMAT.md (optionally below a
 * prefix): {@code objects/sha256/<hex[0:2]>/<hex[2:64]>}, {@code manifests/<hex>.parquet},
 * {@code commits/<hex>.json}, {@code shards/<hex>.parquet} and {@code packs/<hex>.pack} (not the pack's index,
 * which is named after its pack). Such an object never changes, so it can be cached
 * forever, and its bytes can be checked against its name.
 */
final class ContentAddressedKeys {
  private static final Pattern OBJECT = Pattern.compile("(?:^|.*/)objects/sha256/([0-9a-f]{2})/([0-9a-f]{62})");
  private static final Pattern NAMED = Pattern.compile("(?:^|.*/)(?:manifests|shards)/([0-9a-f]{64})\\.parquet|(?:^|.*/)packs/([0-9a-f]{64})\\.pack|(?:^|.*/)commits/([0-9a-f]{64})\\.json");

  private ContentAddressedKeys() {}

  /** The hash a key names, if it is a content-addressed key. */
  static Optional<ContentHash> hashOf(String key) {
    Matcher m = OBJECT.matcher(key);
    if (m.matches()) {
      return Optional.of(ContentHash.parse(m.group(1) + m.group(2)));
    }
    m = NAMED.matcher(key);
    if (m.matches()) {
      return Optional.of(ContentHash.parse(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3)));
    }
    return Optional.empty();
  }

  /** Whether {@code key} names its content's hash. */
  static boolean isContentAddressed(String key) {
    return hashOf(key).isPresent();
  }
}
