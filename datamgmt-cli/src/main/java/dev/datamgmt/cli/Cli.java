package dev.datamgmt.cli;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.GcReport;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.ingest.BadFile;
import dev.datamgmt.storage.ingest.DirectoryIngest;
import dev.datamgmt.storage.ingest.DirectoryWatch;
import dev.datamgmt.storage.ingest.IngestResult;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.s3.S3BlobStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The commands of {@link Datamgmt}, run in this JVM: by the client itself, or by a {@link CliServer}. */
final class Cli {
  private Cli() {}

  /** Exit statuses. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT = """
      usage: datamgmt [--no-server] <command> ...
        init   <store>
        commit <store> <dir> -m <message> [--branch main] [--labels folders|none|<table.csv|.parquet>] [--skip-bad]
        log    <store> [<rev>] [-n <count>] [--oneline]
        diff   <store> <rev a> <rev b> [--stat]
        fsck   <store>
        gc     <store> [--grace-hours 24]
        serve  [--idle-minutes 180] [--no-warm-up]
        status
        stop
        launcher                                 print the shell launcher, to save on your PATH
      <store>: a folder (file: prefix optional) or s3://bucket[/prefix] (endpoint from DATAMGMT_S3_ENDPOINT,
               credentials from the AWS SDK's default chain)""";

  /** The shell launcher ({@code src/main/sh/datamgmt}), packed beside this class. */
  static final String LAUNCHER_RESOURCE = "datamgmt";

  /** What a command runs against: stores and ingest watches, kept open by a server, or opened per command. */
  interface Session {
    /** The store a spec names (see {@link Datamgmt}), relative folders resolved against {@code cwd}. */
    BlobStore store(String spec, Path cwd) throws DataException;

    /** A watch of an ingest root kept between commands, or null when commands do not outlive the process. */
    DirectoryWatch watch(Path root);

    /** The server's state, for {@code status}; null without a server. */
    String status();

    /** Asks the server to stop after answering; false without a server. */
    boolean stop();
  }

