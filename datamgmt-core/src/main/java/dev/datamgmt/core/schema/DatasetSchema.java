package dev.datamgmt.core.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.Record;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Describes a dataset's record table: which {@link LabelKind} its labels have, the names of its classes (a
 * class index is a position in this list), and its typed attributes. {@link #validate(Record)} checks a
 * record against it.
 *
 * <pre>{@code
 * DatasetSchema schema = DatasetSchema.builder()
 *     .setLabelKind(LabelKind.CLASS)
 *     .addClassNames("cat", "dog")
 *     .addAttribute("source", AttributeType.STRING)
 *     .build();
 * }</pre>
 */
public final class DatasetSchema {
  private final LabelKind labelKind;
  private final List<String> classNames;
  private final SortedMap<String, AttributeType> attributes;
  private final boolean labelRequired;

  private DatasetSchema(Builder b) {
    this.labelKind = b.labelKind;
    this.classNames = List.copyOf(b.classNames);
    this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(b.attributes));
    this.labelRequired = b.labelRequired;
  }

  /** Starts a schema. */
  public static Builder builder() {
    return new Builder();
  }

  @JsonCreator
  static DatasetSchema fromJson(
      @JsonProperty("labelKind") LabelKind labelKind,
      @JsonProperty("classNames") List<String> classNames,
      @JsonProperty("attributes") Map<String, AttributeType> attributes,
      @JsonProperty("labelRequired") boolean labelRequired) {
    Builder b = builder().setLabelKind(labelKind).optLabelRequired(labelRequired);
    if (classNames != null) {
      b.addClassNames(classNames.toArray(String[]::new));
    }
    if (attributes != null) {
      attributes.forEach(b::addAttribute);
    }
    return b.build();
  }

  /** The kind every label in the dataset has. */
  @JsonProperty("labelKind")
  public LabelKind labelKind() {
    return labelKind;
  }

  /** Class names; a class index is a position in this list. Empty if classes are unnamed. */
  @JsonProperty("classNames")
  public List<String> classNames() {
    return classNames;
  }

  /** The index of class {@code name}, if it exists. */
  public Optional<Integer> classIndex(String name) {
    int i = classNames.indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /** Declared attributes and their types, sorted by name. */
  @JsonProperty("attributes")
  public SortedMap<String, AttributeType> attributes() {
    return attributes;
  }

  /** Whether every record must have a label. */
  @JsonProperty("labelRequired")
  public boolean labelRequired() {
    return labelRequired;
  }

  /**
   * Checks a record: its label has this schema's kind and its class indices are in range (when class names
   * are declared); declared attributes have their declared types. Undeclared attributes are allowed.
   *
   * @throws InvalidDataException naming the record id and the offending field
   */
  public void validate(Record record) throws InvalidDataException {
    Optional<Label> label = record.label();
    if (label.isEmpty()) {
      if (labelRequired) {
        throw new InvalidDataException("missing label", "record " + record.id(), "a " + labelKind + " label", "none");
      }
    } else {
      Label l = label.get();
      if (l.kind() != labelKind) {
        throw new InvalidDataException("wrong label type", "record " + record.id(), labelKind.toString(), l.kind().toString());
      }
      if (!classNames.isEmpty() && l.maxClassIndex() >= classNames.size()) {
        throw new InvalidDataException("class index out of range", "record " + record.id(),
            "class indices 0.." + (classNames.size() - 1), Integer.toString(l.maxClassIndex()));
      }
    }
    for (Map.Entry<String, AttributeType> a : attributes.entrySet()) {
      Object v = record.attributes().get(a.getKey());
      if (v != null && !a.getValue().accepts(v)) {
        throw new InvalidDataException("wrong attribute type", "record " + record.id() + ", attribute " + a.getKey(),
            a.getValue().toString(), v.getClass().getSimpleName() + " " + v);
      }
    }
  }

  /** A builder holding this schema's values. */
  public Builder toBuilder() {
    Builder b = builder().setLabelKind(labelKind).optLabelRequired(labelRequired);
    b.classNames.addAll(classNames);
    b.attributes.putAll(attributes);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetSchema s
        && s.labelKind == labelKind
        && s.classNames.equals(classNames)
        && s.attributes.equals(attributes)
        && s.labelRequired == labelRequired;
  }

  @Override
  public int hashCode() {
    return Objects.hash(labelKind, classNames, attributes, labelRequired);
  }

  @Override
  public String toString() {
    return "DatasetSchema{labelKind=" + labelKind + ", classNames=" + classNames + ", attributes=" + attributes
        + ", labelRequired=" + labelRequired + "}";
  }

  /** Builds a {@link DatasetSchema}. */
  public static final class Builder {
    private LabelKind labelKind;
    private final List<String> classNames = new ArrayList<>();
    private final TreeMap<String, AttributeType> attributes = new TreeMap<>();
    private boolean labelRequired;

    private Builder() {}

    /** Sets the label kind (required). */
    public Builder setLabelKind(LabelKind kind) {
      if (labelKind != null && labelKind != kind) {
        throw new IllegalStateException("label kind was already set to " + labelKind);
      }
      this.labelKind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Appends class names, in index order. */
    public Builder addClassNames(String... names) {
      Collections.addAll(classNames, names);
      return this;
    }

    /** Declares an attribute and its type. */
    public Builder addAttribute(String name, AttributeType type) {
      AttributeType previous = attributes.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
      if (previous != null && previous != type) {
        throw new IllegalStateException("attribute " + name + " was already declared as " + previous);
      }
      return this;
    }

    /** Whether every record must have a label (default false). */
    public Builder optLabelRequired(boolean required) {
      this.labelRequired = required;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if the label kind is not set
     * @throws IllegalArgumentException if a class name is empty or repeated
     */
    public DatasetSchema build() {
      if (labelKind == null) {
        throw new IllegalStateException("label kind was not set; call setLabelKind");
      }
      HashSet<String> seen = new HashSet<>();
      for (int i = 0; i < classNames.size(); i++) {
        String n = classNames.get(i);
        if (n == null || n.isEmpty()) {
          throw new IllegalArgumentException("class name at index " + i + " is empty");
        }
        if (!seen.add(n)) {
          throw new IllegalArgumentException("class name repeated at index " + i + ": \"" + n + "\"");
        }
      }
      return new DatasetSchema(this);
    }
  }
}
