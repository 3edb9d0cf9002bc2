package dev.datamgmt.storage.repo;

import dev.datamgmt.testing.PostgresServerExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository suite on s3rver (an S3 server that ignores conditional writes) with the refs in a real PostgreSQL
 * through {@link JdbcRefStore}, a fresh database per repository: the team set-up of FORMAT.md "Refs in a database".
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverPostgresRepositoryTest extends S3rverJdbcRepositoryTest {
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  @Override
  protected JdbcRefStore newRefStore() {
    return JdbcRefStore.builder().setUrl(PG.server().createDatabase()).optCredentials(PG.user(), PG.password()).build();
  }
}
