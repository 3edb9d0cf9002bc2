package dev.datamgmt.core.record;

import dev.datamgmt.core.hash.ContentHash;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to an immutable blob by content: its SHA-256, size in bytes and media type.
 *
 * @param hash SHA-256 of the bytes
 * @param size length in bytes, {@code >= 0}
 * @param mediaType an IANA media type such as {@code image/png} or {@code application/octet-stream}
 */
public record BlobRef(ContentHash hash, long size, String mediaType) {
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*(;.*)?");

  /** The media type used when nothing better is known. */
  public static final String OCTET_STREAM = "application/octet-stream";

  /** Validates the parts. */
  public BlobRef {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(mediaType, "mediaType");
    if (size < 0) {
      throw new IllegalArgumentException("blob size < 0: " + size);
    }
    if (!MEDIA_TYPE.matcher(mediaType).matches()) {
      throw new IllegalArgumentException("media type must look like type/subtype: \"" + mediaType + "\"");
    }
  }

  /** Hashes {@code data} and references it with the given media type. */
  public static BlobRef of(byte[] data, String mediaType) {
    return new BlobRef(ContentHash.of(data), data.length, mediaType);
  }
}
