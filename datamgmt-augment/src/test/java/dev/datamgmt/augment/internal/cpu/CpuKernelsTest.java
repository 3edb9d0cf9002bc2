package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import org.junit.jupiter.api.Test;

/** Each kernel does what its documentation says, on hand-checkable inputs. */
class CpuKernelsTest {
  private static Raster run(Raster in, dev.datamgmt.augment.Step... steps) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      return aug.replay(ImageSample.of("t", in), AugmentParams.of(steps)).image();
    }
  }

  @Test
  void horizontalFlipTwice_isIdentity_andOnceMirrors() throws Exception {
    Raster in = TestImages.uint8(3, 5, 7, 1);
    Pipeline p = Pipeline.builder().setSeed(0).add(ImageOps.horizontalFlip(1)).add(ImageOps.horizontalFlip(1)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(p).build()) {
      assertThat(aug.apply(in, 0, 0).uint8Array()).containsExactly(in.uint8Array());
    }
    Pipeline once = Pipeline.builder().setSeed(0).add(ImageOps.horizontalFlip(1)).build();
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(once).build()) {
      Raster out = aug.apply(in, 0, 0);
      assertThat(out.get(2, 3, 0)).isEqualTo(in.get(2, 3, 6));
    }
  }

  @Test
  void brightnessContrastSaturation_matchTheirFormulas() throws Exception {
    Raster in = Raster.ofFloat(3, 1, 2, new float[] {0.2f, 0.6f, 0.4f, 0.4f, 0.8f, 0.0f});
    Raster b = run(in, new ImageSteps.Brightness(1.5));
    assertThat(b.floatArray()).containsExactly(new float[] {0.3f, 0.9f, 0.6f, 0.6f, 1f, 0f}, within(1e-6f));
    float mean = (0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.8f + 0.299f * 0.6f + 0.587f * 0.4f + 0f) / 2;
    Raster c = run(in, new ImageSteps.Contrast(0.5));
    assertThat(c.get(0, 0, 0)).isCloseTo(0.5f * 0.2f + 0.5f * mean, within(1e-6f));
    Raster s = run(in, new ImageSteps.Saturation(0));
    assertThat(s.get(0, 0, 1)).isCloseTo(s.get(2, 0, 1), within(1e-6f));
  }

  @Test
  void hueByFullTurn_isIdentity_andGrayStaysGray() throws Exception {
    Raster in = TestImages.floats(3, 4, 4, 2);
    Raster full = run(in, new ImageSteps.Hue(0.5), new ImageSteps.Hue(0.5));
    for (int i = 0; i < in.floatArray().length; i++) {
      assertThat(full.floatArray()[i]).isCloseTo(in.floatArray()[i], within(2e-3f));
    }
    Raster gray = Raster.ofFloat(3, 1, 1, new float[] {0.5f, 0.5f, 0.5f});
    assertThat(run(gray, new ImageSteps.Hue(0.3)).floatArray())
        .containsExactly(new float[] {0.5f, 0.5f, 0.5f}, within(1e-4f));
  }

  @Test
  void blur_preservesAConstantImageAndSmoothsAnEdge() throws Exception {
    float[] v = new float[20];
    java.util.Arrays.fill(v, 0.7f);
    assertThat(run(Raster.ofFloat(1, 4, 5, v), new ImageSteps.Blur(1.2)).floatArray()).containsOnly(0.7f);
    float[] edge = new float[10];
    for (int i = 5; i < 10; i++) {
      edge[i] = 1;
    }
    float[] out = run(Raster.ofFloat(1, 1, 10, edge), new ImageSteps.Blur(1)).floatArray();
    assertThat(out[4]).isBetween(0.1f, 0.5f);
    assertThat(out[5]).isBetween(0.5f, 0.9f);
  }

  @Test
  void jpegAtLowQuality_changesPixelsButKeepsTheImage() throws Exception {
    Raster in = TestImages.uint8(3, 32, 32, 3);
    Raster out = run(in, new ImageSteps.Jpeg(5));
    assertThat(out.uint8Array()).isNotEqualTo(in.uint8Array());
    double err = 0;
    for (int i = 0; i < in.uint8Array().length; i++) {
      err += Math.abs((in.uint8Array()[i] & 0xFF) - (out.uint8Array()[i] & 0xFF));
    }
    assertThat(err / in.uint8Array().length).isBetween(0.5, 40.0);
    Raster gray = run(TestImages.uint8(1, 16, 16, 3), new ImageSteps.Jpeg(50));
    assertThat(gray.channels()).isEqualTo(1);
  }

  @Test
  void pixelate_makesConstantBlocks() throws Exception {
    Raster out = run(TestImages.floats(1, 8, 8, 4), new ImageSteps.Pixelate(4));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(out.get(0, y, x)).isEqualTo(out.get(0, 0, 0));
      }
    }
  }

  @Test
  void erase_fillsExactlyTheRectangle() throws Exception {
    Raster out = run(Raster.ofFloat(1, 4, 4, new float[16]), new ImageSteps.Erase(1, 1, 3, 2, 0.5));
    int filled = 0;
    for (float f : out.floatArray()) {
      filled += f == 0.5f ? 1 : 0;
    }
    assertThat(filled).isEqualTo(2);
    assertThat(out.get(0, 1, 1)).isEqualTo(0.5f);
  }

  @Test
  void normalize_outputsFloatFromUint8() throws Exception {
    Raster in = Raster.ofUint8(1, 1, 2, new byte[] {0, (byte) 255});
    Raster out = run(in, new ImageSteps.Normalize(java.util.List.of(0.5), java.util.List.of(0.25)));
    assertThat(out.pixelType()).isEqualTo(Raster.PixelType.FLOAT32);
    assertThat(out.floatArray()).containsExactly(new float[] {-2f, 2f}, within(1e-6f));
  }

  @Test
  void grayscaleInput_staysGrayscaleThroughColourOps() throws Exception {
    Raster in = TestImages.uint8(1, 6, 6, 5);
    Raster out = run(in, new ImageSteps.Saturation(0.2), new ImageSteps.Hue(0.2), new ImageSteps.Grayscale());
    assertThat(out.uint8Array()).containsExactly(in.uint8Array());
  }

  @Test
  void noiseField_isAPureFunctionOfItsSeedWithUnitVariance() {
    float[] a = CpuKernels.noiseField(9, 20_000), b = CpuKernels.noiseField(9, 20_000);
    assertThat(a).containsExactly(b);
    double sum = 0, sq = 0;
    for (float v : a) {
      sum += v;
      sq += v * v;
    }
    assertThat(sum / a.length).isCloseTo(0, within(0.03));
    assertThat(sq / a.length).isCloseTo(1, within(0.05));
  }
}
