package dev.datamgmt.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.label.TextLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.spark.internal.Reports;
import dev.datamgmt.spark.internal.SparkErrors;
import dev.datamgmt.storage.internal.jsonl.JsonRecords;
import dev.datamgmt.storage.repo.DatasetVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * JSON Lines logs to a dataset version on Spark, schema on read, with the rules of storage's single-file
 * {@code JsonLines}: nested objects flatten to dotted attribute names, each attribute's type is inferred over
 * every line of every file (all integers LONG, numbers DOUBLE, booleans BOOLEAN, anything mixed STRING, values then
 * kept as their JSON text), nulls and arrays are left out, blank lines skipped. One task reads one file (the
 * unit that keeps exact line numbers), in two passes: types, then records; the commit is {@link SparkCommit}'s,
 * exactly once.
 *
 * <pre>{@code
 * DatasetVersion v = SparkJsonLines.builder()
 *     .setSource(src).setFiles("s3a://logs/2026/12/*.jsonl").setMessage("December logs")
 *     .optIdField("request_id").optLabelField("outcome").optClassNames(List.of("ok", "error"))
 *     .build().run(spark);
 * }</pre>
 *
 * <p>Bad input fails the whole job before anything is committed, with the first problem in file order: a line
 * that is not JSON or not an object is an {@link UnsupportedFormatException}, a missing id or a bad label or split
 * an {@link InvalidDataException}, each located {@code <file>:<line>}.
 */
public final class SparkJsonLines {
  private final RepositorySource source;
  private final String files;
  private final String idField;
  private final String labelField;
  private final String splitField;
  private final List<String> classNames;
  private final SparkCommit commit;

