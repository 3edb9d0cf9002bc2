package dev.datamgmt.core.schema;

/** The type of a record attribute, and the Java type its values have. */
public enum AttributeType {
  /** {@link String} values. */
  STRING(String.class),
  /** {@link Long} values. */
  LONG(Long.class),
  /** {@link Double} values, always finite. */
  DOUBLE(Double.class),
  /** {@link Boolean} values. */
  BOOLEAN(Boolean.class);

  private final Class<?> javaType;

  AttributeType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** The Java type of the values. */
  public Class<?> javaType() {
    return javaType;
  }

  /** Whether {@code value} is of this type. */
  public boolean accepts(Object value) {
    return javaType.isInstance(value);
  }
}
