package dev.datamgmt.spark;

import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.GeneratorConfig;
import dev.datamgmt.synth.Generators;
import java.io.Serializable;

/**
 * Makes the generator on each executor (a {@link Generator} itself need not be serializable). A built-in or
 * registered generator travels as its configuration JSON: {@link #of(GeneratorConfig)}.
 */
@FunctionalInterface
public interface GeneratorFactory extends Serializable {
  /** A new generator; every call must give one that makes the same samples. */
  Generator create() throws Exception;

  /** The factory of a generator configuration, shipped as {@link Generators#writeConfig} JSON. */
  static GeneratorFactory of(GeneratorConfig config) {
    String json = Generators.writeConfig(config);
    return () -> Generators.readConfig(json).newGenerator();
  }
}
