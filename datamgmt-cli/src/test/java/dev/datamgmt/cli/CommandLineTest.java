package dev.datamgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The argument parsing (picocli): help on every command, usage errors that say what was expected and exit with
 * status 2 without running anything, the generated bash completion as bash uses it, and parsers that are reused
 * one command after another and by concurrent commands without carrying anything over.
 */
@Timeout(120)
class CommandLineTest extends CliFixture {
  static final List<String> COMMANDS = List.of("init", "commit", "log", "diff", "fsck", "gc", "serve", "status",
      "stop", "launcher", "completion", "help");

  @Test
  void everyCommand_hasHelp_onStdoutWithStatusZero_andRunsNothing() throws Exception {
    for (String command : COMMANDS) {
      for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "-h"},
          new String[] {"help", command})) {
        Result r = local(args);
        assertThat(r.status()).as(String.join(" ", args)).isZero();
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        assertThat(r.out()).as(String.join(" ", args)).contains("Usage: datamgmt " + command + " [-h]");
      }
    }
    assertThat(local("commit", "repo", "data", "-m", "x", "--help").out()).contains("-m, --message=<message>")
        .contains("--labels=folders|none|<table>").contains("(default: main)");
    assertThat(Files.exists(tmp.resolve("repo"))).as("help ran no command").isFalse();
    assertThat(local("serve", "--help").out()).contains("--idle-minutes=<minutes>").contains("(default: 180)");

    Result top = local("--help");
    assertThat(top.status()).isZero();
    for (String command : COMMANDS) {
      assertThat(top.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(top.out()).contains("--no-server").contains("s3://bucket[/prefix]").contains("2   usage error");
    assertThat(local("help").out()).isEqualTo(top.out());
    Result none = local();
    assertThat(none.status()).isEqualTo(Cli.USAGE);
    assertThat(none.out()).isEqualTo(top.out());
    assertThat(local("--version").out()).startsWith("datamgmt ");
  }

  @Test
  void usageErrors_sayWhatWasExpected_exitTwo_andPrintTheCommandsSynopsisOnStderr() {
    record Case(String[] args, String message, String synopsis) {}
    List<Case> cases = List.of(
        new Case(new String[] {"comit", "repo"}, "unknown command 'comit' (did you mean 'commit'?)", "<command>"),
        new Case(new String[] {"frobnicate"}, "unknown command 'frobnicate'\n", "<command>"),
        new Case(new String[] {"--frobnicate"}, "unknown option --frobnicate\n", "<command>"),
        new Case(new String[] {"init"}, "missing argument <store>: expected 1 argument(s), found 0",
            "init [-h] <store>"),
        new Case(new String[] {"init", "a", "b"}, "unexpected argument 'b': expected 1 argument(s) (<store>)", "init"),
        new Case(new String[] {"log", "repo", "main", "x"},
            "unexpected argument 'x': expected 1 to 2 argument(s) (<store> [<rev>])", "log"),
        new Case(new String[] {"commit", "repo", "data"}, "commit needs a message: -m <message>", "commit"),
        new Case(new String[] {"commit", "repo", "data", "-m"}, "-m", "commit"),
        new Case(new String[] {"commit", "repo", "data", "-m", "a", "-m", "b"}, "--message", "commit"),
        new Case(new String[] {"gc", "repo", "--grace-hours", "-1"},
            "option --grace-hours: expected a whole number >= 0, found '-1'", "gc"),
        new Case(new String[] {"serve", "--idle-minutes=soon"},
            "option --idle-minutes: expected a whole number >= 0, found 'soon'", "serve"),
        new Case(new String[] {"diff", "repo", "a", "b", "--oneline"},
            "option --oneline does not apply to 'diff' (it is an option of 'log')", "diff"),
        new Case(new String[] {"status", "--stat"}, "option --stat does not apply to 'status'", "status"),
        new Case(new String[] {"stop", "now"}, "unexpected argument 'now': expected 0 argument(s) (none)", "stop"));
    for (Case c : cases) {
      Result r = local(c.args());
      String what = String.join(" ", c.args());
      assertThat(r.status()).as(what).isEqualTo(Cli.USAGE);
      assertThat(r.out()).as(what).isEmpty();
      assertThat(r.err()).as(what).startsWith("datamgmt: ").contains(c.message())
          .contains("Usage: datamgmt ").contains(c.synopsis()).contains("--help' for more information.");
    }
    assertThat(Files.exists(tmp.resolve("repo"))).as("no usage error ran a command").isFalse();
  }

  @Test
  void optionsAndArguments_inAnyOrder_inBothSpellings() throws Exception {
    assertThat(local("init", "repo").status()).isZero();
    Result c = local("commit", "--branch=dev", "-m", "first", "repo", "--labels", "none", "data");
    assertThat(c.status()).as(c.err()).isZero();
    assertThat(c.out()).startsWith("[dev ").contains("] first\n");
    assertThat(local("commit", "repo", "data", "--message=second", "--branch", "dev").status()).isZero();
    assertThat(local("log", "--oneline", "repo", "dev").out()).matches("[0-9a-f]{12} second\n[0-9a-f]{12} first\n");
    assertThat(local("log", "repo", "dev", "-n", "1", "--oneline").out()).matches("[0-9a-f]{12} second\n");
    assertThat(local("log", "repo", "dev", "-n0").out()).isEmpty();
    // a message that looks like an option is still the message, and one that names a file is not the file's
    assertThat(local("commit", "repo", "data", "-m", "-x marks the spot", "--branch", "dev").out())
        .contains("] -x marks the spot\n");
    // (picocli would look for the file in the process's own working directory, which for a server is not the user's)
    Path notes = Files.writeString(Files.createDirectories(Path.of("target")).resolve("notes-" + System.nanoTime()
        + ".txt"), "the file's text");
    try {
      Files.writeString(tmp.resolve("data/c1/f1.txt"), "changed again");
      assertThat(local("commit", "repo", "data", "-m", "@" + notes, "--branch", "dev").out())
          .contains("] @" + notes + "\n");
    } finally {
      Files.delete(notes);
    }
  }

  @Test
  void aReusedParser_carriesNothingOver_andConcurrentCommandsEachGetTheirOwn() throws Exception {
    assertThat(local("init", "repo").status()).isZero();
    assertThat(local("commit", "repo", "data", "-m", "one").status()).isZero();
    Files.writeString(tmp.resolve("data/c0/extra.txt"), "more");
    Result two = local("commit", "repo", "data", "-m", "two");
    assertThat(two.status()).as(two.err()).isZero();
    String full = local("log", "repo").out();
    String oneline = local("log", "repo", "--oneline").out();
    String first = local("log", "repo", "-n", "1", "--oneline").out();
    for (int i = 0; i < 2 * Cli.POOLED_PARSERS; i++) {
      assertThat(local("log", "repo", "-n", "1", "--oneline").out()).isEqualTo(first);
      assertThat(local("log", "repo").out()).as("options of the command before are reset").isEqualTo(full);
    }
    assertThat(full).contains("Records: 21").contains("Records: 20");

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int kind = t % 3;
        Callable<Boolean> task = () -> switch (kind) {
          case 0 -> local("log", "repo").out().equals(full);
          case 1 -> local("log", "repo", "--oneline").out().equals(oneline);
          default -> local("log", "repo", "-n", "1", "--oneline").out().equals(first);
        };
        results.add(pool.submit(task));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theCompletionScript_completesCommandsAndOptions_inBash() throws Exception {
    Result r = local("completion");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_datamgmt");
    Path script = Files.writeString(tmp.resolve("datamgmt_completion"), r.out());
    assertThat(complete(script, "datamgmt co")).containsExactlyInAnyOrder("commit", "completion");
    assertThat(complete(script, "datamgmt log --o")).containsExactly("--oneline");
    assertThat(complete(script, "datamgmt commit --la")).containsExactly("--labels");
    assertThat(complete(script, "datamgmt serve --")).contains("--idle-minutes", "--no-warm-up", "--help");
  }

  /** What bash completes for {@code line} (the cursor at its end) with the completion script sourced. */
  private List<String> complete(Path script, String line) throws Exception {
    String[] words = line.split(" ", -1);
    StringBuilder cmd = new StringBuilder("source '" + script + "'; COMP_WORDS=(");
    for (String w : words) {
      cmd.append("'").append(w).append("' ");
    }
    cmd.append("); COMP_CWORD=").append(words.length - 1).append("; COMP_LINE='").append(line)
        .append("'; COMP_POINT=${#COMP_LINE}; _complete_datamgmt; printf '%s\\n' \"${COMPREPLY[@]}\"");
    Process p = new ProcessBuilder("bash", "-c", cmd.toString()).directory(tmp.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // bash says compopt runs outside a completion
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
