package dev.datamgmt.augment.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 8-bit policy path against the Python libraries (goldens from
 * {@code src/test/resources/golden/generate_bytepolicy.py}, committed beside it): the fixed-point bilinear warp
 * against {@code cv2.warpAffine(INTER_LINEAR)} of OpenCV 4.6 (resized crops up and down, flips, shifts, rotations,
 * shears, fills, taps past the edges), and the policy ops against torchvision 0.14's functional ops on uint8 tensors,
 * every byte equal; the normalize table against torchvision's float32 normalize within 1e-6.
 */
class ByteOpsGoldenTest {
  private static JsonNode golden;
  private static byte[] input;
  private static int w;
  private static int h;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = ByteOpsGoldenTest.class.getResourceAsStream("/golden/bytepolicy-golden.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    w = golden.get("width").asInt();
    h = golden.get("height").asInt();
    input = Base64.getDecoder().decode(golden.get("input").asText());
    assertThat(input).hasSize(3 * w * h);
  }

  private static void assertBytes(byte[] actual, byte[] expected, String what) {
    assertThat(actual).as(what).hasSize(expected.length);
    int differ = 0, worst = 0, first = -1;
    for (int i = 0; i < actual.length; i++) {
      int d = Math.abs((actual[i] & 0xFF) - (expected[i] & 0xFF));
      if (d != 0 && first < 0) {
        first = i;
      }
      differ += d == 0 ? 0 : 1;
      worst = Math.max(worst, d);
    }
    assertThat(differ).as("bytes that differ for %s (largest difference %d, first at %d)", what, worst, first)
        .isZero();
  }

  @Test
  void bilinearWarp_equalsCv2WarpAffine_byteForByte() {
    int cases = 0;
    for (JsonNode c : golden.get("warps")) {
      double[] inv = new double[9];
      for (int k = 0; k < 9; k++) {
        inv[k] = c.get("inverse").get(k).asDouble();
      }
      int ow = c.get("width").asInt(), oh = c.get("height").asInt();
      byte[] out = ByteOps.warpBilinear(input, 3, h, w, oh, ow, inv, (byte) c.get("fill").asInt());
      assertBytes(out, Base64.getDecoder().decode(c.get("output").asText()), c.get("name").asText());
      cases++;
    }
    assertThat(cases).isEqualTo(13);
  }

  @Test
  void policyOps_equalTorchvisionOnUint8_byteForByte() {
    int plane = w * h, cases = 0;
    for (JsonNode c : golden.get("ops")) {
      byte[] x = input.clone();
      double p = c.get("param").asDouble();
      String op = c.get("op").asText();
      switch (op) {
        case "brightness" -> ByteOps.brightness(x, p);
        case "saturation" -> ByteOps.saturation(x, 3, plane, p);
        case "contrast" -> ByteOps.contrast(x, 3, plane, p);
        case "sharpness" -> ByteOps.sharpness(x, 3, h, w, p);
        case "posterize" -> ByteOps.posterize(x, (int) p);
        case "solarize" -> ByteOps.solarize(x, p / 255.0);
        case "autoContrast" -> ByteOps.autoContrast(x, 3, plane);
        case "equalize" -> ByteOps.equalize(x, 3, plane);
        case "invert" -> ByteOps.invert(x);
        default -> throw new AssertionError(op);
      }
      assertBytes(x, Base64.getDecoder().decode(c.get("output").asText()), op + " " + p);
      cases++;
    }
    assertThat(cases).isEqualTo(29);
  }

  @Test
  void normalizeTable_isTorchvisionsNormalize_within1e6() {
    JsonNode n = golden.get("normalize");
    float[] mean = new float[3], inv = new float[3];
    for (int k = 0; k < 3; k++) {
      mean[k] = (float) n.get("mean").get(k).asDouble();
      inv[k] = 1f / (float) n.get("std").get(k).asDouble();
    }
    float[] out = ByteOps.normalize(input, 3, w * h, mean, inv);
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(n.get("output").asText())).order(ByteOrder.LITTLE_ENDIAN);
    double worst = 0;
    for (float v : out) {
      worst = Math.max(worst, Math.abs(v - bb.getFloat()));
    }
    assertThat(worst).isLessThan(1e-6);
  }
}
