package dev.datamgmt.storage.repo;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.hash.ContentHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The refs of one repository (by its id) in a {@link JdbcRefStore}: entry {@code seq} of ref {@code
 * refs/heads/main} is the row {@code (repository, 'refs/heads/main', seq, commit_id, time_utc)}; an INSERT that
 * breaks the primary key means another writer created that entry first.
 */
final class JdbcRefs extends RefStore {
  private static final String T = JdbcRefStore.REFS_TABLE;

  private final JdbcRefStore db;
  private final String repositoryId;

  JdbcRefs(JdbcRefStore db, String repositoryId) {
    this.db = db;
    this.repositoryId = repositoryId;
  }

  private static String ref(Kind kind, String name) {
    return kind.prefix + name;
  }

  @Override
  Optional<Entry> head(Kind kind, String name) throws DataException {
    checkName(kind, name);
    String ref = ref(kind, name);
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT seq, commit_id, time_utc FROM "
        + T + " WHERE repository = ? AND ref = ? AND seq = (SELECT MAX(seq) FROM " + T
        + " WHERE repository = ? AND ref = ?)")) {
      s.setString(1, repositoryId);
      s.setString(2, ref);
      s.setString(3, repositoryId);
      s.setString(4, ref);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(entry(kind, name, r.getLong(1), r.getString(2), r.getString(3))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("read the head of " + ref, e);
    }
  }

  @Override
  Entry read(Kind kind, String name, long seq) throws DataException {
    Optional<Entry> e = find(kind, name, seq);
    if (e.isEmpty()) {
      throw new dev.datamgmt.core.error.NotFoundException("no such ref entry", location(kind, name, seq),
          "an existing row", "none");
    }
    return e.get();
  }

  private Optional<Entry> find(Kind kind, String name, long seq) throws DataException {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT commit_id, time_utc FROM " + T
        + " WHERE repository = ? AND ref = ? AND seq = ?")) {
      s.setString(1, repositoryId);
      s.setString(2, ref(kind, name));
      s.setLong(3, seq);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(entry(kind, name, seq, r.getString(1), r.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("read " + location(kind, name, seq), e);
    }
  }

  private Entry entry(Kind kind, String name, long seq, String commit, String time) throws IntegrityException {
    try {
      return new Entry(seq, ContentHash.parse(commit), Instant.parse(time));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IntegrityException("malformed ref row", location(kind, name, seq),
          "commit_id sha256:<64 hex> and an ISO-8601 time_utc", commit + ", " + time, e);
    }
  }

  @Override
  boolean append(Kind kind, String name, long seq, ContentHash commit, Instant time) throws DataException {
    checkName(kind, name);
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO " + T
        + " (repository, ref, seq, commit_id, time_utc) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, repositoryId);
      s.setString(2, ref(kind, name));
      s.setLong(3, seq);
      s.setString(4, commit.toString());
      s.setString(5, time.toString());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (db.dialect() != null && db.dialect().isUniqueViolation(e)) {
        return false;
      }
      // The insert may have committed with its answer lost: then the row is ours.
      Optional<Entry> there;
      try {
        there = find(kind, name, seq);
      } catch (DataException again) {
        throw db.failure("insert " + location(kind, name, seq), e);
      }
      if (there.isPresent() && there.get().commit().equals(commit) && there.get().time().equals(time)) {
        return true;
      }
      if (there.isPresent()) {
        return false;
      }
      throw db.failure("insert " + location(kind, name, seq), e);
    }
  }

  @Override
  List<String> names(Kind kind) throws DataException {
    TreeSet<String> names = new TreeSet<>();
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT DISTINCT ref FROM " + T
        + " WHERE repository = ? AND ref LIKE ?")) {
      s.setString(1, repositoryId);
      s.setString(2, kind.prefix + "%");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1).substring(kind.prefix.length()));
        }
      }
    } catch (SQLException e) {
      throw db.failure("list " + kind.prefix, e);
    }
    return new ArrayList<>(names);
  }

  @Override
  List<Entry> allEntries(List<FsckReport.Problem> problems) throws DataException {
    List<Entry> out = new ArrayList<>();
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT ref, seq, commit_id, time_utc FROM "
        + T + " WHERE repository = ?")) {
      s.setString(1, repositoryId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String ref = r.getString(1);
          Kind kind = ref.startsWith(Kind.TAG.prefix) ? Kind.TAG : Kind.BRANCH;
          String name = ref.substring(Math.min(ref.length(), kind.prefix.length()));
          try {
            out.add(entry(kind, name, r.getLong(2), r.getString(3), r.getString(4)));
          } catch (IntegrityException e) {
            problems.add(new FsckReport.Problem(FsckReport.Kind.UNREADABLE, location(kind, name, r.getLong(2)),
                e.getMessage()));
          }
        }
      }
    } catch (SQLException e) {
      throw db.failure("list the ref entries", e);
    }
    return out;
  }

  @Override
  String location(Kind kind, String name, long seq) {
    return db.describe() + " " + T + "(repository=" + repositoryId + ", ref=" + ref(kind, name) + ", seq=" + seq + ")";
  }
}
