/**
 * Reusable test fixtures for anything that stores blobs, shipped in the datamgmt-storage test jar:
 * {@link dev.datamgmt.storage.testing.S3Server} and {@link dev.datamgmt.storage.testing.S3ServerExtension} (a real
 * S3-compatible server on loopback with fresh credentials and ready stores),
 * {@link dev.datamgmt.storage.testing.FaultyProxy} (a TCP proxy that resets or stalls connections mid-transfer and
 * records request heads), {@link dev.datamgmt.storage.testing.ChildJvm} (a second process for crash and
 * cross-process tests) and {@link dev.datamgmt.storage.testing.StoreChild} (what that process runs).
 */
package dev.datamgmt.storage.testing;
