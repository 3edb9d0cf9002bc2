package dev.datamgmt.core.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The split a record belongs to. {@link #TRAIN}, {@link #VALIDATION}, {@link #TEST} and {@link #NONE} are
 * predefined; any other lowercase name ({@code [a-z0-9][a-z0-9_-]*}) is allowed, e.g. {@code "holdout"}.
 */
public final class Split implements Comparable<Split> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** Training data. */
  public static final Split TRAIN = new Split("train");
  /** Validation data, for model selection. */
  public static final Split VALIDATION = new Split("validation");
  /** Test data, touched once. */
  public static final Split TEST = new Split("test");
  /** Not assigned to a split. */
  public static final Split NONE = new Split("none");

  private final String name;

  private Split(String name) {
    this.name = name;
  }

  /**
   * The split with this name.
   *
   * @throws IllegalArgumentException if the name is not lowercase letters, digits, '_' or '-'
   */
  @JsonCreator
  public static Split of(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "train":
        return TRAIN;
      case "validation":
        return VALIDATION;
      case "test":
        return TEST;
      case "none":
        return NONE;
      default:
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "split name must match [a-z0-9][a-z0-9_-]{0,63}: \"" + name + "\"");
        }
        return new Split(name);
    }
  }

  /** The name. */
  @JsonValue
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s && s.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public int compareTo(Split o) {
    return name.compareTo(o.name);
  }
}
