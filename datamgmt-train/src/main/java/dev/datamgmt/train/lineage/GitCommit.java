package dev.datamgmt.train.lineage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the commit checked out in the git working tree that contains a directory, by reading {@code .git}
 * files directly (no git binary needed): HEAD, a loose ref, or packed-refs. Linked worktrees ({@code .git}
 * as a file naming the git dir, with a {@code commondir}) are followed.
 */
public final class GitCommit {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

  private GitCommit() {}

  /** The commit of the working tree containing {@code dir}, or empty when it is not inside one. */
  public static Optional<String> of(Path dir) {
    try {
      for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        Path dotGit = d.resolve(".git");
        if (Files.isDirectory(dotGit)) {
          return resolveHead(dotGit, dotGit);
        }
        if (Files.isRegularFile(dotGit)) {
          String line = read(dotGit);
          if (!line.startsWith("gitdir:")) {
            return Optional.empty();
          }
          Path gitDir = d.resolve(line.substring("gitdir:".length()).trim()).normalize();
          Path common = gitDir;
          Path commonFile = gitDir.resolve("commondir");
          if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(read(commonFile)).normalize();
          }
          return resolveHead(gitDir, common);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> resolveHead(Path gitDir, Path commonDir) throws IOException {
    String head = read(gitDir.resolve("HEAD"));
    if (SHA.matcher(head).matches()) {
      return Optional.of(head);
    }
    if (!head.startsWith("ref:")) {
      return Optional.empty();
    }
    String ref = head.substring(4).trim();
    for (Path base : new Path[] {gitDir, commonDir}) {
      Path loose = base.resolve(ref);
      if (Files.isRegularFile(loose)) {
        String sha = read(loose);
        return SHA.matcher(sha).matches() ? Optional.of(sha) : Optional.empty();
      }
    }
    Path packed = commonDir.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
          return Optional.of(parts[0]);
        }
      }
    }
    return Optional.empty();
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).trim();
  }
}
