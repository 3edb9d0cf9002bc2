/**
 * The vocabulary every datamgmt module shares: records and their labels, the schema of a dataset's
 * record table, provenance, content hashes, the one seed function ({@link dev.datamgmt.core.seed.Seeds}), the
 * {@link dev.datamgmt.core.blob.BlobStore} SPI and the {@link dev.datamgmt.core.error.DataException} family. Nothing here knows about DJL.
 */
package dev.datamgmt.core;
