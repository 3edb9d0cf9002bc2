package dev.datamgmt.storage.ingest;

import java.nio.file.Path;

/** {@link LabelRule#none()}. */
final class NoLabels implements LabelRule {
  static final NoLabels INSTANCE = new NoLabels();

  private NoLabels() {}

  @Override
  public Labeler bind(Path root) {
    return (relativePath, file) -> null;
  }

  @Override
  public String description() {
    return "none";
  }

  @Override
  public boolean labels() {
    return false;
  }

  @Override
  public boolean labelsByPathAlone() {
    return true;
  }

  @Override
  public String toString() {
    return "LabelRule.none()";
  }
}
