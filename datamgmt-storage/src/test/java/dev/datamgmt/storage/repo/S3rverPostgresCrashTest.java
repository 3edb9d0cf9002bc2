package dev.datamgmt.storage.repo;

import dev.datamgmt.testing.PostgresServerExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash and two-process suite on s3rver with the refs in a real PostgreSQL (a fresh database per repository):
 * kill -9 mid-commit and racing committer processes lose nothing with the team's ref store either.
 */
@Tag("peers") // starts s3rver: needs Node.js and npm (.ci/run has them); not in the JDK-and-Maven build
class S3rverPostgresCrashTest extends S3rverJdbcCrashTest {
  @RegisterExtension static final PostgresServerExtension PG = new PostgresServerExtension();

  @Override
  protected String refsUrl() {
    return PG.server().createDatabase() + "&user=" + PG.user() + "&password=" + PG.password();
  }
}
