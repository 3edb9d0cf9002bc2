package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Future;

/**
 * The walk of an ingest: lists the regular files under the root as {@link ScannedFile}s (record id = relative
 * path, Unicode NFC) and reports what cannot be a record (links to nowhere, loops, special files, bad or
 * colliding names) as {@link BadFile}s. Hidden files and folders are skipped. With a {@link DirectoryWatch} it
 * brings the last listing up to date instead of walking again when it can.
 */
final class TreeScan {
  private final Path root;
  private final DirectoryWatch watch;
  private final IngestTasks tasks;

  TreeScan(Path root, DirectoryWatch watch, IngestTasks tasks) {
    this.root = root;
    this.watch = watch;
    this.tasks = tasks;
  }

  /** What one walk found: files and bad files, in the order visited. */
  private record Walk(List<ScannedFile> files, List<BadFile> bad) {}

  /**
   * Lists the tree: the root's own entries here, each top-level folder in a walk of its own on the pool (a
   * stat per file dominates, so this scales with cores). A walk follows links; a link back to the root or to an
   * ancestor inside the walk is reported as a loop, as one walk over the whole tree would report it.
   */
  List<ScannedFile> scan(List<BadFile> bad) throws DataException {
    Object rootKey;
    List<Future<Walk>> walks = new ArrayList<>();
    Walk top = new Walk(new ArrayList<>(), new ArrayList<>());
    try {
      rootKey = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
      if (watch != null) {
        watch.watchFolder(root);
      }
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 1, new Recorder(top) {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (!attrs.isDirectory()) {
            return super.visitFile(file, attrs);
          }
          if (rootKey != null && rootKey.equals(attrs.fileKey())) {
            top.bad.add(new BadFile(relative(file), LOOP));
          } else if (!file.getFileName().toString().startsWith(".")) {
            walks.add(tasks.submit(() -> walk(file, rootKey)));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("cannot walk ingest root", root.toString(), "a readable tree", e.toString(), e);
    }
    List<Walk> all = new ArrayList<>();
    all.add(top);
    for (Future<Walk> w : walks) {
      all.add(tasks.await(w));
    }
    // ids must be unique after normalization: the first spelling is reported with every other one
    List<ScannedFile> files = new ArrayList<>();
    Map<String, String> byId = new HashMap<>();
    Set<String> collided = new HashSet<>();
    for (Walk w : all) {
      bad.addAll(w.bad);
      for (ScannedFile f : w.files) {
        String rel = relative(f.path());
        String other = byId.putIfAbsent(f.id(), rel);
        if (other != null) {
          collided.add(f.id());
          bad.add(new BadFile(rel, "name collides with \"" + other + "\" after Unicode NFC normalization: expected "
              + "unique names, found two spellings of \"" + f.id() + "\""));
        } else {
          files.add(f);
        }
      }
    }
    List<ScannedFile> out = new ArrayList<>();
    for (ScannedFile f : files) {
      if (collided.contains(f.id())) {
        bad.add(new BadFile(relative(f.path()), "name collides after Unicode NFC normalization: expected unique names, "
            + "found two spellings of \"" + f.id() + "\""));
      } else {
        out.add(f);
      }
    }
    out.sort(Comparator.comparing(ScannedFile::id));
    return out;
  }

  /**
   * The listing through the watch: the last complete listing updated with the paths that changed since (each
   * re-examined as the walk would, and added to {@code changedIds} so it is re-hashed), or a complete walk that
   * re-arms the watch when the changes are not known or not simple (a folder appeared, went or was renamed; a
   * changed path is now a link, a special file, a bad name or a second spelling of a name).
   */
  @SuppressWarnings("unchecked")
  List<ScannedFile> watchedScan(List<BadFile> bad, Set<String> changedIds)
      throws DataException {
    Set<Path> changed = watch.changes();
    java.util.TreeMap<String, ScannedFile> listing = (java.util.TreeMap<String, ScannedFile>) watch.listing();
    if (changed != null && listing != null) {
      watch.dropListing(); // until it is up to date again
      List<Path> paths = new ArrayList<>(changed);
      Collections.sort(paths);
      boolean applied = true;
      for (Path p : paths) {
        if (!applyChange(listing, p, changedIds)) {
          applied = false;
          break;
        }
      }
      if (applied) {
        watch.walked(listing, false);
        return new ArrayList<>(listing.values());
      }
      changedIds.clear();
    }
    watch.beginWalk();
    List<ScannedFile> files = scan(bad);
    if (bad.isEmpty()) {
      java.util.TreeMap<String, ScannedFile> fresh = new java.util.TreeMap<>();
      files.forEach(f -> fresh.put(f.id(), f));
      watch.walked(fresh, true);
    } else {
      watch.walked(null, true);
    }
    return files;
  }

  /** Brings the listing up to date for one changed path; false if only a complete walk can. */
  private boolean applyChange(java.util.TreeMap<String, ScannedFile> listing, Path p, Set<String> changedIds) {
    String rel = relative(p);
    String id = Normalizer.normalize(rel, Normalizer.Form.NFC);
    ScannedFile old = listing.get(id);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || watch.isWatchedFolder(p)) {
        return false; // a broken link, or a folder gone
      }
      if (old != null && old.path().equals(p)) {
        listing.remove(id);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
    if (!a.isRegularFile() || idProblem(id) != null || (old != null && !old.path().equals(p))) {
      return false;
    }
    listing.put(id, new ScannedFile(id, p, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
    changedIds.add(id);
    return true;
  }

  /** Walks one top-level folder (runs on the pool). */
  private Walk walk(Path start, Object rootKey) throws DataException {
    Walk w = new Walk(new ArrayList<>(), new ArrayList<>());
    try {
      Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Recorder(w) {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (rootKey != null && rootKey.equals(attrs.fileKey())) {
            w.bad.add(new BadFile(relative(dir), LOOP));
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (!dir.equals(start) && dir.getFileName().toString().startsWith(".")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (watch != null) {
            watch.watchFolder(dir); // before the folder is listed: later changes are reported
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("cannot walk ingest folder", start.toString(), "a readable tree", e.toString(), e);
    }
    return w;
  }

  private static final String LOOP = "symbolic link loop: expected a tree, found a link back to an ancestor";

  /**
   * Why a link the walk could not follow leads nowhere: links that lead to each other (a cycle: the system
   * gives up resolving them) are a loop, not a broken link, and the message says which.
   */
  static String deadLinkProblem(Path link) {
    try {
      link.toRealPath();
      return "broken symbolic link: expected a readable target, found none";
    } catch (java.nio.file.NoSuchFileException e) {
      return "broken symbolic link: expected a readable target, found none";
    } catch (java.nio.file.FileSystemException e) {
      String reason = String.valueOf(e.getReason());
      if (reason.contains("levels of symbolic links") || reason.contains("ELOOP")) {
        return "symbolic link loop: expected a link to a file or folder, found links that lead back to each other";
      }
      return "broken symbolic link: expected a readable target, found " + reason;
    } catch (IOException e) {
      return "broken symbolic link: expected a readable target, found " + e;
    }
  }

  /** Records the files a walk visits, and its bad files, into a {@link Walk}. */
  private class Recorder extends SimpleFileVisitor<Path> {
    private final Walk w;

    Recorder(Walk w) {
      this.w = w;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (file.getFileName().toString().startsWith(".")) {
        return FileVisitResult.CONTINUE;
      }
      String rel = relative(file);
      if (attrs.isSymbolicLink()) {
        w.bad.add(new BadFile(rel, deadLinkProblem(file)));
      } else if (!attrs.isRegularFile()) {
        w.bad.add(new BadFile(rel, "not a regular file: expected a file, found a special file (device, FIFO or socket)"));
      } else {
        String id = Normalizer.normalize(rel, Normalizer.Form.NFC);
        String problem = idProblem(id);
        if (problem != null) {
          w.bad.add(new BadFile(rel, problem));
        } else {
          w.files.add(new ScannedFile(id, file, attrs.size(), attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
        }
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      w.bad.add(new BadFile(relative(file), e instanceof FileSystemLoopException ? LOOP
          : "unreadable: expected a readable file or folder, found " + e));
      return FileVisitResult.CONTINUE;
    }
  }

  String relative(Path file) {
    String f = file.toString();
    String r = root.toString();
    if (f.startsWith(r) && f.length() > r.length() + 1 && f.charAt(r.length()) == java.io.File.separatorChar) {
      String rel = f.substring(r.length() + 1);
      return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.length() == 0 ? file.toString() : sb.toString();
  }

  static String idProblem(String id) {
    if (id.length() > 1024) {
      return "path too long for a record id: expected at most 1024 characters, found " + id.length();
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        return "control character in name: expected printable characters, found U+"
            + String.format("%04X", (int) id.charAt(i)) + " at index " + i;
      }
      if (Character.isSurrogate(id.charAt(i))
          && !(Character.isHighSurrogate(id.charAt(i)) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1)))
          && !(Character.isLowSurrogate(id.charAt(i)) && i > 0 && Character.isHighSurrogate(id.charAt(i - 1)))) {
        return "name is not valid Unicode: found an unpaired surrogate at index " + i;
      }
    }
    return null;
  }
}
