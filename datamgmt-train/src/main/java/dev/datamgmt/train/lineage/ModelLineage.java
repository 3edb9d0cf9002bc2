package dev.datamgmt.train.lineage;

import ai.djl.Model;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Saves a model together with its lineage and reads the lineage back. The provenance JSON goes into the
 * DJL model property {@value #PROPERTY} (so it travels inside the {@code .params} file) and into
 * {@code lineage.json} next to it (so tools without DJL can read it).
 *
 * <pre>{@code
 * ModelLineage.save(model, dir, "classifier", report.provenance());
 * Provenance p = ModelLineage.read(dir);
 * }</pre>
 */
public final class ModelLineage {
  /** The model property that holds the provenance JSON. */
  public static final String PROPERTY = "datamgmt.lineage";
  /** The file name of the lineage next to the saved model. */
  public static final String FILE = "lineage.json";

  private ModelLineage() {}

  /**
   * Saves {@code model} under {@code dir} with DJL's {@link Model#save} and writes the lineage beside it.
   * The lineage file is written to a temporary name and moved into place, so a crash leaves no half file.
   */
  public static void save(Model model, Path dir, String name, Provenance provenance) throws IOException {
    String json = Json.write(provenance);
    model.setProperty(PROPERTY, json);
    Files.createDirectories(dir);
    model.save(dir, name);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads {@code lineage.json} from a saved model's directory.
   *
   * @throws NotFoundException if there is no lineage file
   * @throws DataException if it is not valid provenance JSON
   */
  public static Provenance read(Path dir) throws DataException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("model lineage missing", file.toString(), "a " + FILE + " written by ModelLineage.save",
          "no such file");
    }
    try {
      return Json.read(Files.readString(file, StandardCharsets.UTF_8), Provenance.class, file.toString());
    } catch (IOException e) {
      throw new dev.datamgmt.core.error.StorageException("cannot read model lineage", file.toString(),
          "a readable file", e.toString(), e);
    }
  }

  /** The lineage stored in a loaded model's properties, if any. */
  public static Optional<Provenance> of(Model model) throws DataException {
    String json = model.getProperty(PROPERTY);
    if (json == null) {
      return Optional.empty();
    }
    return Optional.of(Json.read(json, Provenance.class, "model " + model.getName() + " property " + PROPERTY));
  }
}