  /** Usage errors: a message, exit status 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Runs one command; {@code session} null runs it with stores opened for this command only.
   *
   * @return the exit status
   */
  static int run(List<String> args, Path cwd, PrintStream out, PrintStream err, Session session) {
    if (session == null) {
      try (Resources s = new Resources(false)) {
        return run(args, cwd, out, err, s);
      }
    }
    try {
      if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
        out.println(USAGE_TEXT);
        return args.isEmpty() ? USAGE : OK;
      }
      Args a = new Args(args.subList(1, args.size()));
      switch (args.get(0)) {
        case "init" -> init(a, cwd, out, session);
        case "commit" -> commit(a, cwd, out, err, session);
        case "log" -> log(a, cwd, out, session);
        case "diff" -> diff(a, cwd, out, session);
        case "fsck" -> {
          return fsck(a, cwd, out, session);
        }
        case "gc" -> gc(a, cwd, out, session);
        case "serve" -> {
          int minutes = a.intOption("--idle-minutes", 180);
          boolean warmUp = !a.flag("--no-warm-up");
          a.done(0, 0);
          return CliServer.serve(Datamgmt.defaultSocket(), Duration.ofMinutes(Math.max(1, minutes)), warmUp, out, err);
        }
        case "launcher" -> {
          a.done(0, 0);
          try (java.io.InputStream in = Cli.class.getResourceAsStream(LAUNCHER_RESOURCE)) {
            if (in == null) {
              err.println("datamgmt: the launcher is missing from this build: expected the resource "
                  + Cli.class.getPackageName().replace('.', '/') + "/" + LAUNCHER_RESOURCE + " on the class path");
              return FAILED;
            }
            in.transferTo(out);
          } catch (java.io.IOException e) {
            err.println("datamgmt: cannot read the launcher: " + e);
            return FAILED;
          }
        }
        case "status" -> {
          a.done(0, 0);
          String s = session.status();
          if (s == null) {
            err.println("datamgmt: no server is running at " + Datamgmt.defaultSocket());
            return FAILED;
          }
          out.print(s);
        }
        case "stop" -> {
          a.done(0, 0);
          if (!session.stop()) {
            err.println("datamgmt: no server is running at " + Datamgmt.defaultSocket());
            return FAILED;
          }
          out.println("server stopping");
        }
        default -> throw new UsageException("unknown command '" + args.get(0) + "'");
      }
      return OK;
    } catch (UsageException | IllegalArgumentException e) {
      err.println("datamgmt: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    } catch (DataException e) {
      err.println("datamgmt: " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      err.println("datamgmt: internal error: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  private static Repository open(Args a, Path cwd, Session session) throws DataException, UsageException {
    return Repository.open(session.store(a.positional(0, "<store>"), cwd));
  }

  private static void init(Args a, Path cwd, PrintStream out, Session session) throws DataException, UsageException {
    a.done(1, 1);
    BlobStore store = session.store(a.positional(0, "<store>"), cwd);
    Repository.init(store);
    out.println("initialized repository in " + store.describe());
  }

  private static void commit(Args a, Path cwd, PrintStream out, PrintStream err, Session session)
      throws DataException, UsageException {
    String message = a.option("-m", null);
    if (message == null) {
      throw new UsageException("commit needs a message: -m <message>");
    }
    String branch = a.option("--branch", Repository.DEFAULT_BRANCH);
    String labels = a.option("--labels", "folders");
    boolean skipBad = a.flag("--skip-bad");
    a.done(2, 2);
    Repository repo = open(a, cwd, session);
    Path root = cwd.resolve(a.positional(1, "<dir>")).normalize();
    DirectoryIngest.Builder b = DirectoryIngest.builder().setRoot(root);
    switch (labels) {
      case "folders" -> b.optImageFolderLabels();
      case "none" -> b.optNoLabels();
      default -> b.optLabelTable(cwd.resolve(labels));
    }
    if (skipBad) {
      b.optOnBadFile(DirectoryIngest.OnBadFile.SKIP);
    }
    DirectoryWatch watch = session.watch(root);
    if (watch != null) {
      b.optWatch(watch);
    }
    long t0 = System.nanoTime();
    IngestResult r = b.build().commit(repo.commit(branch).setMessage(message).optAuthor(author()));
    out.printf("[%s %s] %s%n", branch, r.version().id().hex().substring(0, 12), message);
    out.printf(" %s; %s hashed (%s), %d from cache; %.3f s%n", count(r.version().size(), "record"),
        count(r.filesHashed(), "file"), count(r.bytesHashed(), "byte"), r.filesFromCache(),
        (System.nanoTime() - t0) / 1e9);
    for (BadFile bad : r.badFiles()) {
      err.println("skipped " + bad);
    }
  }

  private static String author() {
    String user = System.getenv("DATAMGMT_AUTHOR");
    return user != null && !user.isEmpty() ? user : System.getProperty("user.name");
  }

  private static void log(Args a, Path cwd, PrintStream out, Session session) throws DataException, UsageException {
    int limit = a.intOption("-n", Integer.MAX_VALUE);
    boolean oneline = a.flag("--oneline");
    a.done(1, 2);
    Repository repo = open(a, cwd, session);
    String rev = a.positionalCount() > 1 ? a.positional(1, "<rev>") : Repository.DEFAULT_BRANCH;
    for (Commit c : repo.log(rev, limit)) {
      if (oneline) {
        out.println(c.id().hex().substring(0, 12) + " " + c.message());
        continue;
      }
      out.println("commit " + c.id().hex());
      if (c.parents().size() > 1) {
        StringBuilder sb = new StringBuilder("Merge:");
        c.parents().forEach(p -> sb.append(' ').append(p.hex(), 0, 12));
        out.println(sb);
      }
      out.println("Author:  " + c.author());
      out.println("Date:    " + DateTimeFormatter.ISO_INSTANT.format(c.time()));
      out.println("Records: " + c.recordCount());
      out.println();
      out.println("    " + c.message().replace("\n", "\n    "));
      out.println();
    }
  }

  private static void diff(Args a, Path cwd, PrintStream out, Session session) throws DataException, UsageException {
    boolean stat = a.flag("--stat");
    a.done(3, 3);
    Repository repo = open(a, cwd, session);
    Diff d = repo.diff(a.positional(1, "<rev a>"), a.positional(2, "<rev b>"));
    if (!stat) {
      for (Record r : d.added()) {
        out.println("A\t" + r.id());
      }
      for (Record r : d.removed()) {
        out.println("D\t" + r.id());
      }
      for (Diff.Change c : d.changed()) {
        out.println((c.labelChanged() ? (c.blobsChanged() ? "ML\t" : "L\t") : "M\t") + c.id());
      }
    }
    out.printf("%d added, %d removed, %d changed (%s)%n", d.added().size(), d.removed().size(),
        d.changed().size(), count(d.labelChanges().size(), "label change"));
  }

  private static int fsck(Args a, Path cwd, PrintStream out, Session session) throws DataException, UsageException {
    a.done(1, 1);
    FsckReport r = open(a, cwd, session).fsck();
    for (FsckReport.Problem p : r.problems()) {
      out.println(p.kind() + "\t" + p.key() + "\t" + p.detail());
    }
    out.printf("%s, %s, %s, %s (%s) checked: %s%n", count(r.refEntries(), "ref entry"), count(r.commits(), "commit"),
        count(r.manifests(), "manifest"), count(r.blobs(), "blob"), count(r.bytes(), "byte"),
        r.isClean() ? "clean" : count(r.problems().size(), "problem"));
    return r.isClean() ? OK : FAILED;
  }

  private static void gc(Args a, Path cwd, PrintStream out, Session session) throws DataException, UsageException {
    int hours = a.intOption("--grace-hours", 24);
    a.done(1, 1);
    GcReport r = open(a, cwd, session).gc(Duration.ofHours(hours));
    out.printf("reachable: %s, %s, %s; deleted %s (%s), kept %d young, repacked %d%n",
        count(r.reachableCommits(), "commit"), count(r.reachableManifests(), "manifest"),
        count(r.reachableBlobs(), "blob"), count(r.deleted(), "object"), count(r.deletedBytes(), "byte"),
        r.keptYoung(), r.repacked());
  }

  /** {@code n} and the noun, plural unless {@code n} is 1: "1 file", "2 files", "3 ref entries". */
  static String count(long n, String noun) {
    if (n == 1) {
      return "1 " + noun;
    }
    return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
  }

  /** Opens a store from its spec. */
  static BlobStore openStore(String spec, Path cwd) throws DataException {
    if (spec.startsWith("s3://")) {
      String rest = spec.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException("store " + spec + ": expected s3://bucket[/prefix], found no bucket");
      }
      S3BlobStore.Builder b = S3BlobStore.builder().setBucket(bucket);
      if (slash >= 0 && slash + 1 < rest.length()) {
        b.optPrefix(rest.substring(slash + 1));
      }
      String endpoint = System.getProperty("datamgmt.s3.endpoint", System.getenv("DATAMGMT_S3_ENDPOINT"));
      if (endpoint != null && !endpoint.isEmpty()) {
        b.optEndpoint(URI.create(endpoint)).optPathStyle(true);
      }
      return b.build();
    }
    return FileSystemBlobStore.builder().setRoot(storePath(spec, cwd)).build();
  }

  /** A folder store's absolute path. */
  static Path storePath(String spec, Path cwd) {
    return cwd.resolve(spec.startsWith("file:") ? spec.substring(5) : spec).normalize();
  }

  /** A command's arguments: positional ones, {@code -x value} options and flags. */
  static final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final java.util.Set<String> used = new java.util.HashSet<>();
    private static final List<String> TAKES_VALUE = List.of("-m", "--branch", "--labels", "-n", "--grace-hours",
        "--idle-minutes");

    Args(List<String> args) throws UsageException {
      for (int i = 0; i < args.size(); i++) {
        String s = args.get(i);
        if (TAKES_VALUE.contains(s)) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + s + " needs a value");
          }
          options.put(s, args.get(++i));
        } else if (s.startsWith("-") && s.length() > 1) {
          flags.add(s);
        } else {
          positional.add(s);
        }
      }
    }

    String option(String name, String dflt) {
      used.add(name);
      return options.getOrDefault(name, dflt);
    }

    int intOption(String name, int dflt) throws UsageException {
      String v = option(name, null);
      if (v == null) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new UsageException("option " + name + ": expected a whole number >= 0, found '" + v + "'");
      }
    }

    boolean flag(String name) {
      return flags.remove(name);
    }

    int positionalCount() {
      return positional.size();
    }

    String positional(int i, String what) throws UsageException {
      if (i >= positional.size()) {
        throw new UsageException("missing argument " + what);
      }
      return positional.get(i);
    }

    /** Checks the positional count and that every option and flag was understood. */
    void done(int min, int max) throws UsageException {
      if (!flags.isEmpty()) {
        throw new UsageException("unknown option " + flags.get(0));
      }
      for (String o : options.keySet()) {
        if (!used.contains(o)) {
          throw new UsageException("option " + o + " does not apply to this command");
        }
      }
      if (positional.size() < min || positional.size() > max) {
        throw new UsageException("expected " + (min == max ? min : min + " to " + max) + " argument(s), found "
            + positional.size() + " " + positional);
      }
    }
  }
}
