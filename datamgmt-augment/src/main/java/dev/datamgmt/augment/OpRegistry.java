package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names operations have in pipeline JSON ({@code "op": "affine"}), and the way to add your own.
 *
 * <p>A user operation is a class implementing {@link Op} that Jackson can bind (a record is simplest: its
 * components are its JSON settings and its canonical constructor, which should validate, is the factory JSON
 * reading calls). Its {@link Op#sample} draws from the sample's random stream and appends <em>built-in</em> steps
 * (a {@code Warp} with any matrix, a {@code GridWarp}, colour steps...), so both backends run it, boxes,
 * keypoints and masks follow it, and recorded {@link AugmentParams} replay without knowing the operation.
 *
 * <pre>{@code
 * public record ShearX(double p, double maxShear) implements Op { ... sample(...) adds an ImageSteps.Warp ... }
 *
 * OpRegistry.register("myShearX", ShearX.class);        // before writing or reading pipelines that use it
 * Pipeline p = Pipeline.builder().setSeed(1).add(new ShearX(0.5, 0.3)).build();
 * Pipeline same = Pipeline.fromJson(p.toJson());         // {"op":"myShearX","maxShear":0.3,"p":0.5}
 * }</pre>
 *
 * <p>A program that only reads pipelines can get the registrations without calling {@link #register}: put an
 * {@link OpProvider} implementation on the classpath, named in
 * {@code META-INF/services/dev.datamgmt.augment.OpProvider}; providers are loaded on first use of the registry.
 * Thread-safe.
 */
public final class OpRegistry {
  private static final Map<String, Class<? extends Op>> BY_NAME = new ConcurrentHashMap<>();
  private static final Map<Class<? extends Op>, String> BY_TYPE = new ConcurrentHashMap<>();
  private static final Set<String> BUILT_IN;
  private static volatile boolean providersLoaded;

  static {
    Set<String> builtIn = new TreeSet<>();
    for (JsonSubTypes.Type t : Op.class.getAnnotation(JsonSubTypes.class).value()) {
      @SuppressWarnings("unchecked")
      Class<? extends Op> type = (Class<? extends Op>) t.value();
      BY_NAME.put(t.name(), type);
      BY_TYPE.put(type, t.name());
      builtIn.add(t.name());
    }
    BUILT_IN = Set.copyOf(builtIn);
  }

  private OpRegistry() {}

  /**
   * Registers a user operation under {@code name}. Registering the same name and type again does nothing.
   *
   * @throws IllegalArgumentException if the name is empty, taken by a built-in or another type, or the type
   *     already has another name
   */
  public static synchronized void register(String name, Class<? extends Op> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("operation name must not be blank");
    }
    if (BUILT_IN.contains(name)) {
      throw new IllegalArgumentException("operation name '" + name + "' is a built-in operation's");
    }
    Class<? extends Op> prev = BY_NAME.get(name);
    if (prev != null && prev != type) {
      throw new IllegalArgumentException(
          "operation name '" + name + "' is already registered for " + prev.getName() + ": " + type.getName());
    }
    String prevName = BY_TYPE.get(type);
    if (prevName != null && !prevName.equals(name)) {
      throw new IllegalArgumentException(
          "operation type " + type.getName() + " is already registered as '" + prevName + "': " + name);
    }
    BY_NAME.put(name, type);
    BY_TYPE.put(type, name);
  }

  /** The names of all operations known now (built-in and registered), sorted. */
  public static Set<String> names() {
    loadProviders();
    return Set.copyOf(new TreeSet<>(BY_NAME.keySet()));
  }

  /** The type registered under {@code name}, or {@code null}. */
  static Class<? extends Op> typeOf(String name) {
    loadProviders();
    return BY_NAME.get(name);
  }

  /** The name of {@code type}, or {@code null} if it is not registered. */
  static String nameOf(Class<?> type) {
    loadProviders();
    return BY_TYPE.get(type);
  }

  private static void loadProviders() {
    if (providersLoaded) {
      return;
    }
    synchronized (OpRegistry.class) {
      if (providersLoaded) {
        return;
      }
      providersLoaded = true;
      for (OpProvider provider : ServiceLoader.load(OpProvider.class, OpRegistry.class.getClassLoader())) {
        provider.ops().forEach(OpRegistry::register);
      }
    }
  }
}