  private SparkJsonLines(Builder b) {
    this.source = b.source;
    this.files = b.files;
    this.idField = b.idField;
    this.labelField = b.labelField;
    this.splitField = b.splitField;
    this.classNames = List.copyOf(b.classNames);
    this.commit = b.commit.setSource(b.source).build();
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the files on the executors and commits their lines as records.
   *
   * @throws StorageException if the pattern matches no file
   * @throws UnsupportedFormatException for a line that is not a JSON object, naming {@code file:line}
   * @throws InvalidDataException for a missing or duplicate id or a bad label or split, naming {@code file:line}
   */
  public DatasetVersion run(SparkSession spark) throws DataException {
    List<String> paths = list(spark);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String idF = idField;
    String labelF = labelField;
    String splitF = splitField;
    // pass 1: each file's attribute types, or its first problem
    List<String> scanned = SparkErrors.run("scan of " + files,
        () -> jsc.parallelize(paths, paths.size()).map(p -> scan(p, idF, labelF, splitF)).collect());
    TreeMap<String, AttributeType> types = new TreeMap<>();
    for (String s : scanned) {
      JsonNode n = Json.read(s, JsonNode.class, "scan of " + files);
      if (n.has("error")) {
        JsonNode e = n.get("error");
        throw new UnsupportedFormatException(e.get("problem").asText(), e.get("where").asText(),
            e.get("expected").asText(), e.get("found").asText());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("types").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        types.merge(t.getKey(), AttributeType.valueOf(t.getValue().asText()), JsonRecords::widen);
      }
    }
    boolean classes = !classNames.isEmpty();
    DatasetSchema.Builder sb = DatasetSchema.builder()
        .setLabelKind(classes || labelField == null ? LabelKind.CLASS : LabelKind.TEXT)
        .addClassNames(classNames.toArray(String[]::new));
    types.forEach(sb::addAttribute);
    DatasetSchema schema = sb.build();
    String typesJson = Json.write(types);
    List<String> names = classNames;
    // pass 2: records, reported as record JSON; the driver commits them once
    return commit.commitReported(() -> jsc.parallelize(paths, paths.size())
        .flatMap(p -> records(p, typesJson, idF, labelF, splitF, names).iterator()).toLocalIterator(), schema);
  }

  private List<String> list(SparkSession spark) throws DataException {
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path pattern = new Path(files);
      FileStatus[] found = pattern.getFileSystem(conf).globStatus(pattern);
      List<String> out = new ArrayList<>();
      if (found != null) {
        for (FileStatus f : found) {
          if (f.isFile()) {
            out.add(f.getPath().toString());
          }
        }
      }
      if (out.isEmpty()) {
        throw new StorageException("no JSON Lines file matches", files, "at least one file", "none");
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new StorageException("cannot list JSON Lines files", files, "a readable location", e.toString(), e);
    }
  }

  /** Calls {@code each(lineNumber, objectNode)} for every non-blank line; malformed lines throw, located. */
  private interface LineVisitor {
    void each(int line, JsonNode object) throws DataException;
  }

  private static void read(String file, LineVisitor visitor) throws DataException {
    Path p = new Path(file);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        p.getFileSystem(new Configuration()).open(p), StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      int no = 0;
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = Json.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UnsupportedFormatException("not a JSON line", file + ":" + no, "one JSON object per line",
              e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
          throw new UnsupportedFormatException("not a JSON object", file + ":" + no, "a JSON object",
              n == null ? "nothing" : n.getNodeType().toString());
        }
        visitor.each(no, n);
      }
    } catch (CharacterCodingException e) {
      throw new UnsupportedFormatException("not UTF-8 text", file, "UTF-8 JSON Lines", e.toString(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read JSON Lines file", file, "a readable file", e.toString(), e);
    }
  }

  private static String scan(String file, String idF, String labelF, String splitF) {
    TreeMap<String, AttributeType> types = new TreeMap<>();
    TreeMap<String, Object> out = new TreeMap<>();
    try {
      read(file, (no, n) -> {
        for (Map.Entry<String, JsonNode> e : JsonRecords.flatten(n).entrySet()) {
          String k = e.getKey();
          JsonNode v = e.getValue();
          if (k.equals(idF) || k.equals(labelF) || k.equals(splitF) || v.isNull() || v.isArray()) {
            continue;
          }
          types.merge(k, JsonRecords.typeOf(v), JsonRecords::widen);
        }
      });
    } catch (DataException e) {
      // reported as data, not thrown: a malformed file must not be retried, and the driver names it
      out.put("error", Map.of("problem", e.problem(), "where", e.location(), "expected", e.expected(),
          "found", e.found()));
    }
    out.put("types", types);
    return Json.write(out);
  }

  private static List<String> records(String file, String typesJson, String idF, String labelF, String splitF,
      List<String> classNames) {
    try {
      Map<String, AttributeType> types = new TreeMap<>();
      JsonNode t = Json.read(typesJson, JsonNode.class, "attribute types");
      t.fields().forEachRemaining(e -> types.put(e.getKey(), AttributeType.valueOf(e.getValue().asText())));
      String name = new Path(file).getName();
      List<String> out = new ArrayList<>();
      read(file, (no, n) -> out.add(Reports.record(record(n, file + ":" + no, name + ":" + no, types, idF, labelF,
          splitF, classNames))));
      return out;
    } catch (DataException e) {
      return List.of(Reports.error(e)); // bad input: reported, not retried; storage errors are thrown
    }
  }

  private static Record record(JsonNode n, String where, String defaultId, Map<String, AttributeType> types,
      String idF, String labelF, String splitF, List<String> classNames) throws DataException {
    String id = defaultId;
    if (idF != null) {
      id = JsonRecords.id(n, idF, where);
    }
    Record.Builder b = Record.builder(id);
    if (labelF != null && n.hasNonNull(labelF)) {
      JsonNode l = n.get(labelF);
      if (classNames.isEmpty()) {
        b.optLabel(TextLabel.of(l.isTextual() ? l.asText() : l.toString()));
      } else {
        int c = l.isIntegralNumber() ? l.asInt() : classNames.indexOf(l.asText());
        if (c < 0 || c >= classNames.size()) {
          throw new InvalidDataException("bad class label", where, "one of " + classNames + " or its index",
              l.toString());
        }
        b.optLabel(ClassLabel.of(c));
      }
    }
    JsonRecords.split(b, n, splitF, where);
    JsonRecords.attributes(b, n, types);
    return b.build();
  }

  /** Configures {@link SparkJsonLines}: source, files and message are required. */
  public static final class Builder {
    private RepositorySource source;
    private String files;
    private String idField;
    private String labelField;
    private String splitField;
    private List<String> classNames = List.of();
    private final SparkCommit.Builder commit = SparkCommit.builder();
    private boolean messageSet;

    private Builder() {}

    /** The repository (required). */
    public Builder setSource(RepositorySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The files: a path or Hadoop glob ({@code /logs/*.jsonl}, {@code s3a://bucket/logs/2026-12-*}) (required). */
    public Builder setFiles(String pattern) {
      this.files = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /** The commit message (required). */
    public Builder setMessage(String message) {
      commit.setMessage(message);
      messageSet = true;
      return this;
    }

    /** The field holding the record id (default: none; ids are {@code <file name>:<line>}). */
    public Builder optIdField(String field) {
      this.idField = Objects.requireNonNull(field, "field");
      return this;
    }

    /** The field holding the label (default: none). */
    public Builder optLabelField(String field) {
      this.labelField = Objects.requireNonNull(field, "field");
      return this;
    }

    /** The field holding the split name (default: none, split {@code none}). */
    public Builder optSplitField(String field) {
      this.splitField = Objects.requireNonNull(field, "field");
      return this;
    }

    /** Class names: labels become class labels (by name or index); without them labels are text. */
    public Builder optClassNames(List<String> names) {
      this.classNames = List.copyOf(names);
      return this;
    }

    /** The branch (default {@code main}). */
    public Builder optBranch(String branch) {
      commit.optBranch(branch);
      return this;
    }

    /** The commit clock (default UTC system clock). */
    public Builder optClock(java.time.Clock clock) {
      commit.optClock(clock);
      return this;
    }

    /** The provenance of the version (e.g. a {@link Derivation}'s). */
    public Builder optProvenance(dev.datamgmt.core.provenance.Provenance provenance) {
      commit.optProvenance(provenance);
      return this;
    }

    /** Whether the version holds exactly these logs' records (true) or adds them to the branch head's (false). */
    public Builder optReplaceAll(boolean replaceAll) {
      commit.optReplaceAll(replaceAll);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming the first missing required setting
     * @throws IllegalArgumentException if the id, label and split fields are not distinct
     */
    public SparkJsonLines build() {
      if (source == null) {
        throw new IllegalStateException("source was not set; call setSource");
      }
      if (files == null) {
        throw new IllegalStateException("files were not set; call setFiles");
      }
      if (!messageSet) {
        throw new IllegalStateException("message was not set; call setMessage");
      }
      if (labelField != null && (labelField.equals(idField) || labelField.equals(splitField))
          || idField != null && idField.equals(splitField)) {
        throw new IllegalArgumentException("id, label and split fields must differ: id " + idField + ", label "
            + labelField + ", split " + splitField);
      }
      return new SparkJsonLines(this);
    }
  }
}
