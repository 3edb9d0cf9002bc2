package dev.datamgmt.label.store;

import dev.datamgmt.core.label.Label;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One label given to one record by one annotator (a person, a model, a labeling function or a user): an
 * annotation or a feedback event. Immutable; the time is kept to the microsecond (what both stores hold).
 *
 * <pre>{@code
 * Annotation a = Annotation.builder("img-0042", ClassLabel.of(3))
 *     .setDatasetVersion(version.commitId().toString())
 *     .setAnnotator("alice").optSource(LabelSource.HUMAN).optConfidence(0.9)
 *     .addMetadata("tool", "label-studio").build();
 * }</pre>
 *
 * @param recordId the record labeled, not blank
 * @param datasetVersion the dataset version (commit id or any stable name) the record was seen in, not blank
 * @param annotator who labeled: an annotator or user id, a model name, a labeling function's name; not blank
 * @param label the label, in the core label types
 * @param confidence how sure the annotator was, in [0, 1] (1 for a person unless they say otherwise)
 * @param time when it was labeled, to the microsecond
 * @param source what kind of annotator made it
 * @param metadata free-form string metadata, sorted by key
 */
public record Annotation(
    String recordId,
    String datasetVersion,
    String annotator,
    Label label,
    double confidence,
    Instant time,
    LabelSource source,
    SortedMap<String, String> metadata) {

  /** Validates every field and copies the metadata. */
  public Annotation {
    requireText(recordId, "recordId");
    requireText(datasetVersion, "datasetVersion");
    requireText(annotator, "annotator");
    Objects.requireNonNull(label, "label");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(source, "source");
    metadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
  }

  private static void requireText(String s, String name) {
    if (Objects.requireNonNull(s, name).isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }

  /** A builder for an annotation of {@code recordId} with {@code label}. */
  public static Builder builder(String recordId, Label label) {
    return new Builder(recordId, label);
  }

  /** A builder for annotations; {@code set*} required, {@code opt*} optional, {@code add*} accumulating. */
  public static final class Builder {
    private final String recordId;
    private final Label label;
    private String datasetVersion;
    private String annotator;
    private double confidence = 1.0;
    private Instant time;
    private LabelSource source = LabelSource.HUMAN;
    private final TreeMap<String, String> metadata = new TreeMap<>();

    private Builder(String recordId, Label label) {
      this.recordId = Objects.requireNonNull(recordId, "recordId");
      this.label = Objects.requireNonNull(label, "label");
    }

    /** The dataset version the record was seen in (required). */
    public Builder setDatasetVersion(String datasetVersion) {
      this.datasetVersion = Objects.requireNonNull(datasetVersion, "datasetVersion");
      return this;
    }

    /** Who labeled (required). */
    public Builder setAnnotator(String annotator) {
      this.annotator = Objects.requireNonNull(annotator, "annotator");
      return this;
    }

    /** How sure, in [0, 1] (default 1). */
    public Builder optConfidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /** When (default: the time {@link #build()} is called). */
    public Builder optTime(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** What kind of annotator (default {@link LabelSource#HUMAN}). */
    public Builder optSource(LabelSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Adds one metadata entry. */
    public Builder addMetadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds all entries of {@code entries}. */
    public Builder addMetadata(Map<String, String> entries) {
      entries.forEach(this::addMetadata);
      return this;
    }

    /**
     * Builds the annotation.
     *
     * @throws IllegalStateException if the dataset version or the annotator was not set
     * @throws IllegalArgumentException if a value is out of range
     */
    public Annotation build() {
      if (datasetVersion == null) {
        throw new IllegalStateException("datasetVersion was not set; call setDatasetVersion");
      }
      if (annotator == null) {
        throw new IllegalStateException("annotator was not set; call setAnnotator");
      }
      return new Annotation(recordId, datasetVersion, annotator, label, confidence,
          time == null ? Instant.now() : time, source, metadata);
    }
  }
}
