package dev.datamgmt.storage.repo;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.storage.testing.S3Stores;
import dev.datamgmt.testing.PostgresServerExtension;
import dev.datamgmt.testing.S3rverExtension;
import java.time.Clock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository suite on s3rver (an S3 server that ignores conditional writes) with the refs in a real PostgreSQL
 * through {@link JdbcRefStore}, a fresh database per repository: the team set-up of FORMAT.md "Refs in a database".
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverPostgresRepositoryTest extends RepositoryContract {
  @RegisterExtension static final S3rverExtension S3RVER = new S3rverExtension();
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  private JdbcRefStore refs;

  @Override
  protected BlobStore newStore() throws Exception {
    refs = JdbcRefStore.builder().setUrl(PG.server().createDatabase()).optCredentials(PG.user(), PG.password()).build();
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
