package dev.datamgmt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command-line tests share: a temporary folder holding {@code data/} (20 small files in two class
 * folders) and the place of a server socket, a server closed after each test, the server's request deadline
 * restored after a test that shortens it, and commands run in-process.
 */
abstract class CliFixture {
  @TempDir Path tmp;
  Path socket;
  CliServer server;
  private final java.time.Duration requestDeadline = CliServer.requestDeadline;

  /** A finished command: status and what it printed. */
  record Result(int status, String out, String err) {}

  @BeforeEach
  void createDataAndSocketPath() throws Exception {
    for (int i = 0; i < 20; i++) {
      Files.writeString(Files.createDirectories(tmp.resolve("data/c" + (i % 2))).resolve("f" + i + ".txt"), "file " + i);
    }
    socket = tmp.resolve("sock/server.sock");
  }

  @AfterEach
  void closeServer() {
    if (server != null) {
      server.close();
    }
    CliServer.requestDeadline = requestDeadline;
  }

  /** Runs a command in this process, in {@code tmp}, with stores opened for it alone. */
  Result local(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Cli.run(List.of(args), tmp, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
