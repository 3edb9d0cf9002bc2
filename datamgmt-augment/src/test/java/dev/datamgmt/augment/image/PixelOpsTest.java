package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RandAugment pixel operations against values computed with torchvision 0.14.1
 * ({@code torchvision.transforms.functional}) on the same input, in /usr/bin/python3 with Debian's packages.
 */
class PixelOpsTest {
  /** {@code torch.randint(0, 256, (3, 5, 6), generator=manual_seed(0))} with channel 1 quantized to 4 levels. */
  private static final int[] IN = {172, 47, 117, 192, 67, 251, 195, 103, 9, 211, 21, 242, 36, 87, 70, 216, 88, 140,
      58, 193, 230, 39, 87, 174, 88, 81, 165, 25, 77, 72, 30, 110, 70, 150, 150, 150, 150, 70, 110, 150, 70, 70, 150,
      110, 150, 30, 110, 110, 110, 110, 30, 150, 30, 110, 70, 30, 30, 150, 150, 110, 163, 254, 203, 114, 183, 28, 34,
      128, 128, 164, 53, 133, 38, 232, 244, 17, 79, 132, 105, 42, 186, 31, 120, 1, 65, 231, 169, 57, 35, 102};
  /** {@code F.posterize(x, 3)}. */
  private static final int[] POSTERIZE3 = {160, 32, 96, 192, 64, 224, 192, 96, 0, 192, 0, 224, 32, 64, 64, 192, 64,
      128, 32, 192, 224, 32, 64, 160, 64, 64, 160, 0, 64, 64, 0, 96, 64, 128, 128, 128, 128, 64, 96, 128, 64, 64, 128,
      96, 128, 0, 96, 96, 96, 96, 0, 128, 0, 96, 64, 0, 0, 128, 128, 96, 160, 224, 192, 96, 160, 0, 32, 128, 128, 160,
      32, 128, 32, 224, 224, 0, 64, 128, 96, 32, 160, 0, 96, 0, 64, 224, 160, 32, 32, 96};
  /** {@code F.autocontrast(x / 255)}, rounded to 6 places. */
  private static final double[] AUTOCONTRAST = {0.673554, 0.157025, 0.446281, 0.756198, 0.239669, 1.0, 0.768595,
      0.38843, 0.0, 0.834711, 0.049587, 0.96281, 0.11157, 0.322314, 0.252066, 0.855372, 0.326446, 0.541322, 0.202479,
      0.760331, 0.913223, 0.123967, 0.322314, 0.681818, 0.326446, 0.297521, 0.644628, 0.066116, 0.280992, 0.260331,
      0.0, 0.666667, 0.333333, 1.0, 1.0, 1.0, 1.0, 0.333333, 0.666667, 1.0, 0.333333, 0.333333, 1.0, 0.666667, 1.0,
      0.0, 0.666667, 0.666667, 0.666667, 0.666667, 0.0, 1.0, 0.0, 0.666667, 0.333333, 0.0, 0.0, 1.0, 1.0, 0.666667,
      0.640316, 1.0, 0.798419, 0.44664, 0.719368, 0.106719, 0.130435, 0.501976, 0.501976, 0.644269, 0.205534,
      0.521739, 0.146245, 0.913043, 0.960474, 0.063241, 0.3083, 0.517787, 0.411067, 0.162055, 0.731225, 0.118577,
      0.470356, 0.0, 0.252964, 0.909091, 0.664032, 0.221344, 0.134387, 0.399209};
  /** {@code F.adjust_sharpness(x / 255, 1.7)}. */
  private static final double[] SHARPNESS17 = {0.67451, 0.184314, 0.458824, 0.752941, 0.262745, 0.984314, 0.764706,
      0.423137, 0.0, 1.0, 0.0, 0.94902, 0.141176, 0.299367, 0.163017, 1.0, 0.255143, 0.54902, 0.227451, 0.9108, 1.0,
      0.016531, 0.31267, 0.682353, 0.345098, 0.317647, 0.647059, 0.098039, 0.301961, 0.282353, 0.117647, 0.431373,
      0.27451, 0.588235, 0.588235, 0.588235, 0.588235, 0.206938, 0.439819, 0.664253, 0.198492, 0.27451, 0.588235,
      0.431373, 0.681146, 0.0, 0.465158, 0.431373, 0.431373, 0.473605, 0.007843, 0.698039, 0.0, 0.431373, 0.27451,
      0.117647, 0.117647, 0.588235, 0.588235, 0.431373, 0.639216, 0.996078, 0.796078, 0.447059, 0.717647, 0.109804,
      0.133333, 0.444525, 0.431855, 0.704585, 0.117888, 0.521569, 0.14902, 1.0, 1.0, 0.0, 0.305792, 0.517647,
      0.411765, 0.0, 0.827602, 0.0, 0.577436, 0.003922, 0.254902, 0.905882, 0.662745, 0.223529, 0.137255, 0.4};
  /** {@code F.adjust_sharpness(x / 255, 0.3)}. */
  private static final double[] SHARPNESS03 = {0.67451, 0.184314, 0.458824, 0.752941, 0.262745, 0.984314, 0.764706,
      0.384706, 0.240332, 0.635716, 0.343982, 0.94902, 0.141176, 0.382986, 0.386003, 0.641599, 0.435053, 0.54902,
      0.227451, 0.602926, 0.698401, 0.289351, 0.369683, 0.682353, 0.345098, 0.317647, 0.647059, 0.098039, 0.301961,
      0.282353, 0.117647, 0.431373, 0.27451, 0.588235, 0.588235, 0.588235, 0.588235, 0.342081, 0.422926, 0.512217,
      0.350528, 0.27451, 0.588235, 0.431373, 0.495324, 0.235897, 0.397587, 0.431373, 0.431373, 0.38914, 0.227451,
      0.478431, 0.261237, 0.431373, 0.27451, 0.117647, 0.117647, 0.588235, 0.588235, 0.431373, 0.639216, 0.996078,
      0.796078, 0.447059, 0.717647, 0.109804, 0.133333, 0.559397, 0.572066, 0.581689, 0.297798, 0.521569, 0.14902,
      0.70899, 0.740633, 0.250166, 0.313816, 0.517647, 0.411765, 0.361931, 0.631222, 0.260724, 0.363741, 0.003922,
      0.254902, 0.905882, 0.662745, 0.223529, 0.137255, 0.4};
  /** {@code F.solarize(x / 255, 0.4)}. */
  private static final double[] SOLARIZE04 = {0.32549, 0.184314, 0.541176, 0.247059, 0.262745, 0.015686, 0.235294,
      0.596078, 0.035294, 0.172549, 0.082353, 0.05098, 0.141176, 0.341176, 0.27451, 0.152941, 0.345098, 0.45098,
      0.227451, 0.243137, 0.098039, 0.152941, 0.341176, 0.317647, 0.345098, 0.317647, 0.352941, 0.098039, 0.301961,
      0.282353, 0.117647, 0.568627, 0.27451, 0.411765, 0.411765, 0.411765, 0.411765, 0.27451, 0.568627, 0.411765,
      0.27451, 0.27451, 0.411765, 0.568627, 0.411765, 0.117647, 0.568627, 0.568627, 0.568627, 0.568627, 0.117647,
      0.411765, 0.117647, 0.568627, 0.27451, 0.117647, 0.117647, 0.411765, 0.411765, 0.568627, 0.360784, 0.003922,
      0.203922, 0.552941, 0.282353, 0.109804, 0.133333, 0.498039, 0.498039, 0.356863, 0.207843, 0.478431, 0.14902,
      0.090196, 0.043137, 0.066667, 0.309804, 0.482353, 0.588235, 0.164706, 0.270588, 0.121569, 0.529412, 0.003922,
      0.254902, 0.094118, 0.337255, 0.223529, 0.137255, 0.6};
  /**
   * {@code F.equalize} of the 1x20x20 uint8 image {@code v(i) = (37 i mod 97) + (i^2 mod 53)}, as a string (PIL's
   * algorithm: step = (n - count of the last level) // 255, lut = (cumsum + step // 2) // step shifted by one).
   */
  private static final String EQUALIZED = "0,66,214,25,169,255,160,255,15,185,255,50,255,255,185,239,116,190,255,169,"
      + "255,18,81,255,147,255,255,176,255,108,255,251,60,247,255,70,255,120,147,255,51,255,17,247,255,34,255,255,"
      + "120,239,15,93,231,21,139,255,79,254,60,246,255,60,255,104,120,255,34,255,255,203,255,9,254,255,68,164,255,"
      + "231,255,112,255,255,195,255,7,132,255,147,147,255,206,231,87,123,255,66,255,40,93,255,104,206,255,60,176,2,"
      + "73,223,25,162,255,132,255,139,132,255,190,206,68,93,255,40,255,255,51,255,51,143,251,193,255,255,199,255,"
      + "112,255,255,47,217,44,231,231,70,255,255,169,209,81,139,255,101,176,255,190,255,40,132,255,34,156,1,79,247,"
      + "49,217,255,223,217,57,255,255,143,176,255,101,255,60,123,255,123,227,7,255,255,143,255,255,199,255,147,112,"
      + "255,108,255,2,147,255,34,254,255,164,223,108,185,255,174,255,255,101,217,9,93,242,31,162,5,116,255,107,255,"
      + "255,130,255,21,227,255,130,185,255,132,209,116,209,255,47,255,93,227,255,123,255,255,231,199,27,195,255,34,"
      + "231,255,93,255,23,251,255,195,255,9,255,255,73,185,255,51,176,4,87,247,44,203,255,193,255,27,214,255,73,255,"
      + "9,214,255,155,217,255,203,255,33,112,255,176,255,70,209,255,143,255,255,81,255,93,93,255,156,176,255,76,255,"
      + "31,255,255,51,255,60,156,255,27,123,255,43,169,5,108,255,81,255,255,81,255,132,156,255,51,255,14,239,255,23,"
      + "255,255,90,199,139,255,255,147,255,255,227,255,19,164,255,176,176,34,242,255,116,160,255,87,255,57,123,255,"
      + "132,242,255,81,209,9,104,254,44,195,20,164,255,169,164,255,217,242,90,123,255,57,255,27,76,255,76,174,255,"
      + "223,255,90,231,255,147";

