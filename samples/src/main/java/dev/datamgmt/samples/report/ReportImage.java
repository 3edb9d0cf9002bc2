package dev.datamgmt.samples.report;

import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.List;
import java.util.Objects;

/**
 * One PNG image of an {@link HtmlReport#imageGrid image grid}, with a caption and optional overlays: boxes (pixel
 * {@code xyxy}, coloured by class) and keypoints (pixel {@code x, y}; those with visibility {@link
 * Keypoint#NOT_LABELED} are not drawn). The overlays are drawn as SVG over the image, in the image's pixel
 * coordinates, so they stay crisp however far the image is scaled up.
 *
 * <p>The PNG is checked when the record is made (signature and header chunk); its width and height come from its
 * header. The array is copied in and {@link #png()} returns a copy.
 *
 * @param png the encoded PNG image
 * @param caption the text under the image (HTML-escaped when written); {@code null} means none
 * @param boxes boxes to draw over the image, in its pixel coordinates
 * @param keypoints keypoints to draw over the image, in its pixel coordinates
 */
public record ReportImage(byte[] png, String caption, List<Box> boxes, List<Keypoint> keypoints) {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Validates the PNG (signature and header chunk) and copies the array and lists. */
  public ReportImage {
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(boxes, "boxes (List.of() for none)");
    Objects.requireNonNull(keypoints, "keypoints (List.of() for none)");
    checkPng(png, caption);
    png = png.clone();
    caption = caption == null ? "" : caption;
    boxes = List.copyOf(boxes);
    keypoints = List.copyOf(keypoints);
  }

  /**
   * An image without overlays.
   *
   * @param png the encoded PNG image
   * @param caption the text under the image
   * @return the image
   */
  public static ReportImage of(byte[] png, String caption) {
    return new ReportImage(png, caption, List.of(), List.of());
  }

  /**
   * A copy of the encoded PNG.
   *
   * @return the PNG bytes
   */
  @Override
  public byte[] png() {
    return png.clone();
  }

  /**
   * The image width in pixels, from the PNG header.
   *
   * @return the width
   */
  public int width() {
    return readInt(png, 16);
  }

  /**
   * The image height in pixels, from the PNG header.
   *
   * @return the height
   */
  public int height() {
    return readInt(png, 20);
  }

  /** {@code png} and {@link #png()} share no array, so equality compares the bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ReportImage other
        && java.util.Arrays.equals(png, other.png)
        && caption.equals(other.caption)
        && boxes.equals(other.boxes)
        && keypoints.equals(other.keypoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(png), caption, boxes, keypoints);
  }

  @Override
  public String toString() {
    return "ReportImage[" + width() + "x" + height() + " PNG, caption=" + caption + ", " + boxes.size() + " boxes, "
        + keypoints.size() + " keypoints]";
  }

  private static void checkPng(byte[] png, String caption) {
    String where = "image '" + caption + "'";
    if (png.length < 24) {
      throw new IllegalArgumentException(
          where + ": expected PNG bytes (signature and IHDR chunk, >= 24 bytes), found " + png.length + " bytes");
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (png[i] != SIGNATURE[i]) {
        throw new IllegalArgumentException(
            where + ": expected the PNG signature 89 50 4E 47 0D 0A 1A 0A, found " + hex(png, 8)
                + " (encode the image as PNG first, e.g. with ImageIO.write(image, \"png\", out))");
      }
    }
    if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
      throw new IllegalArgumentException(
          where + ": expected the IHDR chunk after the PNG signature, found bytes " + hex(java.util.Arrays
              .copyOfRange(png, 12, 16), 4));
    }
    int width = readInt(png, 16);
    int height = readInt(png, 20);
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          where + ": expected a PNG of positive width and height, found " + width + "x" + height);
    }
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  private static String hex(byte[] b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      s.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xff));
    }
    return s.toString();
  }
}
