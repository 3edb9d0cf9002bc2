package dev.datamgmt.storage.lineage;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Level-2 lineage for derived artifacts: which dataset version(s) an artifact came from and which code commit
 * made it, as a {@link Provenance} the artifact stores next to itself (e.g. as JSON beside a model file).
 *
 * <pre>{@code
 * Provenance p = Lineage.of("model", repo.checkout("main"))   // + current git commit, if any
 *     .addStep(new Provenance.Step("train", Map.of("epochs", "3")))
 *     .addSeed("sampler", 42)
 *     .build();
 * Files.writeString(modelDir.resolve("lineage.json"), Json.write(p));
 * // later, from the deployed model:
 * DatasetVersion trainedOn = Lineage.datasetVersions(p).get(0) ... repo.checkout(id)
 * }</pre>
 */
public final class Lineage {
  /** The {@link Provenance.Source#role()} naming a dataset version; its id is the commit id {@code sha256:…}. */
  public static final String DATASET_VERSION = "dataset-version";

  private Lineage() {}

  /**
   * A provenance builder for an artifact of {@code kind} made from {@code version}, with the code commit of the
   * working directory's git checkout (if it is in one).
   */
  public static Provenance.Builder of(String kind, DatasetVersion version) {
    return of(kind, version, GitCommit.current());
  }

  /** Same as {@link #of(String, DatasetVersion)} with the code commit of the checkout containing {@code code}. */
  public static Provenance.Builder of(String kind, DatasetVersion version, Path code) {
    return of(kind, version, GitCommit.of(code));
  }

  private static Provenance.Builder of(String kind, DatasetVersion version, Optional<String> codeCommit) {
    return Provenance.builder(kind)
        .addSource(new Provenance.Source(DATASET_VERSION, version.id().toString()))
        .optCodeCommit(codeCommit.orElse(null));
  }

  /** The dataset version ids an artifact's provenance names, in order. */
  public static List<ContentHash> datasetVersions(Provenance provenance) {
    return provenance.sources().stream().filter(s -> s.role().equals(DATASET_VERSION))
        .map(s -> ContentHash.parse(s.id())).toList();
  }

  /**
   * Checks out the (first) dataset version an artifact came from: the proof that it can be traced to its data.
   *
   * @throws NotFoundException if the provenance names no dataset version, or the repository does not hold it
   */
  public static DatasetVersion trace(Repository repo, Provenance provenance) throws DataException {
    List<ContentHash> ids = datasetVersions(provenance);
    if (ids.isEmpty()) {
      throw new NotFoundException("provenance names no dataset version", "provenance of a " + provenance.kind(),
          "a source with role " + DATASET_VERSION, "sources " + provenance.sources());
    }
    return repo.checkout(ids.get(0));
  }
}
