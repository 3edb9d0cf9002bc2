package dev.datamgmt.storage.lineage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTest {
  @TempDir Path tmp;

  private static String git(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 5];
    cmd[0] = "git";
    cmd[1] = "-c";
    cmd[2] = "user.name=t";
    cmd[3] = "-c";
    cmd[4] = "user.email=t@example.com";
    System.arraycopy(args, 0, cmd, 5, args.length);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private Path checkoutWithOneCommit() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("code"));
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("train.py"), "print('hi')\n");
    git(repo, "add", "train.py");
    git(repo, "commit", "-q", "-m", "first");
    return repo;
  }

  @Test
  void gitCommit_readsHeadThroughLooseAndPackedRefs_fromASubfolder() throws Exception {
    Path repo = checkoutWithOneCommit();
    String head = git(repo, "rev-parse", "HEAD");
    Path sub = Files.createDirectories(repo.resolve("a/b"));
    assertThat(GitCommit.of(sub)).contains(head);

    git(repo, "pack-refs", "--all");
    assertThat(Files.exists(repo.resolve(".git/refs/heads/main"))).isFalse();
    assertThat(GitCommit.of(repo)).contains(head);
  }

  @Test
  void gitCommit_followsDetachedHeadAndWorktrees() throws Exception {
    Path repo = checkoutWithOneCommit();
    String first = git(repo, "rev-parse", "HEAD");
    Files.writeString(repo.resolve("train.py"), "print('v2')\n");
    git(repo, "commit", "-q", "-am", "second");
    String second = git(repo, "rev-parse", "HEAD");

    Path wt = tmp.resolve("wt");
    git(repo, "worktree", "add", "-q", "--detach", wt.toString(), first);
    assertThat(Files.isRegularFile(wt.resolve(".git"))).isTrue();
    assertThat(GitCommit.of(wt)).contains(first);
    assertThat(GitCommit.of(repo)).contains(second);
  }

  @Test
  void gitCommit_outsideACheckout_isEmpty() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThat(GitCommit.of(plain)).isEmpty();
  }

  @Test
  void lineage_recordsVersionAndCodeCommit_andTracesBackToTheVersion() throws Exception {
    Path code = checkoutWithOneCommit();
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      DatasetVersion v = repo.commit("main").addRecord(Record.builder("r").build()).setMessage("data").commit();
      repo.commit("main").addRecord(Record.builder("later").build()).setMessage("more data").commit();

      Provenance p = Lineage.of("model", v, code).addStep(new Provenance.Step("train", Map.of("epochs", "3"))).build();
      assertThat(p.codeCommit()).contains(git(code, "rev-parse", "HEAD"));

      Provenance stored = Json.read(Json.write(p), Provenance.class, "lineage.json");
      assertThat(Lineage.datasetVersions(stored)).containsExactly(v.id());
      DatasetVersion traced = Lineage.trace(repo, stored);
      assertThat(traced.id()).isEqualTo(v.id());
      assertThat(traced.records()).isEqualTo(v.records());
    }
  }

  @Test
  void trace_withoutADatasetSource_failsClearly() throws Exception {
    try (InMemoryBlobStore store = new InMemoryBlobStore()) {
      Repository repo = Repository.init(store);
      Provenance p = Provenance.builder("model").build();
      assertThatThrownBy(() -> Lineage.trace(repo, p)).isInstanceOf(NotFoundException.class)
          .hasMessageContaining(Lineage.DATASET_VERSION);
    }
  }
}