  /**
   * OpenCV 4.6 on the same input as float RGB / 255: {@code cvtColor(RGB2HSV)}, hue + 40 mod 360, saturation + 0.1
   * and value - 0.05 clamped to [0, 1], {@code cvtColor(HSV2RGB)} (Albumentations' HueSaturationValue on floats).
   */
  private static final double[] HSV_40_01_M005 = {
      0.624510, 0.394086, 0.746078, 0.657318, 0.177674, 0.736910, 0.458573, 0.451961, 0.000000, 0.777451, 0.044902,
      0.899020, 0.075353, 0.553141, 0.322042, 0.797059, 0.235758, 0.499020, 0.162950, 0.633888, 0.851961, 0.057412,
      0.420588, 0.444718, 0.295098, 0.789788, 0.612745, 0.035882, 0.071765, 0.211488, 0.046475, 0.080454, 0.182661,
      0.702941, 0.201610, 0.934314, 0.714706, 0.201970, 0.082289, 0.607188, 0.167084, 0.389090, 0.538235, 0.236446,
      0.169479, 0.583442, 0.381373, 0.342185, 0.256760, 0.706863, 0.025929, 0.538235, 0.063088, 0.632353, 0.282734,
      0.025565, 0.047497, 0.538235, 0.538235, 0.303882, 0.202517, 0.946078, 0.734782, 0.347077, 0.667647, 0.010795,
      0.053145, 0.393055, 0.451961, 0.474945, 0.224510, 0.170145, 0.392062, 0.859804, 0.906863, 0.000000, 0.290559,
      0.352640, 0.381373, 0.083139, 0.119546, 0.345637, 0.313338, 0.000000, 0.188460, 0.855882, 0.252179, 0.499387,
      0.212382, 0.381373};

