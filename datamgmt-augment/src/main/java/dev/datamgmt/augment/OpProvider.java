package dev.datamgmt.augment;

import java.util.Map;

/**
 * Supplies user operations to {@link OpRegistry} through {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/dev.datamgmt.augment.OpProvider}, and any program with the jar on its
 * classpath reads and writes pipelines that use them without registering anything by hand.
 */
public interface OpProvider {
  /** The operations to register: JSON name to operation type (see {@link OpRegistry#register}). */
  Map<String, Class<? extends Op>> ops();
}
