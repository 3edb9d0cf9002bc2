package dev.datamgmt.storage.repo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.schema.DatasetSchema;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata of one version: its parents, the manifest holding its records, message, author, time, the
 * dataset schema, free-form lineage and the {@link Provenance} of what made it. Immutable; its {@link #id()} is the SHA-256 of its JSON form
 * ({@code commits/<hex>.json}, see FORMAT.md).
 */
public final class Commit {
  /** The {@code format} field every commit this library writes carries. */
  static final int FORMAT = 1;
  /** The {@link Provenance#kind()} of the provenance a commit records when its builder was given none. */
  public static final String PROVENANCE_KIND = "dataset-version";

  private final ContentHash id;
  private final List<ContentHash> parents;
  private final ContentHash manifest;
  private final long recordCount;
  private final DatasetSchema schema;
  private final String message;
  private final String author;
  private final Instant time;
  private final SortedMap<String, String> lineage;
  private final Provenance provenance;

  private Commit(ContentHash id, Body b) {
    this.id = id;
    this.parents = b.parents.stream().map(ContentHash::parse).toList();
    this.manifest = ContentHash.parse(b.manifest);
    this.recordCount = b.recordCount;
    this.schema = b.schema;
    this.message = b.message;
    this.author = b.author;
    this.time = b.time;
    this.lineage = Collections.unmodifiableSortedMap(new TreeMap<>(b.lineage == null ? Map.of() : b.lineage));
    this.provenance = b.provenance;
  }

  /** The JSON body as stored; its bytes' SHA-256 is the commit id. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Body(
      @JsonProperty("format") int format,
      @JsonProperty("parents") List<String> parents,
      @JsonProperty("manifest") String manifest,
      @JsonProperty("recordCount") long recordCount,
      @JsonProperty("schema") DatasetSchema schema,
      @JsonProperty("message") String message,
      @JsonProperty("author") String author,
      @JsonProperty("time") Instant time,
      @JsonProperty("lineage") SortedMap<String, String> lineage,
      @JsonProperty("provenance") Provenance provenance) {
    Body {
      parents = parents == null ? List.of() : List.copyOf(parents);
      lineage = lineage == null ? new TreeMap<>() : new TreeMap<>(lineage);
      message = message == null ? "" : message;
      author = author == null ? "" : author;
    }
  }

  /** Builds the body and its bytes; the returned commit's id is the hash of those bytes. */
  static Encoded encode(List<ContentHash> parents, ContentHash manifest, long recordCount, DatasetSchema schema,
      String message, String author, Instant time, Map<String, String> lineage, Provenance provenance) {
    Body body = new Body(FORMAT, parents.stream().map(ContentHash::toString).toList(), manifest.toString(),
        recordCount, schema, message, author, time, new TreeMap<>(lineage), provenance);
    byte[] bytes = Json.writeBytes(body);
    ContentHash id = ContentHash.of(bytes);
    return new Encoded(new Commit(id, body), bytes);
  }

  /** A commit and the exact bytes stored for it. */
  record Encoded(Commit commit, byte[] bytes) {}

  /**
   * Parses stored bytes, checking them against the id they were stored under.
   *
   * @throws IntegrityException if the bytes do not hash to {@code id}
   * @throws UnsupportedFormatException if they are not a commit of a format this library reads
   */
  static Commit decode(ContentHash id, byte[] bytes, String location)
      throws IntegrityException, UnsupportedFormatException {
    id.verify(bytes, location);
    Body body = Json.read(bytes, Body.class, location);
    if (body.format != FORMAT) {
      throw new UnsupportedFormatException("unsupported commit format", location, "format " + FORMAT,
          "format " + body.format);
    }
    if (body.manifest == null || body.time == null) {
      throw new UnsupportedFormatException("incomplete commit", location, "fields manifest and time",
          Json.write(body));
    }
    try {
      return new Commit(id, body);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFormatException("malformed commit", location, "sha256 hashes in parents and manifest",
          e.getMessage(), e);
    }
  }

  /** The commit id: SHA-256 of its stored JSON. */
  public ContentHash id() {
    return id;
  }

  /** Parent commits: none for a root commit, one for an ordinary commit, two for a merge. */
  public List<ContentHash> parents() {
    return parents;
  }

  /** The hash of the manifest (record table) of this version. */
  public ContentHash manifest() {
    return manifest;
  }

  /** Number of records in the version. */
  public long recordCount() {
    return recordCount;
  }

  /** The dataset schema, if the version declares one. */
  public Optional<DatasetSchema> schema() {
    return Optional.ofNullable(schema);
  }

  /** The commit message; empty if none was given. */
  public String message() {
    return message;
  }

  /** Who made the commit; empty if unknown. */
  public String author() {
    return author;
  }

  /** When the commit was made (millisecond precision). */
  public Instant time() {
    return time;
  }

  /** Free-form lineage: where the data came from (source URI, code commit, tool and its settings). */
  public SortedMap<String, String> lineage() {
    return lineage;
  }

  /**
   * What made this version: the one the committer gave ({@link CommitBuilder#optProvenance}), or by default one
   * of kind {@value #PROVENANCE_KIND} with the commit time and the library, Java and OS versions of the writer.
   * Empty for commits written before commits carried a provenance (and by writers that leave it out).
   */
  public Optional<Provenance> provenance() {
    return Optional.ofNullable(provenance);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Commit c && c.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Commit{" + id.hex().substring(0, 12) + ", parents=" + parents.size() + ", records=" + recordCount
        + ", message=" + message + "}";
  }
}