  private static Raster input(boolean uint8) {
    byte[] b = new byte[IN.length];
    for (int i = 0; i < IN.length; i++) {
      b[i] = (byte) IN[i];
    }
    Raster r = Raster.ofUint8(3, 5, 6, b);
    return uint8 ? r : r.toFloat();
  }

  private static Raster run(Raster in, Step step) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      return aug.replay(ImageSample.of("s", in), AugmentParams.of(step)).image();
    }
  }

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-6));
    }
  }

  @Test
  void posterize_isTorchvisions() throws Exception {
    for (boolean uint8 : new boolean[] {true, false}) {
      float[] out = run(input(uint8), new ImageSteps.Posterize(3)).toFloatChw();
      for (int i = 0; i < IN.length; i++) {
        assertThat(Math.round(out[i] * 255)).isEqualTo(POSTERIZE3[i]);
      }
    }
  }

  @Test
  void autoContrastSharpnessSolarize_areTorchvisions() throws Exception {
    assertClose(run(input(false), new ImageSteps.AutoContrast()).floatArray(), AUTOCONTRAST);
    assertClose(run(input(false), new ImageSteps.Sharpness(1.7)).floatArray(), SHARPNESS17);
    assertClose(run(input(false), new ImageSteps.Sharpness(0.3)).floatArray(), SHARPNESS03);
    assertClose(run(input(false), new ImageSteps.Solarize(0.4)).floatArray(), SOLARIZE04);
    float[] inv = run(input(false), new ImageSteps.Invert()).floatArray();
    for (int i = 0; i < IN.length; i++) {
      assertThat(inv[i]).isCloseTo(1 - IN[i] / 255f, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void hsvShift_isOpenCvsRoundTrip() throws Exception {
    assertClose5(run(input(false), new ImageSteps.HsvShift(40, 0.1, -0.05)).floatArray(), HSV_40_01_M005);
    Raster gray = Raster.ofFloat(1, 1, 3, new float[] {0.2f, 0.5f, 0.99f});
    assertThat(run(gray, new ImageSteps.HsvShift(90, 0.5, 0.05)).floatArray()).containsExactly(0.25f, 0.55f, 1f);
  }

  private static void assertClose5(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void equalize_isTorchvisions() throws Exception {
    byte[] b = new byte[400];
    for (int i = 0; i < 400; i++) {
      b[i] = (byte) ((i * 37) % 97 + (i * i) % 53);
    }
    Raster out = run(Raster.ofUint8(1, 20, 20, b), new ImageSteps.Equalize());
    String[] want = EQUALIZED.split(",");
    for (int i = 0; i < 400; i++) {
      assertThat(out.uint8Array()[i] & 0xFF).as("pixel %d", i).isEqualTo(Integer.parseInt(want[i]));
    }
    // Too few pixels for a step (torchvision returns the image unchanged).
    assertThat(run(input(true), new ImageSteps.Equalize()).uint8Array()).containsExactly(input(true).uint8Array());
  }

  @Test
  void colorJitter_appliesTheFourAdjustmentsInRandomOrders_withinTheirRanges() {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.colorJitter(0.4, 0.3, 0.2, 0.1)).build();
    Set<List<Class<?>>> orders = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      List<Step> steps = p.sample(0, i, 8, 8).steps();
      assertThat(steps).hasSize(4);
      orders.add(steps.stream().<Class<?>>map(Object::getClass).toList());
      for (Step st : steps) {
        if (st instanceof ImageSteps.Brightness b) {
          assertThat(b.factor()).isBetween(0.6, 1.4);
        } else if (st instanceof ImageSteps.Contrast c) {
          assertThat(c.factor()).isBetween(0.7, 1.3);
        } else if (st instanceof ImageSteps.Saturation s) {
          assertThat(s.factor()).isBetween(0.8, 1.2);
        } else {
          assertThat(((ImageSteps.Hue) st).shift()).isBetween(-0.1, 0.1);
        }
      }
    }
    assertThat(orders).hasSize(24);
    List<Step> noHue = Pipeline.builder().setSeed(1).add(ImageOps.colorJitter(0.4, 0, 0.2, 0)).build()
        .sample(0, 3, 8, 8).steps();
    assertThat(noHue).hasSize(2);
  }

  @Test
  void badSettings_areRejectedNamingThem() {
    assertThatThrownBy(() -> ImageOps.posterize(1, 0, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("posterize bits");
    assertThatThrownBy(() -> ImageOps.colorJitter(0.1, 0.1, 0.1, 0.6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colorJitter hue");
    assertThatThrownBy(() -> new ImageSteps.Posterize(9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageOps.sharpness(1, 2, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sharpness factor");
  }
}
