package dev.datamgmt.core.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where an artifact (a dataset version, a shard, a synthetic set, a model) came from, in enough detail to
 * make it again: the inputs with their ids or hashes, the steps applied in order with their settings, the
 * seeds, the code commit, and the library, Java and OS versions.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder("model")
 *     .addSource(new Provenance.Source("dataset", "commit:3f2a..."))
 *     .addStep(new Provenance.Step("train", Map.of("loss", "focal(gamma=2)", "epochs", "3")))
 *     .addSeed("sampler", 42)
 *     .optCodeCommit("9c1e...")
 *     .build();
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class Provenance {
  private final String kind;
  private final Instant createdAt;
  private final List<Source> sources;
  private final List<Step> steps;
  private final SortedMap<String, Long> seeds;
  private final String codeCommit;
  private final SortedMap<String, String> environment;

  private Provenance(Builder b) {
    this.kind = b.kind;
    this.createdAt = b.createdAt;
    this.sources = List.copyOf(b.sources);
    this.steps = List.copyOf(b.steps);
    this.seeds = Collections.unmodifiableSortedMap(new TreeMap<>(b.seeds));
    this.codeCommit = b.codeCommit;
    this.environment = Collections.unmodifiableSortedMap(new TreeMap<>(b.environment));
  }

  /**
   * Starts a provenance for an artifact of the given kind ("dataset-version", "shard", "model", ...). The
   * creation time defaults to now and the environment to {@link #currentEnvironment()}.
   */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  @JsonCreator
  static Provenance fromJson(
      @JsonProperty("kind") String kind,
      @JsonProperty("createdAt") Instant createdAt,
      @JsonProperty("sources") List<Source> sources,
      @JsonProperty("steps") List<Step> steps,
      @JsonProperty("seeds") Map<String, Long> seeds,
      @JsonProperty("codeCommit") String codeCommit,
      @JsonProperty("environment") Map<String, String> environment) {
    Builder b = builder(kind).optCreatedAt(createdAt).optEnvironment(environment == null ? Map.of() : environment);
    if (sources != null) {
      sources.forEach(b::addSource);
    }
    if (steps != null) {
      steps.forEach(b::addStep);
    }
    if (seeds != null) {
      seeds.forEach(b::addSeed);
    }
    return b.optCodeCommit(codeCommit).build();
  }

  /**
   * The library, Java and OS versions of this process: keys {@code datamgmt.version}, {@code java.version},
   * {@code java.vendor}, {@code os.name}, {@code os.arch}, {@code os.version}.
   */
  public static SortedMap<String, String> currentEnvironment() {
    TreeMap<String, String> env = new TreeMap<>();
    String version = Provenance.class.getPackage().getImplementationVersion();
    env.put("datamgmt.version", version == null ? "development" : version);
    for (String key : List.of("java.version", "java.vendor", "os.name", "os.arch", "os.version")) {
      env.put(key, System.getProperty(key, "unknown"));
    }
    return env;
  }

  /** The kind of artifact. */
  @JsonProperty("kind")
  public String kind() {
    return kind;
  }

  /** When it was made. */
  @JsonProperty("createdAt")
  public Instant createdAt() {
    return createdAt;
  }

  /** Inputs, in order. */
  @JsonProperty("sources")
  public List<Source> sources() {
    return sources;
  }

  /** Steps applied, in order. */
  @JsonProperty("steps")
  public List<Step> steps() {
    return steps;
  }

  /** Seeds by purpose. */
  @JsonProperty("seeds")
  public SortedMap<String, Long> seeds() {
    return seeds;
  }

  /** The code commit, when known. */
  public Optional<String> codeCommit() {
    return Optional.ofNullable(codeCommit);
  }

  @JsonProperty("codeCommit")
  String codeCommitOrNull() {
    return codeCommit;
  }

  /** Library, Java and OS versions (see {@link #currentEnvironment()}). */
  @JsonProperty("environment")
  public SortedMap<String, String> environment() {
    return environment;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Provenance p
        && p.kind.equals(kind)
        && p.createdAt.equals(createdAt)
        && p.sources.equals(sources)
        && p.steps.equals(steps)
        && p.seeds.equals(seeds)
        && Objects.equals(p.codeCommit, codeCommit)
        && p.environment.equals(environment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, createdAt, sources, steps, seeds, codeCommit, environment);
  }

  @Override
  public String toString() {
    return "Provenance{kind=" + kind + ", createdAt=" + createdAt + ", sources=" + sources + ", steps=" + steps
        + ", seeds=" + seeds + ", codeCommit=" + codeCommit + ", environment=" + environment + "}";
  }

  /**
   * An input of the artifact.
   *
   * @param role what the input is for ("dataset", "pipeline", "base-model")
   * @param id a stable identifier: a commit id, a content hash, a URI
   */
  public record Source(String role, String id) {
    /** Rejects nulls. */
    public Source {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A step applied to the inputs, with its settings as text.
   *
   * @param name the step ("ingest", "shard", "augment", "train")
   * @param settings settings by name, sorted
   */
  public record Step(String name, SortedMap<String, String> settings) {
    /** Copies the settings into a sorted, unmodifiable map. */
    public Step {
      Objects.requireNonNull(name, "name");
      settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings == null ? Map.of() : settings));
    }

    /** A step with settings given as a map. */
    public Step(String name, Map<String, String> settings) {
      this(name, new TreeMap<>(settings));
    }
  }

  /** Builds a {@link Provenance}; {@code add*} accumulate in order. */
  public static final class Builder {
    private final String kind;
    private Instant createdAt = Instant.now();
    private final List<Source> sources = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final TreeMap<String, Long> seeds = new TreeMap<>();
    private String codeCommit;
    private Map<String, String> environment = currentEnvironment();

    private Builder(String kind) {
      if (kind == null || kind.isBlank()) {
        throw new IllegalArgumentException("provenance kind must be non-blank: " + kind);
      }
      this.kind = kind;
    }

    /** Sets the creation time (default: now). */
    public Builder optCreatedAt(Instant createdAt) {
      if (createdAt != null) {
        this.createdAt = createdAt;
      }
      return this;
    }

    /** Adds an input. */
    public Builder addSource(Source source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /** Adds a step, after those added before. */
    public Builder addStep(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Records a seed under a purpose name. */
    public Builder addSeed(String purpose, long seed) {
      seeds.put(Objects.requireNonNull(purpose, "purpose"), seed);
      return this;
    }

    /** Sets the code commit, or clears it when {@code null}. */
    public Builder optCodeCommit(String commit) {
      this.codeCommit = commit;
      return this;
    }

    /** Replaces the environment (default {@link Provenance#currentEnvironment()}). */
    public Builder optEnvironment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** Builds the provenance. */
    public Provenance build() {
      return new Provenance(this);
    }
  }
}
