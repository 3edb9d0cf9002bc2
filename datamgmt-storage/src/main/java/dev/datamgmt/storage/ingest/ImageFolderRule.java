package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.InvalidDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@link LabelRule#imageFolder()}: the first folder of the path is the class. */
final class ImageFolderRule implements LabelRule {
  static final ImageFolderRule INSTANCE = new ImageFolderRule();

  private ImageFolderRule() {}

  @Override
  public Labeler bind(Path root) {
    return new Labeler() {
      @Override
      public String classOf(String relativePath, Path file) throws InvalidDataException {
        int slash = relativePath.indexOf('/');
        if (slash < 0) {
          throw new InvalidDataException("file outside a class folder", relativePath, "<root>/<class>/<file>",
              "a file at the root");
        }
        return relativePath.substring(0, slash);
      }

      @Override
      public List<String> knownClasses() {
        try (Stream<Path> s = Files.list(root)) {
          return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
              .sorted().toList();
        } catch (IOException e) {
          return List.of(); // an unreadable root fails the walk, which names it
        }
      }
    };
  }

  @Override
  public String description() {
    return "image_folder"; // as the lineage of earlier ingests spelled it
  }

  @Override
  public boolean labelsByPathAlone() {
    return true;
  }

  @Override
  public String toString() {
    return "LabelRule.imageFolder()";
  }
}
