package dev.datamgmt.synth.table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads scikit-learn's bundled CSVs (first line: rows,features,class names...) from test resources. */
final class SklearnCsv {
  private SklearnCsv() {}

  /** Numeric columns f0..f{n-1} plus a categorical "class" column holding the class name. */
  static Table read(String resource) throws IOException {
    List<String> lines;
    try (InputStream in = SklearnCsv.class.getResourceAsStream("/tables/" + resource)) {
      if (in == null) {
        throw new AssertionError("missing test resource /tables/" + resource);
      }
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    String[] head = lines.get(0).split(",");
    int rows = Integer.parseInt(head[0].trim()), features = Integer.parseInt(head[1].trim());
    double[][] cols = new double[features][rows];
    String[] cls = new String[rows];
    for (int i = 0; i < rows; i++) {
      String[] f = lines.get(i + 1).split(",");
      if (f.length != features + 1) {
        throw new AssertionError(resource + " line " + (i + 2) + ": expected " + (features + 1) + " fields, found "
            + f.length);
      }
      for (int j = 0; j < features; j++) {
        cols[j][i] = Double.parseDouble(f[j]);
      }
      cls[i] = head[2 + Integer.parseInt(f[features].trim())];
    }
    Table.Builder b = Table.builder();
    for (int j = 0; j < features; j++) {
      b.addNumeric("f" + j, cols[j]);
    }
    return b.addCategorical("class", cls).build();
  }
}
