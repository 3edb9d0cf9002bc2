package dev.datamgmt.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.synth.ocr.OcrLinesConfig;
import dev.datamgmt.synth.receipt.ReceiptsConfig;
import dev.datamgmt.synth.shapes.ShapesConfig;
import dev.datamgmt.synth.table.ConditionalCopulaConfig;
import dev.datamgmt.synth.table.CopulaConfig;
import dev.datamgmt.synth.table.TableConfig;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of generator configurations and their canonical JSON. Built-in generators ({@code "shapes"}, {@code "ocr-lines"}, {@code "receipts"}, {@code "table"},
 * {@code "gaussian-copula"}, {@code "conditional-gaussian-copula"}) are
 * registered; a user's generator becomes readable from JSON once its configuration class is registered:
 *
 * <pre>{@code
 * Generators.register("my-noise", MyNoiseConfig.class);   // MyNoiseConfig implements GeneratorConfig
 * GeneratorConfig c = Generators.readConfig("{\"generator\":\"my-noise\",\"bytes\":16}");
 * }</pre>
 *
 * <p>The JSON is canonical (properties and map keys sorted, no whitespace), so the same configuration always
 * gives the same text, which is what provenance records and what makes a generated version's id reproducible.
 */
public final class Generators {
  private static final Map<String, Class<? extends GeneratorConfig>> REGISTERED = new ConcurrentHashMap<>();
  private static volatile ObjectMapper mapper;

  static {
    REGISTERED.put(ShapesConfig.NAME, ShapesConfig.class);
    REGISTERED.put(OcrLinesConfig.NAME, OcrLinesConfig.class);
    REGISTERED.put(ReceiptsConfig.NAME, ReceiptsConfig.class);
    REGISTERED.put(TableConfig.NAME, TableConfig.class);
    REGISTERED.put(CopulaConfig.NAME, CopulaConfig.class);
    REGISTERED.put(ConditionalCopulaConfig.NAME, ConditionalCopulaConfig.class);
  }

  private Generators() {}

  /**
   * Registers a configuration class under a generator name, so JSON with {@code "generator": name} reads into it.
   *
   * @throws IllegalArgumentException if the name is taken by another class
   */
  public static synchronized void register(String name, Class<? extends GeneratorConfig> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Class<? extends GeneratorConfig> old = REGISTERED.putIfAbsent(name, type);
    if (old != null && old != type) {
      throw new IllegalArgumentException("generator name " + name + " is already registered to " + old.getName()
          + "; cannot register " + type.getName());
    }
    mapper = null;
  }

  /** The canonical JSON of a configuration, with its registered name in {@code "generator"}. */
  public static String writeConfig(GeneratorConfig config) {
    Objects.requireNonNull(config, "config");
    requireRegistered(config.getClass());
    try {
      return mapper().writerFor(GeneratorConfig.class).writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write configuration " + config + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a configuration written by {@link #writeConfig}.
   *
   * @throws InvalidDataException if the JSON is malformed, names no registered generator, or holds an invalid
   *     setting (the message names it)
   */
  public static GeneratorConfig readConfig(String json) throws InvalidDataException {
    Objects.requireNonNull(json, "json");
    try {
      return mapper().readValue(json, GeneratorConfig.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      String found = cause instanceof InvalidSettingException ise ? ise.getMessage() : e.getOriginalMessage();
      throw new InvalidDataException("invalid generator configuration", "generator configuration JSON",
          "a JSON object with \"generator\" one of " + new java.util.TreeSet<>(REGISTERED.keySet())
              + " and valid settings", found, e);
    }
  }

  /**
   * The canonical JSON of any generator's {@link Generator#configuration()}: {@link #writeConfig} for a registered
   * {@link GeneratorConfig}, the plain sorted JSON of the object otherwise.
   */
  public static String configurationJson(Generator generator) {
    Object c = generator.configuration();
    if (c instanceof GeneratorConfig gc && REGISTERED.containsValue(gc.getClass())) {
      return writeConfig(gc);
    }
    try {
      return mapper().writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write configuration of generator " + generator.name() + ": "
          + e.getOriginalMessage(), e);
    }
  }

  private static void requireRegistered(Class<?> type) {
    if (!REGISTERED.containsValue(type)) {
      throw new IllegalArgumentException("configuration class " + type.getName()
          + " is not registered; call Generators.register(name, " + type.getSimpleName() + ".class)");
    }
  }

  static ObjectMapper mapper() {
    ObjectMapper m = mapper;
    if (m == null) {
      synchronized (Generators.class) {
        m = mapper;
        if (m == null) {
          m = JsonMapper.builder()
              .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
              .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .build();
          for (Map.Entry<String, Class<? extends GeneratorConfig>> e : REGISTERED.entrySet()) {
            m.registerSubtypes(new NamedType(e.getValue(), e.getKey()));
          }
          mapper = m;
        }
      }
    }
    return m;
  }
}
