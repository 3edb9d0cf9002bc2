package dev.datamgmt.storage.formats;

import dev.datamgmt.core.schema.DatasetSchema;
import java.util.List;

/**
 * What an import produced.
 *
 * @param schema the dataset schema it implies (label kind, class names in index order, attribute types)
 * @param records number of records passed to the sink
 * @param ignored files or lines deliberately passed over (hidden files, non-image extensions), for the log
 */
public record ImportReport(DatasetSchema schema, int records, List<String> ignored) {
  /** Copies the list. */
  public ImportReport {
    ignored = List.copyOf(ignored);
  }
}
