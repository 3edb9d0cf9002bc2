/**
 * Getting files into a dataset version, the one path for directories and importers alike.
 *
 * <p>{@link dev.datamgmt.storage.ingest.DirectoryIngest} commits a directory tree: it hashes files on all cores,
 * stores small ones in packs and large ones as objects, labels them by a
 * {@link dev.datamgmt.storage.ingest.LabelRule}, and re-commits incrementally through a stat cache (path, size,
 * mtime → hash). Its steps are package-private classes, one job each: the walk ({@code TreeScan}), the labels
 * ({@code Labeling}), the store ({@code BlobStorer}) and the plan of the commit ({@code CommitPlan}).
 *
 * <p>{@link dev.datamgmt.storage.ingest.LabelRule} is the one label SPI: ImageFolder folder names (the default),
 * a label table (CSV, with or without a UTF-8 byte-order mark, or Parquet; read by the same reader as the
 * label-table importer, so a malformed table fails the same way through every door), none, or the user's own
 * function of the relative path. The ImageFolder importer in {@code storage.formats} takes the same rules.
 */
package dev.datamgmt.storage.ingest;
