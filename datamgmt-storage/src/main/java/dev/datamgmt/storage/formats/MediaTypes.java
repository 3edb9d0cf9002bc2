package dev.datamgmt.storage.formats;

import java.util.Locale;
import java.util.Optional;

/** File-extension to media-type mapping for images, shared by the importers and exporters. */
public final class MediaTypes {
  private MediaTypes() {}

  /** The image media type of a file name, if its extension is an image one. */
  public static Optional<String> ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".png")) {
      return Optional.of("image/png");
    }
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return Optional.of("image/jpeg");
    }
    if (n.endsWith(".bmp")) {
      return Optional.of("image/bmp");
    }
    if (n.endsWith(".gif")) {
      return Optional.of("image/gif");
    }
    if (n.endsWith(".webp")) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  /** The usual file extension (with the dot) for a media type; {@code .bin} if unknown. */
  public static String extension(String mediaType) {
    String m = mediaType.toLowerCase(Locale.ROOT);
    int semi = m.indexOf(';');
    if (semi >= 0) {
      m = m.substring(0, semi).trim();
    }
    return switch (m) {
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "image/bmp" -> ".bmp";
      case "image/gif" -> ".gif";
      case "image/webp" -> ".webp";
      default -> ".bin";
    };
  }
}
