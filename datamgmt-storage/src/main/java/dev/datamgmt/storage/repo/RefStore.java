package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.hash.ContentHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a repository's refs live: append-only logs, entry {@code n} of a ref naming its commit, the highest
 * entry being the head. Moving a ref is a compare-and-swap on "entry n+1 does not exist yet". Two homes: {@link
 * BlobRefStore} (objects in the blob store, created with {@code putIfAbsent}; the default) and {@link JdbcRefs} (rows
 * in a database with a unique (repository, ref, seq) key, for S3 servers without conditional writes).
 */
abstract class RefStore {
  /** The two kinds of refs. */
  enum Kind {
    BRANCH("refs/heads/"),
    TAG("refs/tags/");

    final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final int SEQ_DIGITS = 20;

  /** One log entry. */
  record Entry(long seq, ContentHash commit, Instant time) {}

  static String checkName(Kind kind, String name) {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith(".lock")) {
      throw new IllegalArgumentException((kind == Kind.BRANCH ? "branch" : "tag")
          + " name must match " + NAME.pattern() + ": " + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
  }

  static String logPrefix(Kind kind, String name) {
    return kind.prefix + name + "/";
  }

  static String entryKey(Kind kind, String name, long seq) {
    String digits = Long.toString(seq);
    return logPrefix(kind, name) + "0".repeat(SEQ_DIGITS - digits.length()) + digits;
  }

  /** The current entry of a ref, or empty if the ref does not exist. */
  abstract Optional<Entry> head(Kind kind, String name) throws DataException;

  /** Entry {@code seq} of a ref. */
  abstract Entry read(Kind kind, String name, long seq) throws DataException;

  /**
   * Creates entry {@code seq} of a ref naming {@code commit}, only if it does not exist.
   *
   * @return true if this call created it
   */
  abstract boolean append(Kind kind, String name, long seq, ContentHash commit, Instant time) throws DataException;

  /** Names of all refs of a kind, sorted. */
  abstract List<String> names(Kind kind) throws DataException;

  /**
   * Every entry of every ref: the roots of reachability for gc and fsck. Entries that cannot be read are
   * reported in {@code problems}, not thrown.
   */
  abstract List<Entry> allEntries(List<FsckReport.Problem> problems) throws DataException;

  /** Where entry {@code seq} of a ref lives, for messages: a key, or a table row. */
  abstract String location(Kind kind, String name, long seq);
}
