package dev.datamgmt.augment.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An uint8 image whose plan only copies pixels (lattice warps: letterbox at scale 1, flips, quarter turns) and
 * shifts HSV runs on bytes alone; it gives exactly the bytes of the float path, which runs the same 8-bit HSV
 * arithmetic on the lattice (forced here by a trailing brightness of factor 1, which changes no value).
 */
class BytePathPropertiesTest {
  @Property(tries = 100)
  void bytePath_equalsTheFloatPath(@ForAll @IntRange(min = 0, max = 100_000) int index,
      @ForAll @IntRange(min = 0, max = 3) int variant) throws Exception {
    int c = 3, h = 24, w = 32;
    Pipeline.Builder b = Pipeline.builder().setSeed(5);
    switch (variant) {
      case 0 -> b.add(ImageOps.letterbox(32, 114 / 255.0)).add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08))
          .add(ImageOps.horizontalFlip(0.5));
      case 1 -> b.add(ImageOps.verticalFlip(0.5)).add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08))
          .add(ImageOps.hueSaturationValue(1, 20, 0.3, 0.3));
      case 2 -> b.add(ImageOps.padIfNeeded(40, 30, 0)).add(ImageOps.hueSaturationValue(1, 180, 1, 1))
          .add(ImageOps.horizontalFlip(0.5)).add(ImageOps.transpose(0.5));
      default -> b.add(ImageOps.hueSaturationValue(1, 40, 0.12, 0.08)).add(ImageOps.randomRotate90(1));
    }
    List<Step> steps = b.build().sample(0, index, w, h).steps();
    Raster img = TestImages.uint8(c, h, w, index);
    ImageSample bytes = ImageExecutor.run(ImageSample.of("s", img), steps, BoxPolicy.DEFAULT);
    List<Step> forced = new ArrayList<>(steps);
    forced.add(new ImageSteps.Brightness(1.0));
    ImageSample floats = ImageExecutor.run(ImageSample.of("s", img), forced, BoxPolicy.DEFAULT);
    assertThat(bytes.image().pixelType()).isEqualTo(Raster.PixelType.UINT8);
    assertThat(bytes.image().width()).isEqualTo(floats.image().width());
    assertThat(bytes.image().uint8Array()).containsExactly(floats.image().uint8Array());
  }
}
