package dev.datamgmt.core.hash;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.datamgmt.core.error.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of some bytes: the name under which content-addressed data is stored.
 *
 * <p>Its text form is {@code sha256:<64 lowercase hex digits>}; {@link #parse(String)} reads it back and also
 * accepts the bare 64 hex digits. Instances are immutable and compare by value.
 *
 * <pre>{@code
 * ContentHash h = ContentHash.of("hello".getBytes(UTF_8));
 * h.toString();  // sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
 * }</pre>
 */
public final class ContentHash implements Comparable<ContentHash> {
  /** The only algorithm used: SHA-256. */
  public static final String ALGORITHM = "sha256";

  private static final String PREFIX = ALGORITHM + ":";
  private static final HexFormat HEX = HexFormat.of();
  private static final int LENGTH = 32;

  // Only the 32 bytes are kept: the hex text is made when asked for (about 0.1 us), not held by every hash. A
  // repository's pack index and a streamed commit keep a hash per blob, and the text would triple their memory.
  private final byte[] digest;

  private ContentHash(byte[] digest) {
    this.digest = digest;
  }

  /** Returns a new SHA-256 {@link MessageDigest}; every JVM has one. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** A digest per thread for {@link #of(byte[])}: looking a provider up per call costs as much as hashing 1 KB. */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(ContentHash::newDigest);

  /** Hashes {@code data}. */
  public static ContentHash of(byte[] data) {
    Objects.requireNonNull(data, "data");
    return new ContentHash(DIGEST.get().digest(data)); // digest() resets it for the next call
  }

  /** Hashes the remaining bytes of {@code data} without moving its position. */
  public static ContentHash of(ByteBuffer data) {
    MessageDigest md = newDigest();
    md.update(data.duplicate());
    return new ContentHash(md.digest());
  }

  /** Hashes everything {@code in} yields; does not close it. */
  public static ContentHash of(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return new ContentHash(md.digest());
  }

  /** Wraps a finished SHA-256 digest of 32 bytes. */
  public static ContentHash ofDigest(byte[] digest) {
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("SHA-256 digest must be 32 bytes: " + digest.length);
    }
    return new ContentHash(digest.clone());
  }

  /**
   * Reads {@code sha256:<hex>} or bare hex.
   *
   * @throws IllegalArgumentException if the text is not 64 hex digits with an optional {@code sha256:} prefix
   */
  @JsonCreator
  public static ContentHash parse(String text) {
    Objects.requireNonNull(text, "text");
    String hex = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "content hash must be 64 hex digits, optionally after 'sha256:': \"" + text + "\"");
    }
    try {
      return new ContentHash(HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("content hash is not hexadecimal: \"" + text + "\"", e);
    }
  }

  /** Lowercase hex of the digest, 64 characters. */
  public String hex() {
    return HEX.formatHex(digest);
  }

  /** A copy of the 32 digest bytes. */
  public byte[] bytes() {
    return digest.clone();
  }

  /**
   * Checks that {@code data} hashes to this value.
   *
   * @param location where the data came from, for the error message
   * @throws IntegrityException if it does not
   */
  public void verify(byte[] data, String location) throws IntegrityException {
    ContentHash actual = of(data);
    if (!actual.equals(this)) {
      throw new IntegrityException("content hash mismatch", location, toString(), actual.toString());
    }
  }

  @Override
  @JsonValue
  public String toString() {
    return PREFIX + hex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentHash other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    // The digest is uniformly distributed: its first four bytes are as good a hash as any.
    return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
  }

  @Override
  public int compareTo(ContentHash o) {
    return Arrays.compareUnsigned(digest, o.digest);
  }
}
