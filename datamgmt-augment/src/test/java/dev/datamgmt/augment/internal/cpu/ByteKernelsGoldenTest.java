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
 * fractional and out-of-range ones included, and one that sends hue 19 to 180 (a full turn within rounding);
 * through the scalar kernel, the vector kernel and the dispatching {@link ByteKernels#hsvShift}.
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
    int cases = 0, vectorCases = 0;
    for (JsonNode c : g.get("cases")) {
      byte[] expected = Base64.getDecoder().decode(c.get("output").asText());
      double hue = c.get("hue").asDouble(), sat = c.get("saturation").asDouble(), val = c.get("value").asDouble();
      byte[] scalar = input.clone();
      ByteKernels.hsvShiftScalar(scalar, plane, hue, sat, val);
      assertSameBytes(scalar, expected, "scalar kernel, hue " + hue);
      byte[] vector = input.clone();
      if (HsvVectorKernels.kernel().hsvShift(vector, plane, hue, sat, val)) {
        assertSameBytes(vector, expected, "vector kernel, hue " + hue);
        vectorCases++;
      }
      byte[] dispatched = input.clone();
      ByteKernels.hsvShift(dispatched, plane, hue, sat, val);
      assertSameBytes(dispatched, expected, "hsvShift, hue " + hue);
      cases++;
    }
    assertThat(cases).isEqualTo(12);
    // All but the hue-180 case go through the vector kernel too (this module's tests run with the module).
    assertThat(vectorCases).isEqualTo(11);
  }

  private static void assertSameBytes(byte[] x, byte[] expected, String what) {
    int differ = 0, worst = 0;
    for (int i = 0; i < x.length; i++) {
      int d = Math.abs((x[i] & 0xFF) - (expected[i] & 0xFF));
      differ += d == 0 ? 0 : 1;
      worst = Math.max(worst, d);
    }
    assertThat(differ).as("bytes that differ from OpenCV (largest difference %d), %s", worst, what).isZero();
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
