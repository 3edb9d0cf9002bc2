package dev.datamgmt.synth;

import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One synthetic sample: its main blob, optional extra named blobs (an instance mask, a depth map), a label in the
 * core label types and attributes. {@link Synth} stores the blobs and turns it into a {@link Record}.
 *
 * <pre>{@code
 * byte[] mask = ...;
 * GeneratedSample s = GeneratedSample.builder()
 *     .setData(png, "image/png")
 *     .addBlob("mask", mask, "image/png")
 *     .optLabel(new MaskLabel(GeneratedSample.ref(mask, "image/png"), w, h))
 *     .addAttribute("shapes", 3)
 *     .build();
 * }</pre>
 */
public final class GeneratedSample {
  private final Blob data;
  private final SortedMap<String, Blob> extra;
  private final Label label;
  private final SortedMap<String, Object> attributes;

  /**
   * Bytes with a media type.
   *
   * @param bytes the content (not copied; do not change it after handing it over)
   * @param mediaType e.g. {@code image/png}
   */
  public record Blob(byte[] bytes, String mediaType) {
    /** Rejects nulls. */
    public Blob {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(mediaType, "mediaType");
    }

    /** The reference these bytes will have once stored. */
    public BlobRef ref() {
      return BlobRef.of(bytes, mediaType);
    }
  }

  private GeneratedSample(Builder b) {
    this.data = b.data;
    this.extra = Collections.unmodifiableSortedMap(new TreeMap<>(b.extra));
    this.label = b.label;
    this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(b.attributes));
  }

  /** Starts a sample. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reference {@code bytes} will have once stored (for labels such as {@code MaskLabel} that name a blob). */
  public static BlobRef ref(byte[] bytes, String mediaType) {
    return BlobRef.of(bytes, mediaType);
  }

  /**
   * The main blob (the record's {@value Record#DEFAULT_BLOB} blob), or null for a sample made of attributes alone
   * (a table row).
   */
  public Blob data() {
    return data;
  }

  /** Extra blobs by name. */
  public SortedMap<String, Blob> extraBlobs() {
    return extra;
  }

  /** The label, if any. */
  public java.util.Optional<Label> label() {
    return java.util.Optional.ofNullable(label);
  }

  /** Attributes by name. */
  public SortedMap<String, Object> attributes() {
    return attributes;
  }

  /** The record for this sample with id {@code id}: blobs by reference, label and attributes. */
  public Record toRecord(String id) {
    java.util.Map<String, BlobRef> refs = new TreeMap<>();
    extra.forEach((name, blob) -> refs.put(name, blob.ref()));
    return toRecord(id, data == null ? null : data.ref(), refs);
  }

  /** The record with blob references computed already (by the pack writer that stored the bytes). */
  Record toRecord(String id, BlobRef main, java.util.Map<String, BlobRef> extraRefs) {
    Record.Builder b = Record.builder(id);
    if (main != null) {
      b.setBlob(main);
    }
    extraRefs.forEach(b::addBlob);
    if (label != null) {
      b.optLabel(label);
    }
    attributes.forEach(b::addAttribute);
    return b.build();
  }

  /** Builds a {@link GeneratedSample}; {@link #setData} is required. */
  public static final class Builder {
    private Blob data;
    private final TreeMap<String, Blob> extra = new TreeMap<>();
    private Label label;
    private final TreeMap<String, Object> attributes = new TreeMap<>();

    private Builder() {}

    /** Sets the main blob (required unless the sample has attributes: a table row). */
    public Builder setData(byte[] bytes, String mediaType) {
      this.data = new Blob(bytes, mediaType);
      return this;
    }

    /**
     * Adds a named extra blob.
     *
     * @throws IllegalArgumentException if the name is the main blob's or was already added
     */
    public Builder addBlob(String name, byte[] bytes, String mediaType) {
      Objects.requireNonNull(name, "name");
      if (name.equals(Record.DEFAULT_BLOB)) {
        throw new IllegalArgumentException("blob name " + name + " is the main blob's; use setData");
      }
      if (extra.putIfAbsent(name, new Blob(bytes, mediaType)) != null) {
        throw new IllegalArgumentException("blob " + name + " was already added");
      }
      return this;
    }

    /** Sets the label. */
    public Builder optLabel(Label label) {
      this.label = label;
      return this;
    }

    /** Adds an attribute (a string, number or boolean, as {@link Record} accepts). */
    public Builder addAttribute(String name, Object value) {
      attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the sample.
     *
     * @throws IllegalStateException if neither a main blob nor an attribute was set
     */
    public GeneratedSample build() {
      if (data == null && attributes.isEmpty()) {
        throw new IllegalStateException("data was not set; call setData (or addAttribute for a table row)");
      }
      return new GeneratedSample(this);
    }
  }
}
