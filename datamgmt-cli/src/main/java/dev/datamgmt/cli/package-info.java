/**
 * The {@code datamgmt} command line: {@link dev.datamgmt.cli.Datamgmt} (the entry point and thin client), its
 * commands ({@code Cli}, parsed with picocli), the optional warm per-user server ({@link dev.datamgmt.cli.CliServer})
 * and the bash launcher that talks to it ({@code src/main/sh/datamgmt}, shipped in the jar; {@code datamgmt
 * launcher} prints it).
 *
 * <h2>Why a server</h2>
 *
 * A JVM that starts, loads the storage library and its dependencies and runs a small command costs about a
 * second; a user who commits a folder many times a day pays it each time, and each time the ingest walks the
 * whole folder. {@code datamgmt serve} keeps one JVM per user, with stores open, code compiled (it warms itself
 * up on a generated folder) and a {@link dev.datamgmt.storage.ingest.DirectoryWatch} of every folder committed
 * through it, so a re-commit hashes only what changed. The launcher reaches it over a loopback port guarded by a
 * random token in a file only the user can read, and answers in milliseconds; without a server, every command
 * runs in a JVM of its own exactly as it would in the server.
 *
 * <h2>Protocols</h2>
 *
 * The Java client's request on the Unix socket and the launcher's NUL-separated text request on the loopback
 * port are described in {@link dev.datamgmt.cli.CliServer}; both carry the client's working directory and the
 * arguments as typed, and the server answers with the exit status, stdout and stderr the command would have
 * printed in the client's process.
 *
 * <p>This package is an application, not a library API: no library module depends on it (the benchmarks start
 * it, as a user does).
 */
package dev.datamgmt.cli;
