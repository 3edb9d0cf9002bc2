package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.repo.RepositoryContract;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The repository suite on a local folder. */
class FileSystemRepositoryTest extends RepositoryContract {
  @TempDir Path tmp;

  @Override
  protected BlobStore newStore() throws Exception {
    return FileSystemBlobStore.builder().setRoot(Files.createTempDirectory(tmp, "repo")).build();
  }
}
