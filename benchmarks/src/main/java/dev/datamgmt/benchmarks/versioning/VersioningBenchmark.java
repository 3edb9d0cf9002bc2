package dev.datamgmt.benchmarks.versioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whole-process versioning benchmark (issue 4), ours and the peers side by side in one run:
 *
 * <ol>
 *   <li>first commit of the corpus ({@link VersioningCli} in a fresh JVM) vs {@code sha256sum} over all files
 *       (one core) vs git-lfs ({@code git lfs track}, {@code git add -A}, {@code git commit});
 *   <li>committing a one-file change, ours vs git-lfs ({@code git add -A && git commit});
 *   <li>log and diff of the two versions (20,000+ records), ours vs {@code git log} + {@code git diff --stat};
 *   <li>with {@code --s3}, the same first commit into S3Proxy on loopback (started in this JVM, as a server the
 *       child process talks to over HTTP), vs the local first commit.
 * </ol>
 *
 * Every figure is the median of {@code --repeats} runs; the page cache is warm for everyone (the corpus is read
 * once before timing). Arguments: {@code --work <dir>} (default {@code /tmp/datamgmt-bench-versioning}),
 * {@code --small 20000 --big 50 --repeats 3 --s3 --nofsync --keep --cds --aot --java <java home> --c1 --cli-jit --server}
 * ({@code --cds}: child JVMs use an AppCDS archive; {@code --aot}: an AOT cache instead (JDK 24+, with
 * {@code --java} naming such a JDK for the child JVMs); {@code --c1}: child JVMs compile with C1 only; {@code --cli-jit}: child JVMs run with
 * {@link VersioningCli#CLI_JIT_FLAGS}, C2 for SHA-256 only; {@code --server}: the three operations again with the
 * {@code datamgmt} command line as thin clients of a resident {@code datamgmt serve}, started once and timed
 * apart, see {@link #serverSeries}).
 */
public final class VersioningBenchmark {
  private VersioningBenchmark() {}

  record Options(Path work, int small, int big, int repeats, boolean s3, boolean nofsync, boolean keep, boolean cds,
      boolean c1, boolean cliJit, boolean aot, String java, boolean server) {
    Options(Path work, int small, int big, int repeats, boolean s3, boolean nofsync, boolean keep) {
      this(work, small, big, repeats, s3, nofsync, keep, false, false, false, false, null, false);
    }

    Options withServer() {
      return new Options(work, small, big, repeats, s3, nofsync, keep, cds, c1, cliJit, aot, java, true);
    }

    static Options parse(String[] args) {
      Path work = Path.of("/tmp/datamgmt-bench-versioning");
      int small = 20_000;
      int big = 50;
      int repeats = 3;
      boolean s3 = false;
      boolean nofsync = false;
      boolean keep = false;
      boolean cds = false;
      boolean c1 = false;
      boolean cliJit = false;
      boolean aot = false;
      String java = null;
      boolean server = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--work" -> work = Path.of(args[++i]);
          case "--small" -> small = Integer.parseInt(args[++i]);
          case "--big" -> big = Integer.parseInt(args[++i]);
          case "--repeats" -> repeats = Integer.parseInt(args[++i]);
          case "--s3" -> s3 = true;
          case "--nofsync" -> nofsync = true;
          case "--keep" -> keep = true;
          case "--cds" -> cds = true;
          case "--c1" -> c1 = true;
          case "--cli-jit" -> cliJit = true;
          case "--aot" -> aot = true;
          case "--java" -> java = args[++i];
          case "--server" -> server = true;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Options(work, small, big, repeats, s3, nofsync, keep, cds, c1, cliJit, aot, java, server);
    }
  }

  /** A finished process: wall time and output. */
  record Run(double seconds, String output) {}

  static Run run(Path dir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
    }
    return new Run(s, text);
  }

  static Run bash(Path dir, String script) throws IOException, InterruptedException {
    return run(dir, GIT_ENV, List.of("bash", "-c", "set -e; " + script));
  }

  static final Map<String, String> GIT_ENV = Map.of(
      "GIT_AUTHOR_NAME", "bench", "GIT_AUTHOR_EMAIL", "bench@example.com",
      "GIT_COMMITTER_NAME", "bench", "GIT_COMMITTER_EMAIL", "bench@example.com",
      "GIT_CONFIG_NOSYSTEM", "1", "HOME", "/tmp");

  /** JVM options for the timed child processes (an AppCDS archive with {@code --cds}). */
  static final List<String> CHILD_JVM = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseParallelGC"));

  /** The java launcher of the child processes ({@code --java}; default: the one running the benchmark). */
  static String childJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** The child processes' class path (class directories packed into jars with {@code --cds}: CDS needs jars). */
  static String childClassPath = System.getProperty("java.class.path");

  /** The command line of a fresh JVM running {@link VersioningCli}. */
  static List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of(childJava));
    cmd.addAll(CHILD_JVM);
    cmd.addAll(List.of("-cp", childClassPath, VersioningCli.class.getName()));
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  static void jarDirectory(Path dir, Path jar) throws IOException {
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(dir.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  /**
   * Records the classes a commit and a diff load into an AppCDS archive (JDK 13+ dynamic archiving), so the
   * timed processes map them instead of loading and verifying ~4,000 classes from jars: what a command-line
   * tool built on the library would ship.
   */
  static void prepareClassDataSharing(Path work, boolean aot) throws Exception {
    Path scratch = work.resolve("cds-scratch");
    Corpus.generate(scratch.resolve("corpus"), 50, 0, 1);
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        Path module = p.getParent() == null ? null : p.getParent().getParent(); // <module>/target/classes
        Path jar = work.resolve("cds-classes-" + n++ + (module == null ? "" : "-" + module.getFileName()) + ".jar");
        jarDirectory(p, jar);
        entries.add(jar.toString());
      } else {
        entries.add(entry);
      }
    }
    childClassPath = String.join(java.io.File.pathSeparator, entries);
    Path archive = work.resolve(aot ? "versioning-cli.aot" : "versioning-cli.jsa");
    List<String> cmd = new ArrayList<>(List.of(childJava));
    cmd.addAll(CHILD_JVM);
    // JDK 24+ (JEP 483/515): an AOT cache holds the classes loaded and linked, and method profiles
    cmd.add(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
    cmd.addAll(List.of("-cp", childClassPath, VersioningCli.class.getName(), "train",
        "file:" + scratch.resolve("repo"), scratch.resolve("corpus").toString()));
    run(work, Map.of(), cmd);
    CHILD_JVM.add(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
    deleteTree(scratch);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  static String resultField(String output, String field) {
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        for (String part : line.split(" ")) {
          if (part.startsWith(field + "=")) {
            return part.substring(field.length() + 1);
          }
        }
      }
    }
    throw new IllegalStateException("no " + field + " in output:\n" + output);
  }

  /** Runs the benchmark and returns the medians by name (seconds), for the smoke test. */
  public static Map<String, Double> runAll(Options o) throws Exception {
    Map<String, Double> med = new LinkedHashMap<>();
    Path work = o.work;
    deleteTree(work);
    Files.createDirectories(work);
    if (o.c1) {
      // short-lived processes: C1 only, no C2 compilations competing for the two cores
      CHILD_JVM.add("-XX:TieredStopAtLevel=1");
    }
    if (o.cliJit) {
      CHILD_JVM.addAll(VersioningCli.CLI_JIT_FLAGS);
    }
    if (o.java != null) {
      childJava = Path.of(o.java, "bin", "java").toString();
    }
    if (o.cds || o.aot) {
      prepareClassDataSharing(work, o.aot);
    }
    Path corpus = work.resolve("corpus");
    long t0 = System.nanoTime();
    long bytes = Corpus.generate(corpus, o.small, o.big, 20_26_11_21L);
    System.out.printf("corpus: %d small + %d x 4 MiB files, %.1f MB, generated in %.1f s, %d cores%n", o.small, o.big,
        bytes / 1e6, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
    // git-lfs gets its own tree of hard links to the same files (no copy, same page cache), so its .git and
    // .gitattributes never appear in the corpus the others read.
    Path gitTree = work.resolve("git-tree");
    bash(work, "cp -al corpus git-tree");
    String sha = "find corpus -type f -print0 | xargs -0 sha256sum > /dev/null";
    bash(work, sha); // warm the page cache
    String scheme = o.nofsync ? "file-nofsync:" : "file:";
    Path statCache = corpus.resolve(".datamgmt-stat-cache");

    List<Double> shaT = new ArrayList<>();
    List<Double> oursT = new ArrayList<>();
    List<Double> oursIn = new ArrayList<>();
    List<Double> lfsT = new ArrayList<>();
    for (int r = 0; r < o.repeats; r++) {
      shaT.add(bash(work, sha).seconds());
      Path repo = work.resolve("repo-" + r);
      Files.deleteIfExists(statCache);
      Run ours = run(work, Map.of(), cli("commit", scheme + repo, corpus.toString(), "first"));
      oursT.add(ours.seconds());
      oursIn.add(Double.parseDouble(resultField(ours.output(), "ms")) / 1000);
      bash(work, "rm -rf git-tree/.git git-tree/.gitattributes");
      lfsT.add(bash(gitTree, "git init -q . && git lfs install --local >/dev/null && git lfs track '*.bin' >/dev/null"
          + " && git add -A && git commit -q -m first").seconds());
      if (r > 0) {
        deleteTree(repo);
      }
    }
    med.put("sha256sum", median(shaT));
    med.put("first commit", median(oursT));
    med.put("first commit (in-process)", median(oursIn));
    med.put("git-lfs first commit", median(lfsT));

    Path repo = work.resolve("repo-0");
    List<Double> oneT = new ArrayList<>();
    List<Double> oneIn = new ArrayList<>();
    List<Double> lfsOneT = new ArrayList<>();
    List<Double> diffT = new ArrayList<>();
    List<Double> diffIn = new ArrayList<>();
    List<Double> gitDiffT = new ArrayList<>();
    for (int r = 0; r < o.repeats; r++) {
      String changed = Corpus.smallPath(7 + r);
      byte[] content = ("changed in round " + r + " ").repeat(40).getBytes(StandardCharsets.UTF_8);
      Files.write(corpus.resolve(changed), content); // git-tree shares the inode: both see the change
      String before = resultField(run(work, Map.of(), cli("diff", scheme + repo, "main", "main")).output(), "records");
      Run one = run(work, Map.of(), cli("commit", scheme + repo, corpus.toString(), "one file " + r));
      if (!resultField(one.output(), "hashed").equals("1")) {
        throw new IllegalStateException("incremental commit re-hashed more than the changed file:\n" + one.output());
      }
      oneT.add(one.seconds());
      oneIn.add(Double.parseDouble(resultField(one.output(), "ms")) / 1000);
      lfsOneT.add(bash(gitTree, "git add -A && git commit -q -m 'one file'").seconds());
      Run d = run(work, Map.of(), cli("diff", scheme + repo, "main~", "main"));
      diffT.add(d.seconds());
      diffIn.add(Double.parseDouble(resultField(d.output(), "ms")) / 1000);
      if (!resultField(d.output(), "changed").equals("1") || !before.equals(resultField(d.output(), "records"))) {
        throw new IllegalStateException("diff should show exactly one changed record:\n" + d.output());
      }
      gitDiffT.add(bash(gitTree, "git log --oneline > /dev/null && git diff --stat HEAD~1 HEAD > /dev/null").seconds());
    }
    // The same two operations inside one long-lived JVM, as an application embedding the library runs them:
    // class loading and JIT warm-up are paid once, before timing.
    List<Double> warmOne = new ArrayList<>();
    List<Double> warmDiff = new ArrayList<>();
    try (dev.datamgmt.core.blob.BlobStore store = VersioningCli.open(scheme + repo)) {
      dev.datamgmt.storage.repo.Repository r = dev.datamgmt.storage.repo.Repository.open(store);
      for (int round = 0; round < o.repeats + 2; round++) {
        Files.write(corpus.resolve(Corpus.smallPath((1000 + round) % o.small)),
            ("warm round " + round).getBytes(StandardCharsets.UTF_8));
        long a = System.nanoTime();
        dev.datamgmt.storage.ingest.IngestResult res = dev.datamgmt.storage.ingest.DirectoryIngest.builder()
            .setRoot(corpus).build().commit(r.commit("main").setMessage("warm " + round));
        long b = System.nanoTime();
        // a fresh Repository object: nothing cached, both manifests are read (the JIT is warm)
        dev.datamgmt.storage.repo.Repository fresh = dev.datamgmt.storage.repo.Repository.open(store);
        fresh.log("main");
        dev.datamgmt.storage.repo.Diff d = fresh.diff("main~", "main");
        long c = System.nanoTime();
        if (res.filesHashed() != 1 || d.changed().size() != 1) {
          throw new IllegalStateException("in-process round " + round + ": hashed " + res.filesHashed() + ", " + d);
        }
        if (round >= 2) {
          warmOne.add((b - a) / 1e9);
          warmDiff.add((c - b) / 1e9);
        }
      }
    }
    // The first commit from the warm JVM too (a fresh repository each time, no stat cache), beside sha256sum in
    // the same rounds: what an application that embeds the library pays for a first commit, start-up aside.
    List<Double> warmFirst = new ArrayList<>();
    List<Double> warmSha = new ArrayList<>();
    for (int k = 0; k < o.repeats; k++) {
      warmSha.add(bash(work, sha).seconds());
      Path fresh = work.resolve("warm-first-" + k);
      try (dev.datamgmt.core.blob.BlobStore store = VersioningCli.open(scheme + fresh)) {
        dev.datamgmt.storage.repo.Repository r = dev.datamgmt.storage.repo.Repository.init(store);
        long a = System.nanoTime();
        dev.datamgmt.storage.ingest.IngestResult res = dev.datamgmt.storage.ingest.DirectoryIngest.builder()
            .setRoot(corpus).optNoStatCache().build().commit(r.commit("main").setMessage("first, warm"));
        warmFirst.add((System.nanoTime() - a) / 1e9);
        if (res.filesHashed() != o.small + o.big) {
          throw new IllegalStateException("warm first commit hashed " + res.filesHashed() + " files");
        }
      }
      deleteTree(fresh);
    }
    med.put("first commit (warm JVM)", median(warmFirst));
    med.put("sha256sum (beside warm JVM)", median(warmSha));
    med.put("one-file commit", median(oneT));
    med.put("one-file commit (warm JVM)", median(warmOne));
    med.put("log+diff (warm JVM)", median(warmDiff));
    med.put("one-file commit (in-process)", median(oneIn));
    med.put("git-lfs one-file commit", median(lfsOneT));
    med.put("log+diff", median(diffT));
    med.put("log+diff (in-process)", median(diffIn));
    med.put("git log+diff --stat", median(gitDiffT));

    if (o.server) {
      serverSeries(o, work, corpus, statCache, sha, med);
    }

    if (o.s3) {
      // S3Proxy (filesystem backend, same disk) runs in this JVM; the committing process talks to it over HTTP
      // on loopback, exactly as it would to a remote bucket.
      List<Double> s3T = new ArrayList<>();
      try (dev.datamgmt.testing.S3Server s3 = dev.datamgmt.testing.S3Server.start(work.resolve("s3"))) {
        for (int r = 0; r < o.repeats; r++) {
          Files.deleteIfExists(statCache);
          String spec = "s3:" + s3.endpoint() + "," + s3.bucket() + ",run-" + r + "/," + s3.accessKey() + ","
              + s3.secretKey();
          Run s3run = run(work, Map.of(), cli("commit", spec, corpus.toString(), "first"));
          if (!resultField(s3run.output(), "records").equals(Integer.toString(o.small + o.big))) {
            throw new IllegalStateException("S3 commit incomplete:\n" + s3run.output());
          }
          s3T.add(s3run.seconds());
        }
      }
      med.put("S3 first commit", median(s3T));
    }

    System.out.println();
    System.out.printf("%-32s %10s%n", "median of " + o.repeats, "seconds");
    med.forEach((k, v) -> System.out.printf("%-32s %10.3f%n", k, v));
    System.out.println();
    System.out.printf("first commit / sha256sum          %.2fx (target <= 1.5x)%n", med.get("first commit") / med.get("sha256sum"));
    System.out.printf("first commit, warm JVM / sha256sum %.2fx (an embedding application; start-up aside)%n",
        med.get("first commit (warm JVM)") / med.get("sha256sum (beside warm JVM)"));
    System.out.printf("git-lfs first commit / ours       %.2fx (target >= 5x)%n", med.get("git-lfs first commit") / med.get("first commit"));
    System.out.printf("one-file commit                   %.3f s (target <= 0.25 s; git-lfs %.3f s)%n",
        med.get("one-file commit"), med.get("git-lfs one-file commit"));
    System.out.printf("log+diff of two versions          %.3f s (target <= 0.5 s)%n", med.get("log+diff"));
    if (o.server) {
      System.out.printf("with a resident server (datamgmt serve, started once: answering after %.3f s, its warm-up done after"
          + " %.3f s), each operation a launcher process:%n", med.get("server start"), med.get("server start and warm-up"));
      System.out.printf("  first commit / sha256sum        %.2fx (target <= 1.5x; init + commit)%n",
          med.get("server: first commit") / med.get("server: sha256sum"));
      System.out.printf("  git-lfs first commit / ours     %.2fx (target >= 5x)%n",
          med.get("git-lfs first commit") / med.get("server: first commit"));
      System.out.printf("  one-file commit                 %.3f s (target <= 0.25 s; git-lfs %.3f s; first call %.3f s)%n",
          med.get("server: one-file commit"), med.get("git-lfs one-file commit"),
          med.get("server: one-file commit, first call"));
      System.out.printf("  log+diff of two versions        %.3f s (target <= 0.5 s; git log+diff --stat %.3f s; first call %.3f s)%n",
          med.get("server: log+diff"), med.get("git log+diff --stat"), med.get("server: log+diff, first call"));
      System.out.printf("  client process alone (status)   %.3f s (the launcher; the Java client %.3f s)%n",
          med.get("server: client round trip"), med.get("server: Java client round trip"));
    }
    if (o.s3) {
      System.out.printf("S3 first commit / local           %.2fx (target <= 3x)%n",
          med.get("S3 first commit") / med.get("first commit"));
    }
    if (!o.keep) {
      deleteTree(work);
    }
    return med;
  }

  /**
   * JVM options of the {@code datamgmt} client processes: a small JVM (C1, serial GC, no perf data file), plus
   * with {@code --cds}/{@code --aot} an archive of the client's own classes.
   */
  static final List<String> CLIENT_JVM = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-XX:-UsePerfData"));

  /** The command line of a {@code datamgmt} client process. */
  static List<String> client(String... args) {
    // the entry holding the client first
    List<String> entries = new ArrayList<>(List.of(childClassPath.split(java.io.File.pathSeparator)));
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).contains("datamgmt-cli")) {
        entries.add(0, entries.remove(i));
        break;
      }
    }
    List<String> cmd = new ArrayList<>(List.of(childJava));
    cmd.addAll(CLIENT_JVM);
    // a lean launcher: only the client's jar on the class path (each entry costs start-up), the full one for
    // commands the client runs itself
    cmd.addAll(List.of("-D" + dev.datamgmt.cli.Datamgmt.CLASS_PATH_PROPERTY + "="
        + String.join(java.io.File.pathSeparator, entries), "-cp", entries.get(0), "dev.datamgmt.cli.Datamgmt"));
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /**
   * The command line of the shell launcher ({@code datamgmt-cli/src/main/sh/datamgmt}, found above the working
   * directory) run by bash; {@link #launcherEnv} gives it what it needs to run the Java client too.
   */
  static List<String> launcher(String... args) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(LAUNCHER))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("expected the launcher " + LAUNCHER + " in a folder above "
          + Path.of("").toAbsolutePath() + ", found none");
    }
    List<String> cmd = new ArrayList<>(List.of("bash", dir.resolve(LAUNCHER).toString()));
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  static final String LAUNCHER = "datamgmt-cli/src/main/sh/datamgmt";

  /** The launcher's environment: the server's socket, and the Java client's class path and options. */
  static Map<String, String> launcherEnv(Path sock) {
    List<String> java = client();
    int cp = java.indexOf("-cp");
    return Map.of("DATAMGMT_SOCKET", sock.toString(), "DATAMGMT_CLASSPATH", childClassPath,
        "DATAMGMT_CLIENT_CLASSPATH", java.get(cp + 1), "DATAMGMT_JAVA_OPTS", String.join(" ", CLIENT_JVM),
        "JAVA_HOME", Path.of(childJava).getParent().getParent().toString());
  }

  /**
   * The first commit, the one-file commit and log+diff again, each as {@code datamgmt} client processes of a
   * resident server ({@code datamgmt serve} in a child JVM with the timed processes' JVM options less their
   * short-process JIT settings, started once and left to finish its warm-up
   * before the series and timed apart): what a user pays per command once a server runs, as with a build daemon.
   * The clients are the shell launcher ({@link #launcher}); a status call of it and of the Java client
   * ({@link #client}) is timed after each first commit.
   * The first commit is {@code datamgmt init} plus {@code datamgmt commit} (git-lfs's figure includes
   * {@code git init}); log+diff is {@code datamgmt log --oneline} plus {@code datamgmt diff} (git's is
   * {@code git log --oneline} plus {@code git diff --stat}). The one-file commit and log+diff get two untimed
   * rounds first, as the warm-JVM series does; the first round's times are reported apart. Every round's output
   * is checked.
   */
  static final int SERVER_WARMUP = 2;

  static void serverSeries(Options o, Path work, Path corpus, Path statCache, String sha, Map<String, Double> med)
      throws Exception {
    Path sock = work.resolve("sock/server.sock");
    Map<String, String> env = Map.of("DATAMGMT_SOCKET", sock.toString());
    List<String> serve = new ArrayList<>(List.of(childJava));
    // the timed processes' options, less the short-process JIT settings: a server runs for hours
    CHILD_JVM.stream().filter(f -> !VersioningCli.CLI_JIT_FLAGS.contains(f) && !f.equals("-XX:TieredStopAtLevel=1"))
        .forEach(serve::add);
    serve.addAll(List.of("-cp", childClassPath, "dev.datamgmt.cli.Datamgmt", "serve", "--idle-minutes", "30"));
    ProcessBuilder pb = new ProcessBuilder(serve).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process server = pb.start();
    try {
      boolean answering = false;
      while (true) {
        try {
          String st = run(work, env, client("status")).output();
          if (!answering) {
            answering = true;
            med.put("server start", (System.nanoTime() - t0) / 1e9);
          }
          if (st.contains("warm-up failed")) {
            throw new IllegalStateException("server warm-up failed:\n" + st);
          }
          if (st.contains("warm-up done")) {
            break;
          }
          Thread.sleep(100);
        } catch (IllegalStateException e) {
          if (answering || !server.isAlive() || System.nanoTime() - t0 > 120e9) {
            throw new IllegalStateException("server did not start: " + Files.readString(work.resolve("server.log")), e);
          }
          Thread.sleep(10);
        }
      }
      med.put("server start and warm-up", (System.nanoTime() - t0) / 1e9);
      if (o.cds || o.aot) {
        // the client's classes get an archive of their own, as the timed processes' classes do
        Path archive = work.resolve(o.aot ? "client.aot" : "client.jsa");
        CLIENT_JVM.add(o.aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
        run(work, env, client("status"));
        CLIENT_JVM.set(CLIENT_JVM.size() - 1, o.aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
      }
      List<Double> shaT = new ArrayList<>();
      List<Double> firstT = new ArrayList<>();
      List<Double> trip = new ArrayList<>();
      List<Double> javaTrip = new ArrayList<>();
      Map<String, String> shell = launcherEnv(sock);
      for (int r = 0; r < o.repeats; r++) {
        shaT.add(bash(work, sha).seconds());
        Path repo = work.resolve("srv-" + r);
        Files.deleteIfExists(statCache);
        Run init = run(work, shell, launcher("init", repo.toString()));
        Run commit = run(work, shell, launcher("commit", repo.toString(), corpus.toString(), "-m", "first"));
        if (!commit.output().contains((o.small + o.big) + " files hashed")) {
          throw new IllegalStateException("server first commit did not hash every file:\n" + commit.output());
        }
        firstT.add(init.seconds() + commit.seconds());
        trip.add(run(work, shell, launcher("status")).seconds());
        javaTrip.add(run(work, env, client("status")).seconds());
        if (r > 0) {
          deleteTree(repo); // as the cold series does: only srv-0 is committed to again
        }
      }
      med.put("server: sha256sum", median(shaT));
      med.put("server: first commit", median(firstT));
      med.put("server: client round trip", median(trip));
      med.put("server: Java client round trip", median(javaTrip));
      Path repo = work.resolve("srv-0");
      List<Double> oneT = new ArrayList<>();
      List<Double> diffT = new ArrayList<>();
      // two untimed rounds first, as in the warm-JVM series: a resident server's steady state (the first
      // round's times are reported apart)
      for (int r = -SERVER_WARMUP; r < o.repeats; r++) {
        Files.write(corpus.resolve(Corpus.smallPath((2000 + r + SERVER_WARMUP) % o.small)),
            ("server round " + r).getBytes(StandardCharsets.UTF_8));
        Run one = run(work, shell, launcher("commit", repo.toString(), corpus.toString(), "-m", "one file " + r));
        if (!one.output().contains(" 1 file hashed")) {
          throw new IllegalStateException("server one-file commit re-hashed more than the changed file:\n" + one.output());
        }
        Run log = run(work, shell, launcher("log", repo.toString(), "--oneline"));
        Run diff = run(work, shell, launcher("diff", repo.toString(), "main~", "main"));
        if (!diff.output().contains("0 added, 0 removed, 1 changed") || !log.output().contains("one file " + r)) {
          throw new IllegalStateException("server log+diff should show one changed record:\n" + log.output() + diff.output());
        }
        if (r == -SERVER_WARMUP) {
          med.put("server: one-file commit, first call", one.seconds());
          med.put("server: log+diff, first call", log.seconds() + diff.seconds());
        } else if (r >= 0) {
          oneT.add(one.seconds());
          diffT.add(log.seconds() + diff.seconds());
        }
      }
      System.out.printf("server rounds (s): first commit %s, one-file commit %s, log+diff %s, client alone %s"
          + " (Java client %s)%n", firstT, oneT, diffT, trip, javaTrip);
      med.put("server: one-file commit", median(oneT));
      med.put("server: log+diff", median(diffT));
      System.out.print(run(work, env, client("status")).output());
    } finally {
      try {
        run(work, env, client("stop"));
      } catch (IllegalStateException e) {
        // already gone; destroyed below if not
      }
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Entry point; see the class comment for arguments. */
  public static void main(String[] args) throws Exception {
    runAll(Options.parse(args));
  }
}
