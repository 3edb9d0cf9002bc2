package dev.datamgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a user types, the command line answers with one of its three statuses and never with an internal
 * error; a usage error prints nothing on stdout and a message in the tool's words on stderr; and the same
 * arguments give the same answer whatever ran before on the pooled parsers. Arguments are drawn from the
 * commands' own words and a few awkward values, on a folder without a repository (the commands that create
 * or start something, init, commit, gc and serve, are left out).
 */
class CommandLinePropertiesTest {
  private static Path cwd;

  @BeforeContainer
  static void folder() throws IOException {
    cwd = Files.createTempDirectory("datamgmt-cli-properties");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    try (Stream<Path> s = Files.walk(cwd)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  record Answer(int status, String out, String err) {}

  static Answer run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Cli.run(args, cwd, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    return new Answer(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<List<String>> arguments() {
    Arbitrary<String> first = Arbitraries.of("log", "diff", "fsck", "status", "stop", "launcher", "completion",
        "help", "--help", "-h", "-V", "--no-server", "logg", "frobnicate", "-", "--", "");
    Arbitrary<String> rest = Arbitraries.oneOf(
        Arbitraries.of("-m", "--message", "--branch", "--labels", "--skip-bad", "-n", "--oneline", "--stat",
            "--grace-hours", "--idle-minutes", "--no-warm-up", "-h", "--help", "--verbose", "-x", "-n=3",
            "--oneline=yes", "--stat=", "-mx", "--", "-", ""),
        Arbitraries.of("repo", "main", "main~", "main~x", "s3://", "file:", "0", "-1", "12", "many", "nowhere",
            "a b", "ünï", "=", "~")).filter(s -> !s.equals("serve") && !s.equals("init") && !s.equals("commit")
            && !s.equals("gc"));
    return Arbitraries.oneOf(first.map(List::of), Arbitraries.just(List.<String>of()))
        .flatMap(head -> rest.list().ofMaxSize(5).map(tail -> Stream.concat(head.stream(), tail.stream()).toList()));
  }

  @Property(tries = 300)
  void everyAnswer_isAStatusOfTheTool_neverAnInternalError(@ForAll("arguments") List<String> args) {
    Answer a = run(args);
    assertThat(a.status()).as("%s: %s", args, a.err()).isIn(Cli.OK, Cli.FAILED, Cli.USAGE);
    assertThat(a.err()).as("%s", args).doesNotContain("internal error").doesNotContain("Exception");
    if (a.status() != Cli.OK && a.err().isEmpty()) {
      // no command at all (nothing, or only --no-server / --): the usage on stdout, as with no arguments
      assertThat(a.status()).as("%s: a failure says why on stderr", args).isEqualTo(Cli.USAGE);
      assertThat(a.out()).as("%s", args).isEqualTo(run(List.of()).out()).startsWith("Usage: datamgmt [-hV]");
    } else if (a.status() != Cli.OK) {
      assertThat(a.err()).as("%s", args).startsWith("datamgmt: ");
    }
    if (a.status() == Cli.USAGE && !a.err().isEmpty()) {
      assertThat(a.out()).as("%s: a usage error prints nothing on stdout", args).isEmpty();
      assertThat(a.err()).as("%s", args).contains("Usage: datamgmt").contains("--help' for more information.");
    }
    assertThat(run(args)).as("%s: the same answer again, on another pooled parser", args).isEqualTo(a);
  }
}
