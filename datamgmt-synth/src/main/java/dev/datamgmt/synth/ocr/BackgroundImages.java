package dev.datamgmt.synth.ocr;

import dev.datamgmt.synth.InvalidSettingException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** The images of an {@code image} background, decoded once to packed RGB, in file-name order. */
final class BackgroundImages {
  /** One decoded image. */
  record Image(String name, int width, int height, int[] rgb) {}

  private BackgroundImages() {}

  /** @throws InvalidSettingException naming {@code ocr.backgroundFolder} and the folder or file */
  static List<Image> load(Path folder) {
    String setting = "ocr.backgroundFolder";
    if (!Files.isDirectory(folder)) {
      throw new InvalidSettingException(setting, "a folder of PNG/JPEG images", folder + " (not a folder)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
      }).sorted().toList();
    } catch (IOException e) {
      throw new InvalidSettingException(setting, "a readable folder of PNG/JPEG images", folder + " (" + e + ")");
    }
    if (files.isEmpty()) {
      throw new InvalidSettingException(setting, "a folder with at least one .png/.jpg image",
          folder + " (no image files)");
    }
    List<Image> images = new ArrayList<>();
    for (Path p : files) {
      BufferedImage img;
      try {
        img = ImageIO.read(p.toFile());
      } catch (IOException | RuntimeException e) {
        img = null;
      }
      if (img == null || img.getWidth() < 1 || img.getHeight() < 1) {
        throw new InvalidSettingException(setting, "readable PNG/JPEG images", p + " (cannot be decoded)");
      }
      int w = img.getWidth(), h = img.getHeight();
      int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] &= 0xffffff;
      }
      images.add(new Image(p.getFileName().toString(), w, h, rgb));
    }
    return images;
  }
}
