package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.storage.internal.table.TableFile;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link LabelRule#table(Path)}: a CSV or Parquet file with columns {@code path} and {@code label}, read by the
 * same {@link TableFile} reader as the label-table importer.
 */
final class TableRule implements LabelRule {
  private final Path file;

  TableRule(Path file) {
    this.file = file;
  }

  @Override
  public Labeler bind(Path root) throws DataException {
    Map<String, String> labels = read(file);
    return new Labeler() {
      @Override
      public String classOf(String relativePath, Path f) throws InvalidDataException {
        String label = labels.get(relativePath);
        if (label == null) {
          throw new InvalidDataException("no label", relativePath, "a row in " + file, "none");
        }
        return label;
      }

      @Override
      public List<BadFile> unmatched(Set<String> found) {
        List<BadFile> out = new ArrayList<>();
        for (String p : labels.keySet()) {
          if (!found.contains(p)) {
            out.add(new BadFile(p, "listed in " + file + " but missing: expected a readable file under " + root
                + ", found none"));
          }
        }
        return out;
      }
    };
  }

  /** Path (NFC) → class name, in file order. */
  static Map<String, String> read(Path file) throws DataException {
    TableFile t = TableFile.read(file);
    int path = t.column("path");
    int label = t.column("label");
    if (path < 0 || label < 0) {
      throw new InvalidDataException("wrong label table header", t.headerLocation(), "columns path,label",
          t.header().isEmpty() ? "no columns" : String.join(",", t.header()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (TableFile.Row r : t.rows()) {
      String p = r.cells().get(path);
      String l = r.cells().get(label);
      if (p.isEmpty() || l.isEmpty()) {
        throw new InvalidDataException("malformed label table row", r.location(), "a non-empty path and label",
            "path=" + p + ", label=" + l);
      }
      p = Normalizer.normalize(p, Normalizer.Form.NFC);
      if (out.put(p, l) != null) {
        throw new InvalidDataException("path listed twice in label table", r.location(), "each path once", p);
      }
    }
    return out;
  }

  @Override
  public String description() {
    return "table:" + file;
  }

  @Override
  public String toString() {
    return "LabelRule.table(" + file + ")";
  }
}
