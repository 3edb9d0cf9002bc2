package dev.datamgmt.augment.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewTest {
  static ImageSample sample() {
    int w = 96, h = 72;
    int[] mask = new int[w * h];
    for (int y = 20; y < 50; y++) {
      for (int x = 30; x < 70; x++) {
        mask[y * w + x] = 1;
      }
    }
    return ImageSample.of("preview", TestImages.uint8(3, h, w, 3))
        .withBoxes(List.of(new Box(30, 20, 70, 50, 0), new Box(5, 5, 25, 30, 3)), BoxFormat.PIXEL_XYXY)
        .withKeypoints(List.of(new Keypoint(50, 35, Keypoint.VISIBLE)))
        .withMask(SegmentationMask.of(w, h, mask));
  }

  static Pipeline pipeline() {
    return Pipeline.builder().setSeed(8)
        .add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(20, 0.1, 0.8, 1.2, 10))
        .add(ImageOps.brightness(0.6, 1.4))
        .add(ImageOps.saturation(0.6, 1.4))
        .add(ImageOps.randomErasing(0.3, 0.02, 0.1))
        .build();
  }

  @Test
  void render_writesAPngGridWithBoxesDrawn(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("preview.png");
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline()).build()) {
      Preview.writePng(Preview.render(aug, sample(), 7, 4, 2), png);
    }
    BufferedImage back = ImageIO.read(png.toFile());
    assertThat(back.getWidth()).isEqualTo(4 * (96 * 2 + 4) + 4);
    assertThat(back.getHeight()).isEqualTo(2 * (72 * 2 + 4) + 4);
    // The first cell is the original: its class-0 box outline is drawn in the class-0 colour.
    int rgb = back.getRGB(4 + 30 * 2, 4 + 35 * 2) & 0xFFFFFF;
    assertThat(rgb).isEqualTo(0xE6194B);
    // Kept under target/ so a person can look at it after the build.
    Files.createDirectories(Path.of("target"));
    Files.copy(png, Path.of("target", "augment-preview.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void render_rejectsNonPositiveCounts() {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline()).build()) {
      assertThatThrownBy(() -> Preview.render(aug, sample(), 0, 4, 1)).hasMessageContaining("variants");
    }
  }
}
