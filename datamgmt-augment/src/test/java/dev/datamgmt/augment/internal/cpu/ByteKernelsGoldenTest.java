package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The 8-bit HSV shift against Albumentations' {@code shift_hsv_uint8} written with OpenCV 4.6 (goldens from
 * {@code src/test/resources/golden/generate_hsv8.py}, committed beside it): every output byte equal, on a random
 * image with rows of greys, pure hues and channel ties, for hue, saturation and value shifts alone and together,
 * fractional and out-of-range ones included, and one that sends hue 19 to 180 (a full turn within rounding).
 */
class ByteKernelsGoldenTest {
  @Test
  void hsvShift_equalsOpenCvsUint8Path_byteForByte() throws Exception {
    JsonNode g;
    try (InputStream in = getClass().getResourceAsStream("/golden/hsv8-golden.json")) {
      g = new ObjectMapper().readTree(in);
    }
    int w = g.get("width").asInt(), h = g.get("height").asInt(), plane = w * h;
    byte[] input = Base64.getDecoder().decode(g.get("input").asText());
    assertThat(input).hasSize(3 * plane);
    int cases = 0;
    for (JsonNode c : g.get("cases")) {
      byte[] expected = Base64.getDecoder().decode(c.get("output").asText());
      byte[] x = input.clone();
      ByteKernels.hsvShift(x, plane, c.get("hue").asDouble(), c.get("saturation").asDouble(),
          c.get("value").asDouble());
      int differ = 0, worst = 0;
      for (int i = 0; i < x.length; i++) {
        int d = Math.abs((x[i] & 0xFF) - (expected[i] & 0xFF));
        differ += d == 0 ? 0 : 1;
        worst = Math.max(worst, d);
      }
      assertThat(differ).as("bytes that differ from OpenCV (largest difference %d) for %s", worst, c.get("hue"))
          .isZero();
      cases++;
    }
    assertThat(cases).isEqualTo(12);
  }

  @Test
  void hsvShift_onFloatsOnTheLattice_equalsTheByteKernel() {
    int plane = 50;
    byte[] b = new byte[3 * plane];
    new java.util.SplittableRandom(4).nextBytes(b);
    float[] f = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      f[i] = (b[i] & 0xFF) * (1f / 255f);
    }
    ByteKernels.hsvShift(b, plane, 17.5, -0.1, 0.05);
    ByteKernels.hsvShift(f, plane, 17.5, -0.1, 0.05);
    for (int i = 0; i < b.length; i++) {
      assertThat(f[i]).isEqualTo((b[i] & 0xFF) * (1f / 255f));
    }
  }
}
