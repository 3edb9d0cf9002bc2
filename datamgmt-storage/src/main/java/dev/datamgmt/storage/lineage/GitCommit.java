package dev.datamgmt.storage.lineage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the git commit a directory is checked out at, so artifacts can record the code that made them.
 *
 * <p>Reads the repository files directly ({@code .git/HEAD}, loose refs, {@code packed-refs}; a {@code .git}
 * file pointing elsewhere, as in worktrees and submodules, is followed), so no git installation is needed;
 * when that fails it falls back to running {@code git rev-parse HEAD}.
 */
public final class GitCommit {
  private static final Logger LOG = LoggerFactory.getLogger(GitCommit.class);
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private GitCommit() {}

  /** The commit of the checkout containing the working directory, if it is in one. */
  public static Optional<String> current() {
    return of(Path.of("").toAbsolutePath());
  }

  /**
   * The commit of the checkout containing {@code dir} (searching {@code dir} and its parents for {@code .git}),
   * or empty if there is none or it has no commit yet.
   */
  public static Optional<String> of(Path dir) {
    Path start = dir.toAbsolutePath().normalize();
    for (Path d = start; d != null; d = d.getParent()) {
      Path dotGit = d.resolve(".git");
      if (Files.exists(dotGit)) {
        try {
          Optional<String> c = fromFiles(dotGit);
          if (c.isPresent()) {
            return c;
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("cannot read {} directly ({}); trying git rev-parse", dotGit, e.toString());
        }
        return fromGitCommand(d);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> fromFiles(Path dotGit) throws IOException {
    Path gitDir = dotGit;
    if (Files.isRegularFile(dotGit)) {
      String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
      if (!line.startsWith("gitdir:")) {
        return Optional.empty();
      }
      gitDir = dotGit.getParent().resolve(line.substring("gitdir:".length()).trim()).normalize();
    }
    Path commonDir = gitDir;
    Path commonFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonFile)) {
      commonDir = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
    }
    String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
    if (SHA.matcher(head).matches()) {
      return Optional.of(head);
    }
    if (!head.startsWith("ref:")) {
      return Optional.empty();
    }
    String ref = head.substring(4).trim();
    for (Path base : List.of(gitDir, commonDir)) {
      Path loose = base.resolve(ref);
      if (Files.isRegularFile(loose)) {
        String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
        if (SHA.matcher(sha).matches()) {
          return Optional.of(sha);
        }
      }
    }
    Path packed = commonDir.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (space > 0 && line.substring(space + 1).equals(ref) && SHA.matcher(line.substring(0, space)).matches()) {
          return Optional.of(line.substring(0, space));
        }
      }
    }
    return Optional.empty(); // an unborn branch: no commit yet
  }

  private static Optional<String> fromGitCommand(Path dir) {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && SHA.matcher(out).matches() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
