package dev.datamgmt.core.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.datamgmt.core.label.Label;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of a dataset: a stable id, named references to blobs (the image, a mask, an audio clip), an
 * optional typed label, attributes and a split. Immutable; build one with {@link #builder(String)}.
 *
 * <pre>{@code
 * Record r = Record.builder("img-00042")
 *     .setBlob(BlobRef.of(pngBytes, "image/png"))
 *     .optLabel(ClassLabel.of(3))
 *     .optSplit(Split.TRAIN)
 *     .addAttribute("source", "camera-7")
 *     .build();
 * }</pre>
 *
 * <p>Attribute values are {@link String}, {@link Long}, {@link Double} or {@link Boolean}; the builder widens
 * other integer and floating types, so a record read back from JSON or Parquet equals the one written.
 */
@JsonPropertyOrder({"id", "split", "label", "blobs", "attributes"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Record {
  /** The blob name used by {@link Builder#setBlob(BlobRef)} for a record's main content. */
  public static final String DEFAULT_BLOB = "data";

  private static final int MAX_ID_LENGTH = 1024;

  private final String id;
  private final SortedMap<String, BlobRef> blobs;
  private final Label label;
  private final SortedMap<String, Object> attributes;
  private final Split split;

  private Record(Builder b) {
    this.id = b.id;
    this.blobs = Collections.unmodifiableSortedMap(new TreeMap<>(b.blobs));
    this.label = b.label;
    this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(b.attributes));
    this.split = b.split;
  }

  /** Starts a record with the given stable id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  @JsonCreator
  static Record fromJson(
      @JsonProperty("id") String id,
      @JsonProperty("split") Split split,
      @JsonProperty("label") Label label,
      @JsonProperty("blobs") Map<String, BlobRef> blobs,
      @JsonProperty("attributes") Map<String, Object> attributes) {
    Builder b = builder(id).optLabel(label);
    if (split != null) {
      b.optSplit(split);
    }
    if (blobs != null) {
      blobs.forEach(b::addBlob);
    }
    if (attributes != null) {
      attributes.forEach(b::addAttribute);
    }
    return b.build();
  }

  /** The stable id, unique within a dataset. */
  @JsonProperty("id")
  public String id() {
    return id;
  }

  /** Blob references by name, sorted by name; may be empty (a purely tabular record). */
  @JsonProperty("blobs")
  public SortedMap<String, BlobRef> blobs() {
    return blobs;
  }

  /** The blob named {@code name}, if any. */
  public Optional<BlobRef> blob(String name) {
    return Optional.ofNullable(blobs.get(name));
  }

  /** The blob named {@link #DEFAULT_BLOB}, if any. */
  public Optional<BlobRef> blob() {
    return blob(DEFAULT_BLOB);
  }

  /** The label, if the record is labeled. */
  public Optional<Label> label() {
    return Optional.ofNullable(label);
  }

  @JsonProperty("label")
  Label labelOrNull() {
    return label;
  }

  /** Attributes by name, sorted by name; values are String, Long, Double or Boolean. */
  @JsonProperty("attributes")
  public SortedMap<String, Object> attributes() {
    return attributes;
  }

  /** The split; {@link Split#NONE} if none was set. */
  @JsonProperty("split")
  public Split split() {
    return split;
  }

  /** A builder holding this record's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.blobs.putAll(blobs);
    b.label = label;
    b.attributes.putAll(attributes);
    b.split = split;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r
        && r.id.equals(id)
        && r.blobs.equals(blobs)
        && Objects.equals(r.label, label)
        && r.attributes.equals(attributes)
        && r.split.equals(split);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, blobs, label, attributes, split);
  }

  @Override
  public String toString() {
    return "Record{id=" + id + ", split=" + split + ", label=" + label + ", blobs=" + blobs
        + ", attributes=" + attributes + "}";
  }

  /** Builds a {@link Record}; {@code set*} required, {@code opt*} optional, {@code add*} accumulating. */
  public static final class Builder {
    private final String id;
    private final TreeMap<String, BlobRef> blobs = new TreeMap<>();
    private final TreeMap<String, Object> attributes = new TreeMap<>();
    private Label label;
    private Split split = Split.NONE;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets the main blob (named {@link Record#DEFAULT_BLOB}). */
    public Builder setBlob(BlobRef blob) {
      return addBlob(DEFAULT_BLOB, blob);
    }

    /** Adds or replaces the blob named {@code name}. */
    public Builder addBlob(String name, BlobRef blob) {
      checkName("blob", name);
      blobs.put(name, Objects.requireNonNull(blob, "blob"));
      return this;
    }

    /** Removes the blob named {@code name}, if present. */
    public Builder removeBlob(String name) {
      blobs.remove(name);
      return this;
    }

    /** Sets the label, or clears it when {@code null}. */
    public Builder optLabel(Label label) {
      this.label = label;
      return this;
    }

    /** Sets the split (default {@link Split#NONE}). */
    public Builder optSplit(Split split) {
      this.split = Objects.requireNonNull(split, "split");
      return this;
    }

    /**
     * Adds or replaces an attribute. Integers are widened to Long and floats to Double.
     *
     * @throws IllegalArgumentException for other value types and for NaN or infinite numbers
     */
    public Builder addAttribute(String name, Object value) {
      checkName("attribute", name);
      attributes.put(name, normalize(name, value));
      return this;
    }

    /** Removes the attribute {@code name}, if present. */
    public Builder removeAttribute(String name) {
      attributes.remove(name);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the id is empty, longer than 1024 characters or has control
     *     characters
     */
    public Record build() {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("record id must be non-empty: " + (id == null ? "null" : "\"\""));
      }
      if (id.length() > MAX_ID_LENGTH) {
        throw new IllegalArgumentException("record id longer than " + MAX_ID_LENGTH + " characters: " + id.length());
      }
      for (int i = 0; i < id.length(); i++) {
        if (Character.isISOControl(id.charAt(i))) {
          throw new IllegalArgumentException(
              "record id has a control character at index " + i + ": \"" + id.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
      }
      return new Record(this);
    }

    private static void checkName(String what, String name) {
      if (name == null || name.isEmpty() || name.length() > 256) {
        throw new IllegalArgumentException(what + " name must be 1 to 256 characters: " + name);
      }
    }

    private static Object normalize(String name, Object value) {
      if (value instanceof String || value instanceof Boolean || value instanceof Long) {
        return value;
      }
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      if (value instanceof Double || value instanceof Float) {
        double d = ((Number) value).doubleValue();
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException("attribute " + name + " must be finite: " + d);
        }
        return d;
      }
      throw new IllegalArgumentException("attribute " + name + " must be String, Long, Double or Boolean: "
          + (value == null ? "null" : value.getClass().getName()));
    }
  }
}
