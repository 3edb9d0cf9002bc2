/**
 * Reusable test fixtures for anything that stores blobs, shipped in the datamgmt-storage test jar:
 * {@link dev.datamgmt.storage.testing.ChildJvm} runs a second process for crash and cross-process tests.
 */
package dev.datamgmt.storage.testing;
