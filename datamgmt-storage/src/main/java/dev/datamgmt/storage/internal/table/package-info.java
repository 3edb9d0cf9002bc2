/**
 * Internal: the one reader of tabular input files (CSV through Jackson, Parquet), shared by the ingest's
 * label-table rule and the label-table importer, so that the same file is read, and the same malformed row
 * rejected, the same way through every door. Not API.
 */
package dev.datamgmt.storage.internal.table;
