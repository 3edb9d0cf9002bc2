/**
 * Importers and exporters for the dataset formats people already have: IDX (the MNIST family), ImageFolder
 * directories, CSV label tables, COCO detection JSON and JSON Lines logs. Each produces core
 * {@link dev.datamgmt.core.record.Record}s together with their blob bytes into a
 * {@link dev.datamgmt.storage.formats.RecordSink}, and each reports malformed input as a
 * {@link dev.datamgmt.core.error.DataException} naming the file and what it expected.
 *
 * <p>{@link dev.datamgmt.storage.formats.RecordSink#into RecordSink.into(commit)} stores small blobs in packs, as
 * {@link dev.datamgmt.storage.ingest.DirectoryIngest} does (60,000 MNIST images make one pack, not 60,000
 * objects); labels of image files come from the same {@link dev.datamgmt.storage.ingest.LabelRule}s as the
 * ingest's, and media types from the one table in {@link dev.datamgmt.core.record.MediaTypes}.
 */
package dev.datamgmt.storage.formats;
