package dev.datamgmt.train.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTest {
  static final String A = "0123456789abcdef0123456789abcdef01234567";
  static final String B = "89abcdef0123456789abcdef0123456789abcdef";

  @Test
  void of_readsABranchHead_fromALooseRef_fromASubdirectory(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve(".git/refs/heads"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(repo.resolve(".git/refs/heads/main"), A + "\n");
    Path sub = Files.createDirectories(repo.resolve("a/b"));
    assertThat(GitCommit.of(sub)).contains(A);
  }

  @Test
  void of_readsPackedRefs_andDetachedHeads(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/dev\n");
    Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/dev\n");
    assertThat(GitCommit.of(repo)).contains(B);
    Files.writeString(repo.resolve(".git/HEAD"), A + "\n");
    assertThat(GitCommit.of(repo)).contains(A);
  }

  @Test
  void of_followsALinkedWorktree(@TempDir Path tmp) throws Exception {
    Path main = tmp.resolve("main");
    Files.createDirectories(main.resolve(".git/worktrees/wt"));
    Files.createDirectories(main.resolve(".git/refs/heads"));
    Files.writeString(main.resolve(".git/refs/heads/feature"), B);
    Files.writeString(main.resolve(".git/worktrees/wt/HEAD"), "ref: refs/heads/feature\n");
    Files.writeString(main.resolve(".git/worktrees/wt/commondir"), "../..\n");
    Path wt = Files.createDirectories(tmp.resolve("wt"));
    Files.writeString(wt.resolve(".git"), "gitdir: " + main.resolve(".git/worktrees/wt") + "\n");
    assertThat(GitCommit.of(wt)).contains(B);
  }

  @Test
  void of_outsideACheckoutOrWithAnUnknownRef_isEmpty(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("r/.git"));
    Files.writeString(tmp.resolve("r/.git/HEAD"), "ref: refs/heads/none\n");
    assertThat(GitCommit.of(tmp.resolve("r"))).isEmpty();
  }
}
