/**
 * datamgmt-storage's own test fixtures: {@link dev.datamgmt.storage.testing.S3Stores} (ready S3 stores on the real
 * server of datamgmt-testing), {@link dev.datamgmt.storage.testing.ChildJvm} (a second process for crash and
 * cross-process tests) and {@link dev.datamgmt.storage.testing.StoreChild} (what that process runs).
 */
package dev.datamgmt.storage.testing;
