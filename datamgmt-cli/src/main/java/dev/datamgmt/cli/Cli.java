package dev.datamgmt.cli;

import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.storage.fs.FileSystemBlobStore;
import dev.datamgmt.storage.ingest.BadFile;
import dev.datamgmt.storage.ingest.DirectoryIngest;
import dev.datamgmt.storage.ingest.DirectoryWatch;
import dev.datamgmt.storage.ingest.IngestResult;
import dev.datamgmt.storage.repo.Commit;
import dev.datamgmt.storage.repo.Diff;
import dev.datamgmt.storage.repo.FsckReport;
import dev.datamgmt.storage.repo.GcReport;
import dev.datamgmt.storage.repo.Repository;
import dev.datamgmt.storage.s3.S3BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The commands of {@link Datamgmt}, run in this JVM: by the client itself, or by a {@link CliServer}.
 *
 * <p>The arguments are parsed by picocli: one annotated class per command (its typed options and arguments are
 * its fields), {@code --help} on every command, usage errors with status {@value #USAGE} and a message that
 * says what was expected, and a bash completion script generated from the same model ({@code datamgmt
 * completion}). A {@link CommandLine}'s command objects hold one run's arguments, so a command line runs one
 * command at a time; a server runs several at once, each on a command line of its own from a small pool.
 */
final class Cli {
  private Cli() {}

  /** Exit statuses. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

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
    CommandLine cl = PARSERS.poll();
    if (cl == null) {
      cl = commandLine(new TopCommand());
    }
    TopCommand top = cl.getCommand();
    top.bind(cwd, out, err, session);
    PrintWriter o = writer(out);
    PrintWriter e = writer(err);
    try {
      return cl.setOut(o).setErr(e).execute(args.toArray(String[]::new));
    } finally {
      o.flush();
      e.flush();
      top.bind(null, null, null, null);
      if (PARSERS.size() < POOLED_PARSERS) {
        PARSERS.push(cl);
      }
    }
  }

  /**
   * Command lines ready for reuse. Building one costs ~3 ms even in a warm JVM (reflection over the annotated
   * commands), as much as a server's whole answer to a small command; picocli resets every option and argument to
   * its initial value before it parses, so a command line can run one command after another, one at a time.
   */
  private static final ConcurrentLinkedDeque<CommandLine> PARSERS = new ConcurrentLinkedDeque<>();

  /** How many idle command lines are kept: more than a server runs at once in practice. */
  static final int POOLED_PARSERS = 8;

  /** The command line of {@code root}, with this tool's error handling and no colours (the same output anywhere). */
  static CommandLine commandLine(TopCommand root) {
    CommandLine cl = new CommandLine(root);
    // an argument is what the user typed: "@notes.txt" is not the contents of a file (picocli's @-files), which a
    // server would read from its own working directory
    cl.setExpandAtFiles(false);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler(Cli::executionError);
    return cl;
  }

  /** A writer that passes everything straight on to {@code s} (in its encoding, in order with direct prints). */
  private static PrintWriter writer(PrintStream s) {
    return new PrintWriter(new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        s.print(new String(cbuf, off, len));
      }

      @Override
      public void flush() {
        s.flush();
      }

      @Override
      public void close() {
        s.flush();
      }
    }, true);
  }

  // ---- errors --------------------------------------------------------------------------------------------

  /** A usage error: the message, then the usage of the command it concerns; status 2. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("datamgmt: " + describe(e));
    printShortUsage(cl, err);
    return USAGE;
  }

  /** The synopsis of {@code cl}'s command (and the list of commands for the top one) and where to read more. */
  private static void printShortUsage(CommandLine cl, PrintWriter err) {
    CommandLine.Help help = cl.getHelp();
    err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
    if (cl.getParent() == null) {
      err.print(help.commandListHeading() + help.commandList());
    }
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
  }

  /** A usage error's message: what was expected and what was found, in the words of this tool. */
  static String describe(ParameterException e) {
    CommandLine cl = e.getCommandLine();
    String name = cl.getCommandName();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (first.startsWith("-") && first.length() > 1) {
        String owner = ownerOf(cl.getCommandSpec().root(), first.split("=", 2)[0]);
        if (owner != null && !owner.equals(name)) {
          return "option " + first + " does not apply to '" + name + "' (it is an option of '" + owner + "')";
        }
        return "unknown option " + first + suggestion(u);
      }
      if (cl.getParent() == null) {
        return "unknown command '" + first + "'" + suggestion(u);
      }
      return "unexpected argument '" + first + "': expected " + expected(cl.getCommandSpec()) + " ("
          + positionals(cl.getCommandSpec()) + ")";
    }
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      ArgSpec missing = m.getMissing().get(0);
      if (missing instanceof OptionSpec o) {
        String label = o.paramLabel();
        String noun = label.replaceAll("[<>]", "");
        String article = "aeiou".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ";
        return name + " needs " + article + noun + ": " + o.shortestName() + " " + label;
      }
      if (missing instanceof PositionalParamSpec p) {
        return "missing argument " + p.paramLabel() + ": expected " + expected(cl.getCommandSpec()) + ", found "
            + p.index().min();
      }
    }
    if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() != null) {
      return (e.getArgSpec() instanceof OptionSpec o ? "option " + o.shortestName()
          : "argument " + e.getArgSpec().paramLabel()) + ": " + t.getMessage();
    }
    return e.getMessage();
  }

  /** The name of the command that has the option {@code name}, or null. */
  private static String ownerOf(CommandSpec spec, String name) {
    if (spec.findOption(name) != null) {
      return spec.name();
    }
    for (CommandLine sub : spec.subcommands().values()) {
      String owner = ownerOf(sub.getCommandSpec(), name);
      if (owner != null) {
        return owner;
      }
    }
    return null;
  }

  /** A close name (picocli's suggestion, when it starts as the mistyped one does), or nothing. */
  private static String suggestion(UnmatchedArgumentException u) {
    String given = u.getUnmatched().get(0).replaceFirst("^-+", "");
    for (String s : u.getSuggestions()) {
      String name = s.replaceFirst("^-+", "");
      if (!given.isEmpty() && !name.isEmpty() && name.charAt(0) == given.charAt(0)) {
        return " (did you mean '" + s + "'?)";
      }
    }
    return "";
  }

  /** "3 argument(s)" or "1 to 2 argument(s)": how many arguments the command takes. */
  private static String expected(CommandSpec spec) {
    long min = spec.positionalParameters().stream().filter(p -> p.arity().min() > 0).count();
    long max = spec.positionalParameters().size();
    return (min == max ? Long.toString(min) : min + " to " + max) + " argument(s)";
  }

  private static String positionals(CommandSpec spec) {
    return spec.positionalParameters().isEmpty() ? "none"
        : String.join(" ", spec.positionalParameters().stream().map(p -> p.arity().min() > 0 ? p.paramLabel()
            : "[" + p.paramLabel() + "]").toList());
  }

  /** A failed command: a data or storage problem is status 1, a bad argument found while running it status 2. */
  private static int executionError(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof DataException) {
      err.println("datamgmt: " + e.getMessage());
      return FAILED;
    }
    if (e instanceof IllegalArgumentException) {
      err.println("datamgmt: " + e.getMessage());
      printShortUsage(cl, err);
      return USAGE;
    }
    err.println("datamgmt: internal error: " + e);
    e.printStackTrace(err);
    return FAILED;
  }

  // ---- the commands -----------------------------------------------------------------------------------

  private static final String STORE = "A folder (file: prefix optional) or s3://bucket[/prefix].";

  /** {@code -h, --help} for the commands (the top command has {@code --version} too). */
  static final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
  }

  /** The version of this build, from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"datamgmt " + (v != null ? v : "(development build)")};
    }
  }

  /** A whole number >= 0 (counts, hours, minutes). */
  static final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("expected a whole number >= 0, found '" + value + "'");
    }
  }

  /** The top command: what a run shares (working directory, output, session) and the list of commands. */
  @Command(name = "datamgmt", mixinStandardHelpOptions = true, versionProvider = Version.class,
      synopsisSubcommandLabel = "<command>",
      description = "Versioned datasets from a shell: commit folders to a repository on a folder or on S3, "
          + "read their history, check and clean the repository.",
      subcommands = {InitCommand.class, CommitCommand.class, LogCommand.class, DiffCommand.class,
          FsckCommand.class, GcCommand.class, ServeCommand.class, StatusCommand.class, StopCommand.class,
          LauncherCommand.class, CompletionCommand.class, HelpCommand.class},
      commandListHeading = "%nCommands:%n",
      footerHeading = "%n",
      footer = {"<store>: a folder (file: prefix optional) or s3://bucket[/prefix] (endpoint from "
          + "DATAMGMT_S3_ENDPOINT, credentials from the AWS SDK's default chain).",
          "'datamgmt <command> --help' shows a command's options."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:done", "1:failed (the message says why)", "2:usage error"})
  static final class TopCommand implements Callable<Integer> {
    Path cwd;
    PrintStream out;
    PrintStream err;
    Session session;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-server", description = "Run the command in this process even when a server runs.")
    boolean noServer; // the client acts on it before parsing (Datamgmt.run); here it is only accepted

    /** Sets what the next command runs against (nulls once it is done: a pooled command line holds nothing). */
    void bind(Path cwd, PrintStream out, PrintStream err, Session session) {
      this.cwd = cwd;
      this.out = out;
      this.err = err;
      this.session = session;
    }

    /** No command: the usage, on stdout, and status 2. */
    @Override
    public Integer call() {
      spec.commandLine().usage(out, CommandLine.Help.Ansi.OFF);
      return USAGE;
    }

    Repository open(String store) throws DataException {
      return Repository.open(session.store(store, cwd));
    }
  }

  @Command(name = "init", description = "Create an empty repository in <store>.")
  static final class InitCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Override
    public Integer call() throws DataException {
      BlobStore s = top.session.store(store, top.cwd);
      Repository.init(s);
      top.out.println("initialized repository in " + s.describe());
      return OK;
    }
  }

  @Command(name = "commit", description = {"Commit the files under <dir> as the next version of a branch.",
      "Small files are packed; a re-commit hashes only files whose size or time changed (the stat cache "
          + "<dir>/" + DirectoryIngest.DEFAULT_STAT_CACHE + "), through a server only those that changed."})
  static final class CommitCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Parameters(index = "1", paramLabel = "<dir>", description = "The folder to commit.")
    Path dir;

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "<message>", description = "The commit message.")
    String message;

    @Option(names = "--branch", paramLabel = "<branch>", defaultValue = Repository.DEFAULT_BRANCH,
        description = "The branch to commit to (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--labels", paramLabel = "folders|none|<table>", defaultValue = "folders",
        description = {"Where labels come from: the name of each file's folder (default), none, or a label "
            + "table (.csv or .parquet: path, label)."})
    String labels;

    @Option(names = "--skip-bad", description = "Commit the readable files and report the others on stderr "
        + "(default: a bad file fails the commit).")
    boolean skipBad;

    @Override
    public Integer call() throws DataException {
      Repository repo = top.open(store);
      Path root = top.cwd.resolve(dir).normalize();
      DirectoryIngest.Builder b = DirectoryIngest.builder().setRoot(root);
      switch (labels) {
        case "folders" -> b.optImageFolderLabels();
        case "none" -> b.optNoLabels();
        default -> b.optLabelTable(top.cwd.resolve(labels));
      }
      if (skipBad) {
        b.optOnBadFile(DirectoryIngest.OnBadFile.SKIP);
      }
      DirectoryWatch watch = top.session.watch(root);
      if (watch != null) {
        b.optWatch(watch);
      }
      long t0 = System.nanoTime();
      IngestResult r = b.build().commit(repo.commit(branch).setMessage(message).optAuthor(author()));
      top.out.printf("[%s %s] %s%n", branch, r.version().id().hex().substring(0, 12), message);
      top.out.printf(" %s; %s hashed (%s), %d from cache; %.3f s%n", count(r.version().size(), "record"),
          count(r.filesHashed(), "file"), count(r.bytesHashed(), "byte"), r.filesFromCache(),
          (System.nanoTime() - t0) / 1e9);
      for (BadFile bad : r.badFiles()) {
        top.err.println("skipped " + bad);
      }
      return OK;
    }

    private static String author() {
      String user = System.getenv("DATAMGMT_AUTHOR");
      return user != null && !user.isEmpty() ? user : System.getProperty("user.name");
    }
  }

  @Command(name = "log", description = "Show the commits reachable from <rev>, newest first.")
  static final class LogCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<rev>", defaultValue = Repository.DEFAULT_BRANCH,
        description = "A branch, a tag or a commit id (or a unique prefix), optionally with ~n (default: "
            + "${DEFAULT-VALUE}).")
    String rev;

    @Option(names = "-n", paramLabel = "<count>", converter = WholeNumber.class,
        description = "Show at most <count> commits.")
    Integer limit;

    @Option(names = "--oneline", description = "One line per commit: its short id and message.")
    boolean oneline;

    @Override
    public Integer call() throws DataException {
      Repository repo = top.open(store);
      PrintStream out = top.out;
      for (Commit c : repo.log(rev, limit == null ? Integer.MAX_VALUE : limit)) {
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
      return OK;
    }
  }

  @Command(name = "diff", description = {"Show the records added, removed and changed between two versions.",
      "A added, D removed, M content changed, L label changed, ML both."})
  static final class DiffCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Parameters(index = "1", paramLabel = "<rev a>", description = "The older version.")
    String a;

    @Parameters(index = "2", paramLabel = "<rev b>", description = "The newer version.")
    String b;

    @Option(names = "--stat", description = "Only the counts.")
    boolean stat;

    @Override
    public Integer call() throws DataException {
      Diff d = top.open(store).diff(a, b);
      PrintStream out = top.out;
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
      return OK;
    }
  }

  @Command(name = "fsck", description = {"Check the repository's objects against their hashes, and its references.",
      "Exit status 1 when a problem is found."})
  static final class FsckCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Override
    public Integer call() throws DataException {
      FsckReport r = top.open(store).fsck();
      for (FsckReport.Problem p : r.problems()) {
        top.out.println(p.kind() + "\t" + p.key() + "\t" + p.detail());
      }
      top.out.printf("%s, %s, %s, %s (%s) checked: %s%n", count(r.refEntries(), "ref entry"),
          count(r.commits(), "commit"), count(r.manifests(), "manifest"), count(r.blobs(), "blob"),
          count(r.bytes(), "byte"), r.isClean() ? "clean" : count(r.problems().size(), "problem"));
      return r.isClean() ? OK : FAILED;
    }
  }

  @Command(name = "gc", description = "Delete the objects no commit reaches and repack sparse packs.")
  static final class GcCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "<store>", description = STORE)
    String store;

    @Option(names = "--grace-hours", paramLabel = "<hours>", defaultValue = "24", converter = WholeNumber.class,
        description = "Keep unreachable objects younger than this, which a commit running now may still "
            + "reference (default: ${DEFAULT-VALUE}).")
    int hours;

    @Override
    public Integer call() throws DataException {
      GcReport r = top.open(store).gc(Duration.ofHours(hours));
      top.out.printf("reachable: %s, %s, %s; deleted %s (%s), kept %d young, repacked %d%n",
          count(r.reachableCommits(), "commit"), count(r.reachableManifests(), "manifest"),
          count(r.reachableBlobs(), "blob"), count(r.deleted(), "object"), count(r.deletedBytes(), "byte"),
          r.keptYoung(), r.repacked());
      return OK;
    }
  }

  @Command(name = "serve", description = {"Keep a warm server for this user (in the foreground).",
      "Commands from the launcher or the Java client then run in it: stores stay open and committed folders are "
          + "watched, so a re-commit looks only at what changed. It stops on 'datamgmt stop' or when idle."})
  static final class ServeCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Option(names = "--idle-minutes", paramLabel = "<minutes>", defaultValue = "180",
        converter = WholeNumber.class, description = "Stop after this long without requests (default: "
            + "${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--no-warm-up", description = "Do not run the commands on a generated folder first "
        + "(the warm-up compiles their code before the first request).")
    boolean noWarmUp;

    @Override
    public Integer call() {
      return CliServer.serve(Datamgmt.defaultSocket(), Duration.ofMinutes(Math.max(1, minutes)), !noWarmUp,
          top.out, top.err);
    }
  }

  @Command(name = "status", description = "Show the server's state: socket, port, open stores and watches.")
  static final class StatusCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Override
    public Integer call() {
      String s = top.session.status();
      if (s == null) {
        top.err.println("datamgmt: no server is running at " + Datamgmt.defaultSocket());
        return FAILED;
      }
      top.out.print(s);
      return OK;
    }
  }

  @Command(name = "stop", description = "Stop the server once the commands it is running are done.")
  static final class StopCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Override
    public Integer call() {
      if (!top.session.stop()) {
        top.err.println("datamgmt: no server is running at " + Datamgmt.defaultSocket());
        return FAILED;
      }
      top.out.println("server stopping");
      return OK;
    }
  }

  @Command(name = "launcher", description = {"Print the shell launcher, to save on your PATH.",
      "  datamgmt launcher > ~/bin/datamgmt && chmod +x ~/bin/datamgmt"})
  static final class LauncherCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Override
    public Integer call() {
      try (InputStream in = Cli.class.getResourceAsStream(LAUNCHER_RESOURCE)) {
        if (in == null) {
          top.err.println("datamgmt: the launcher is missing from this build: expected the resource "
              + Cli.class.getPackageName().replace('.', '/') + "/" + LAUNCHER_RESOURCE + " on the class path");
          return FAILED;
        }
        in.transferTo(top.out);
      } catch (IOException e) {
        top.err.println("datamgmt: cannot read the launcher: " + e);
        return FAILED;
      }
      return OK;
    }
  }

  @Command(name = "completion", description = {"Print a bash completion script for the commands and options.",
      "In ~/.bashrc:", "  source <(datamgmt completion)"})
  static final class CompletionCommand implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Mixin HelpOption help;

    @Override
    public Integer call() {
      top.out.print(AutoComplete.bash("datamgmt", top.spec.commandLine()));
      return OK;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------

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
}
