package dev.datamgmt.core.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.nio.charset.StandardCharsets;

/**
 * The shared, immutable Jackson configuration: sorted map keys and properties (so equal values give equal
 * bytes, which content addressing needs), unknown properties rejected, floats read as doubles.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .build();

  private Json() {}

  /** The shared mapper. Do not reconfigure it; copy it with {@code mapper().copy()} if you must. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes {@code value} to compact, deterministic JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** {@link #write(Object)} as UTF-8 bytes. */
  public static byte[] writeBytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON into {@code type}.
   *
   * @param location where the text came from, for the error message
   * @throws UnsupportedFormatException if the text is not valid JSON for {@code type}
   */
  public static <T> T read(String json, Class<T> type, String location) throws UnsupportedFormatException {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new UnsupportedFormatException(
          "unreadable JSON", location, "JSON for " + type.getSimpleName(), detail, e);
    }
  }

  /** {@link #read(String, Class, String)} from UTF-8 bytes. */
  public static <T> T read(byte[] json, Class<T> type, String location) throws UnsupportedFormatException {
    return read(new String(json, StandardCharsets.UTF_8), type, location);
  }
}
