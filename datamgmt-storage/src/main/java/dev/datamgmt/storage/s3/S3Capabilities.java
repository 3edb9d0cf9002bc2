package dev.datamgmt.storage.s3;

import java.time.Duration;

/**
 * What the probe found the server really does ({@link S3BlobStore#capabilities()}): measured once per process for
 * each endpoint, bucket, prefix and client configuration, before the first write.
 *
 * @param location the store probed, e.g. {@code s3://bucket/prefix/ (endpoint http://127.0.0.1:9000)}
 * @param bodiesIntact whether an object read back byte for byte as it was written (with {@link #checksumMode})
 * @param conditionalWrites whether a second create-if-absent ({@code PUT} with {@code If-None-Match: *}) of the
 *     same key was refused with 412, so {@link S3BlobStore#putIfAbsent} is a true compare-and-swap
 * @param checksumMode the checksum mode the store uses from now on (the probe may have fallen back to {@link
 *     ChecksumMode#WHEN_REQUIRED}); null for a caller's client ({@code optClient}), whose setting is its own
 * @param probeTime how long the probe took (four requests, or eight with the fallback)
 */
public record S3Capabilities(String location, boolean bodiesIntact, boolean conditionalWrites,
    ChecksumMode checksumMode, Duration probeTime) {

  /** One line for logs. */
  public String summary() {
    return location + ": bodies " + (bodiesIntact ? "intact" : "ALTERED") + " with checksums "
        + (checksumMode == null ? "of the caller's client" : checksumMode.toString())
        + ", conditional writes " + (conditionalWrites ? "enforced (If-None-Match: * refused with 412)"
        : "IGNORED (a second create-if-absent succeeded)") + "; probed in " + probeTime.toMillis() + " ms";
  }
}
