package dev.datamgmt.core.record;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one table from file extensions to media types, used wherever files become blobs (directory ingest, the
 * importers) and blobs become files again (the exporters).
 *
 * <pre>{@code
 * MediaTypes.ofFileName("cat/001.JPG");   // Optional[image/jpeg]
 * MediaTypes.guess("notes.xyz");          // application/octet-stream
 * MediaTypes.extension("image/png");      // .png
 * }</pre>
 */
public final class MediaTypes {
  private MediaTypes() {}

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"), Map.entry("webp", "image/webp"),
      Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("wav", "audio/wav"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("flac", "audio/flac"), Map.entry("txt", "text/plain"),
      Map.entry("json", "application/json"), Map.entry("csv", "text/csv"),
      Map.entry("npy", BlobRef.OCTET_STREAM));

  // the usual extension of each media type, for files written back out
  private static final Map<String, String> EXTENSION = Map.ofEntries(
      Map.entry("image/png", ".png"), Map.entry("image/jpeg", ".jpg"), Map.entry("image/gif", ".gif"),
      Map.entry("image/bmp", ".bmp"), Map.entry("image/webp", ".webp"), Map.entry("image/tiff", ".tif"),
      Map.entry("audio/wav", ".wav"), Map.entry("audio/mpeg", ".mp3"), Map.entry("audio/flac", ".flac"),
      Map.entry("text/plain", ".txt"), Map.entry("application/json", ".json"), Map.entry("text/csv", ".csv"));

  /**
   * The media type of a file name (or a {@code /}-separated path) by its extension, case-insensitively; empty if
   * the name has no extension or one this table does not know.
   */
  public static Optional<String> ofFileName(String name) {
    int dot = name.lastIndexOf('.');
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    if (dot <= slash + 1) {
      return Optional.empty(); // no extension, or a hidden file's leading dot
    }
    return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /** {@link #ofFileName} or {@link BlobRef#OCTET_STREAM} when the extension is unknown. */
  public static String guess(String name) {
    return ofFileName(name).orElse(BlobRef.OCTET_STREAM);
  }

  /** Whether the file name has an image extension ({@code image/*} in this table). */
  public static boolean isImage(String name) {
    return ofFileName(name).map(m -> m.startsWith("image/")).orElse(false);
  }

  /**
   * The usual file extension (with the dot) for a media type, parameters ignored ({@code image/png; q=1} is
   * {@code .png}); {@code .bin} if unknown.
   */
  public static String extension(String mediaType) {
    String m = mediaType.toLowerCase(Locale.ROOT);
    int semi = m.indexOf(';');
    if (semi >= 0) {
      m = m.substring(0, semi);
    }
    return EXTENSION.getOrDefault(m.trim(), ".bin");
  }
}
