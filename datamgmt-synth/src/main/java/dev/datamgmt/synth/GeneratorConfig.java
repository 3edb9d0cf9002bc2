package dev.datamgmt.synth;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A generator's configuration as an immutable value that round-trips through JSON: the JSON object carries the
 * generator's registered name in {@code "generator"} beside the configuration's own fields. Built-in generators
 * are registered under their names; register your own with {@link Generators#register}.
 *
 * <pre>{@code
 * String json = Generators.writeConfig(ShapesConfig.builder().build());
 * Generator g = Generators.readConfig(json).newGenerator();
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "generator")
public interface GeneratorConfig {

  /** The generator this configuration describes. Validation happened when the configuration was built. */
  Generator newGenerator();
}
