package dev.datamgmt.storage.repo;

import org.junit.jupiter.api.Tag;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.S3rverExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository suite on s3rver (an S3 server that ignores conditional writes) with the refs in SQLite through
 * {@link JdbcRefStore}: commits stay exactly-once although the blob store cannot compare-and-swap.
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverJdbcRepositoryTest extends RepositoryContract {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();

  private JdbcRefStore refs;

  /** The ref store of the next repository; SQLite in a fresh file here, a subclass may choose another database. */
  protected JdbcRefStore newRefStore() throws Exception {
    Path dir = Files.createTempDirectory("datamgmt-refs-");
    dir.toFile().deleteOnExit();
    return JdbcRefStore.builder().setUrl("jdbc:sqlite:" + dir.resolve("refs.db")).build();
  }

  @Override
  protected BlobStore newStore() throws Exception {
    refs = newRefStore();
    return S3Stores.builderFor(S3RVER.server()).build();
  }

  @Override
  protected Repository initRepository(BlobStore s) throws Exception {
    return Repository.init(s, refs);
  }

  @Override
  protected Repository reopen(BlobStore s, Clock clock) throws Exception {
    return Repository.open(s, refs, clock);
  }
}
