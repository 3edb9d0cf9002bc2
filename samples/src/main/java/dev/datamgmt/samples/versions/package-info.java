/**
 * {@link dev.datamgmt.samples.versions.PhotoFolderVersions}: a folder of photos under version control: ingest, tag,
 * a review branch, new photos on main, a record-level merge, diff, fsck and gc.
 */
package dev.datamgmt.samples.versions;
