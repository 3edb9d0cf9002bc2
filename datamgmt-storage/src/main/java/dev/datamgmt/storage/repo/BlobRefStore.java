package dev.datamgmt.storage.repo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.blob.BlobInfo;
import dev.datamgmt.core.blob.BlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Refs as append-only logs in the blob store (the default {@link RefStore}): entry {@code n} of ref {@code r} is the object {@code refs/<kind>/<r>/<n as 20
 * zero-padded digits>}; the highest entry names the current commit. An entry is only ever created with
 * {@link BlobStore#putIfAbsent}, so moving a ref is a compare-and-swap on "entry n+1 does not exist yet".
 *
 * <p>Because entry n+1 is created only by a writer that has read entry n, a log is contiguous from 0. The
 * head is therefore found by galloping from the last head this process saw: one existence check when
 * nothing moved, O(log k) checks when k entries were added, never a listing of the whole log (slow on S3).
 */
final class BlobRefStore extends RefStore {
  /** The JSON body of a log entry. */
  record EntryBody(@JsonProperty("commit") String commit, @JsonProperty("time") Instant time) {}

  private final BlobStore store;
  private final ConcurrentHashMap<String, Long> knownHeads = new ConcurrentHashMap<>();

  BlobRefStore(BlobStore store) {
    this.store = store;
  }

  /** The current entry of a ref, or empty if the ref does not exist. */
  @Override
  Optional<Entry> head(Kind kind, String name) throws DataException {
    checkName(kind, name);
    if (kind == Kind.TAG) {
      return store.exists(entryKey(kind, name, 0)) ? Optional.of(read(kind, name, 0)) : Optional.empty();
    }
    String prefix = logPrefix(kind, name);
    long lo = knownHeads.getOrDefault(prefix, -1L);
    if (!store.exists(entryKey(kind, name, lo + 1))) {
      return lo < 0 ? Optional.empty() : Optional.of(read(kind, name, lo));
    }
    lo = lo + 1;
    long step = 1;
    long hi;
    while (true) {
      hi = lo + step;
      if (!store.exists(entryKey(kind, name, hi))) {
        break;
      }
      lo = hi;
      step *= 2;
    }
    // invariant: lo exists, hi does not
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (store.exists(entryKey(kind, name, mid))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    final long found = lo;
    knownHeads.merge(prefix, found, Math::max);
    return Optional.of(read(kind, name, found));
  }

  @Override
  Entry read(Kind kind, String name, long seq) throws DataException {
    String key = entryKey(kind, name, seq);
    byte[] bytes = store.get(key);
    EntryBody body = Json.read(bytes, EntryBody.class, key);
    if (body.commit() == null) {
      throw new IntegrityException("ref entry without commit", key, "{\"commit\":\"sha256:…\",…}",
          new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return new Entry(seq, ContentHash.parse(body.commit()), body.time());
    } catch (IllegalArgumentException e) {
      throw new IntegrityException("ref entry with a malformed commit id", key, "sha256:<64 hex>", body.commit(), e);
    }
  }

  /**
   * Creates entry {@code seq} of a ref naming {@code commit}, only if it does not exist.
   *
   * @return true if this call created it
   */
  @Override
  boolean append(Kind kind, String name, long seq, ContentHash commit, Instant time) throws DataException {
    checkName(kind, name);
    boolean created = store.putIfAbsent(entryKey(kind, name, seq),
        Json.writeBytes(new EntryBody(commit.toString(), time)));
    if (created) {
      knownHeads.merge(logPrefix(kind, name), seq, Math::max);
    }
    return created;
  }

  /** Names of all refs of a kind, sorted. */
  @Override
  List<String> names(Kind kind) throws DataException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<BlobInfo> all = store.listAll(kind.prefix)) {
      all.forEach(i -> {
        String rest = i.key().substring(kind.prefix.length());
        int slash = rest.indexOf('/');
        if (slash > 0) {
          names.add(rest.substring(0, slash));
        }
      });
    } catch (UncheckedDataException e) {
      throw e.getCause();
    }
    return new ArrayList<>(names);
  }

  /**
   * Every entry of every ref: the roots of reachability for gc and fsck. Entries that cannot be read are
   * reported in {@code problems}, not thrown.
   */
  @Override
  List<Entry> allEntries(List<FsckReport.Problem> problems) throws DataException {
    List<Entry> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      List<BlobInfo> infos;
      try (Stream<BlobInfo> all = store.listAll(kind.prefix)) {
        infos = all.toList();
      } catch (UncheckedDataException e) {
        throw e.getCause();
      }
      for (BlobInfo i : infos) {
        String rest = i.key().substring(kind.prefix.length());
        int slash = rest.indexOf('/');
        long seq;
        try {
          seq = Long.parseLong(rest.substring(slash + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          problems.add(new FsckReport.Problem(FsckReport.Kind.UNREADABLE, i.key(),
              "not a ref log entry: expected " + kind.prefix + "<name>/<20 digits>"));
          continue;
        }
        try {
          out.add(read(kind, rest.substring(0, slash), seq));
        } catch (NotFoundException e) {
          problems.add(new FsckReport.Problem(FsckReport.Kind.MISSING, i.key(), "listed but vanished: " + e.getMessage()));
        } catch (IntegrityException | dev.datamgmt.core.error.UnsupportedFormatException e) {
          problems.add(new FsckReport.Problem(FsckReport.Kind.UNREADABLE, i.key(), e.getMessage()));
        }
      }
    }
    return out;
  }

  @Override
  String location(Kind kind, String name, long seq) {
    return entryKey(kind, name, seq);
  }
}
