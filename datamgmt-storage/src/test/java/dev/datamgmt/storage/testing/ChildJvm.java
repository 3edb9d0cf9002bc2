package dev.datamgmt.storage.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} class from the current class path, for tests that need another
 * process: crash safety ({@link #kill()} is SIGKILL) and cross-process races. Its standard output is
 * and standard error are collected line by line.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(Writer.class, root.toString())) {
 *   child.awaitLine("WRITING", Duration.ofSeconds(30));
 *   child.kill();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code args} in a new JVM (same {@code java}, same class path, small heap,
   * {@code ai.djl.offline=true}).
   */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    return start(List.of(), main, args);
  }

  /**
   * Like {@link #start(Class, String...)} with extra JVM options (e.g. {@code -Dorg.slf4j.simpleLogger.log.x=debug}).
   * The child's standard error is merged into {@link #lines()}, so a test sees its logs too.
   */
  public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dai.djl.offline=true");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    return new ChildJvm(pb.start());
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        all.add(line);
        pending.add(line);
      }
    } catch (IOException e) {
      // the child died: the stream ends, which is what a killed child looks like
    }
  }

  /**
   * Waits for an output line starting with {@code prefix} and returns it; earlier lines are skipped (but kept
   * in {@link #lines()}).
   *
   * @throws IllegalStateException if the child exits or the time runs out first
   */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = pending.poll(Math.max(1, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !process.isAlive() && pending.isEmpty()) {
        throw new IllegalStateException("child exited with " + process.exitValue() + " before printing '"
            + prefix + "'; output: " + lines());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("child did not print '" + prefix + "' within " + timeout + "; output: " + lines());
      }
    }
  }

  /** Waits for a normal exit and returns the exit code; kills the child if the time runs out. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException("child did not exit within " + timeout + "; output: " + lines());
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** Kills the child with SIGKILL (no shutdown hooks, no finally blocks) and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Every line the child printed so far. */
  public List<String> lines() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Kills the child if it still runs. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
