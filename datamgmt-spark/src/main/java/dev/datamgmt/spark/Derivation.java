package dev.datamgmt.spark;

import dev.datamgmt.core.error.ConflictException;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.lineage.Lineage;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A derived dataset memoized by its lineage (DVC's run cache, without a pipeline file): an input version plus a
 * named, versioned step with its settings identify the output. The first {@link #run} computes it and records it
 * under the tag {@code derived-<key>}; every later run of the same derivation, on this machine or on Spark, by this
 * process or another, returns that version without computing anything. Orchestrators (Airflow, Dagster, Prefect,
 * cron) can therefore call a derivation as an idempotent step.
 *
 * <pre>{@code
 * Derivation relabel = Derivation.builder()
 *     .setRepository(repo)
 *     .setInput("main")                       // resolved once, to a commit id
 *     .setStep("relabel", "2")                // bump the version when the code changes its output
 *     .addSetting("threshold", "0.8")
 *     .build();
 * DatasetVersion out = relabel.run(ctx -> SparkCommit.builder()
 *     .setSource(src).optBranch("relabeled").setMessage("relabel")
 *     .optProvenance(ctx.provenance())        // required: the output records what made it
 *     .optReplaceAll(true).build()
 *     .run(relabelled(SparkVersions.records(spark, src, ctx.input().id().toString()))));
 * }</pre>
 *
 * <p>The key is the SHA-256 of the canonical JSON {@code {"input":<commit id>,"settings":{...},"step":<name>,
 * "version":<version>}} (keys sorted); the tag's name is {@code derived-} and its 64 hex digits. The output's
 * provenance (see {@link Context#provenance()}) names the input as a {@code dataset-version} source and the step
 * with its settings plus {@code derivation.key}, so {@link Lineage#trace} leads back to the input. Two processes
 * that start the same derivation at once both compute; the first to create the tag wins and the other returns
 * the winner's version (its own output stays on its branch, unreferenced by the tag).
 */
public final class Derivation {
  /** The prefix of the tags that memoize derivations. */
  public static final String TAG_PREFIX = "derived-";
  /** The step setting that records the derivation key in the output's provenance. */
  public static final String SETTING_KEY = "derivation.key";

  private final Repository repo;
  private final String input;
  private final String step;
  private final String version;
  private final TreeMap<String, String> settings;

  private Derivation(Builder b) {
    this.repo = b.repo;
    this.input = b.input;
    this.step = b.step;
    this.version = b.version;
    this.settings = new TreeMap<>(b.settings);
  }

  /** Starts a derivation. */
  public static Builder builder() {
    return new Builder();
  }

  /** What a derivation's computation is given. */
  public interface Context {
    /** The input version. */
    DatasetVersion input();

    /** The derivation key (64 hex digits). */
    String key();

    /** The provenance the output version must carry (give it to the commit that makes the output). */
    Provenance provenance();
  }

  /** The computation: makes and commits the output version. */
  @FunctionalInterface
  public interface Compute {
    /** Commits the output and returns it; its commit must carry {@link Context#provenance()}. */
    DatasetVersion apply(Context context) throws DataException;
  }

  /** The key of this derivation on the input's current commit (64 hex digits). */
  public String key() throws DataException {
    return key(repo.resolve(input));
  }

  private String key(ContentHash inputId) {
    TreeMap<String, Object> k = new TreeMap<>();
    k.put("input", inputId.toString());
    k.put("settings", settings);
    k.put("step", step);
    k.put("version", version);
    return ContentHash.of(Json.write(k).getBytes(StandardCharsets.UTF_8)).hex();
  }

  /** The memoized output, if this derivation already ran on the input's current commit. */
  public Optional<DatasetVersion> existing() throws DataException {
    String tag = TAG_PREFIX + key();
    try {
      return Optional.of(repo.checkout(repo.resolve("refs/tags/" + tag)));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the memoized output, or computes it, records it and returns it.
   *
   * @throws IllegalStateException if the computed version does not carry the derivation's provenance step
   */
  public DatasetVersion run(Compute compute) throws DataException {
    ContentHash inputId = repo.resolve(input);
    String key = key(inputId);
    Optional<DatasetVersion> done = existing();
    if (done.isPresent()) {
      return done.get();
    }
    DatasetVersion in = repo.checkout(inputId);
    TreeMap<String, String> stepSettings = new TreeMap<>(settings);
    stepSettings.put("derivation.step", step);
    stepSettings.put("derivation.version", version);
    stepSettings.put(SETTING_KEY, key);
    Provenance.Step recorded = new Provenance.Step(step, stepSettings);
    Provenance provenance = Provenance.builder(dev.datamgmt.storage.repo.Commit.PROVENANCE_KIND)
        .addSource(new Provenance.Source(Lineage.DATASET_VERSION, inputId.toString()))
        .addStep(recorded)
        .build();
    Context ctx = new Context() {
      @Override
      public DatasetVersion input() {
        return in;
      }

      @Override
      public String key() {
        return key;
      }

      @Override
      public Provenance provenance() {
        return provenance;
      }
    };
    DatasetVersion out = Objects.requireNonNull(compute.apply(ctx), "the computation returned null");
    boolean carries = out.commit().provenance().map(p -> p.steps().stream()
        .anyMatch(s -> key.equals(s.settings().get(SETTING_KEY)))).orElse(false);
    if (!carries) {
      throw new IllegalStateException("derivation " + step + " " + version + ": the output " + out.id()
          + " does not carry the derivation's provenance; pass context.provenance() to the commit that makes it");
    }
    try {
      repo.createTag(TAG_PREFIX + key, out.id().toString());
      return out;
    } catch (ConflictException e) {
      return existing().orElseThrow(() -> e); // another run recorded it first: its version is the output
    }
  }

  /** Configures a {@link Derivation}: repository, input and step are required. */
  public static final class Builder {
    private Repository repo;
    private String input;
    private String step;
    private String version;
    private final TreeMap<String, String> settings = new TreeMap<>();

    private Builder() {}

    /** The repository holding the input and the output (required). */
    public Builder setRepository(Repository repo) {
      this.repo = Objects.requireNonNull(repo, "repo");
      return this;
    }

    /** The input revision (branch, tag or commit id; required), resolved when the derivation runs. */
    public Builder setInput(String revision) {
      this.input = Objects.requireNonNull(revision, "revision");
      return this;
    }

    /**
     * The step's name and version (required); change the version whenever the code makes a different output.
     *
     * @throws IllegalArgumentException if either is blank
     */
    public Builder setStep(String name, String version) {
      if (name == null || name.isBlank() || version == null || version.isBlank()) {
        throw new IllegalArgumentException("step name and version must be non-blank: " + name + ", " + version);
      }
      this.step = name;
      this.version = version;
      return this;
    }

    /**
     * Adds a setting of the step (part of the key).
     *
     * @throws IllegalArgumentException if the name is reserved ({@code derivation.*}) or was already added
     */
    public Builder addSetting(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.startsWith("derivation.")) {
        throw new IllegalArgumentException("setting names starting with derivation. are reserved: " + name);
      }
      if (settings.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("setting " + name + " was already added (" + settings.get(name) + ")");
      }
      return this;
    }

    /** Adds several settings. */
    public Builder addSettings(Map<String, String> values) {
      values.forEach(this::addSetting);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming the first missing required setting
     */
    public Derivation build() {
      if (repo == null) {
        throw new IllegalStateException("repository was not set; call setRepository");
      }
      if (input == null) {
        throw new IllegalStateException("input was not set; call setInput");
      }
      if (step == null) {
        throw new IllegalStateException("step was not set; call setStep");
      }
      return new Derivation(this);
    }
  }
}
