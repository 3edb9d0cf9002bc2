package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.geometry.ImageSample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The filters of issue 20 against OpenCV ({@code cv2} from Debian's python3-opencv in /usr/bin/python3) on the
 * same 8-bit images: median blur and CLAHE exactly, the motion-blur and defocus kernels as
 * {@code cv2.filter2D(..., BORDER_REPLICATE)} on floats.
 */
@Tag("peers") // runs /usr/bin/python3 with OpenCV: CI's peers step
class OpenCvFilterPeerTest {
  private static final String SCRIPT = String.join("\n",
      "import sys, cv2, numpy as np",
      "h, w = map(int, sys.stdin.readline().split())",
      "img = np.array(sys.stdin.readline().split(), dtype=np.uint8).reshape(h, w)",
      "kind = sys.stdin.readline().strip(); arg = sys.stdin.readline().split()",
      "if kind == 'median': out = cv2.medianBlur(img, int(arg[0]))",
      "elif kind == 'clahe': out = cv2.createCLAHE(float(arg[0]), (int(arg[1]), int(arg[2]))).apply(img)",
      "else:",
      "  s = int(arg[0]); k = np.array(arg[1:], dtype=np.float32).reshape(s, s)",
      "  out = cv2.filter2D(img.astype(np.float32) / 255, -1, k, borderType=cv2.BORDER_REPLICATE)",
      "print(' '.join(repr(float(v)) for v in out.ravel()))");

  private static double[] opencv(int h, int w, byte[] img, String kind, String args) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      StringBuilder sb = new StringBuilder().append(h).append(' ').append(w).append('\n');
      for (byte b : img) {
        sb.append(b & 0xff).append(' ');
      }
      sb.append('\n').append(kind).append('\n').append(args).append('\n');
      in.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    return Arrays.stream(out.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static float[] ours(Raster img, Step step) throws Exception {
    try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      return aug.replay(ImageSample.of("s", img.toFloat()), AugmentParams.of(step)).image().floatArray();
    }
  }

  @Test
  void medianBlur_equalsOpenCv() throws Exception {
    Raster img = TestImages.uint8(1, 23, 31, 4);
    for (int size : new int[] {3, 5, 7}) {
      double[] cv = opencv(23, 31, img.uint8Array(), "median", "" + size);
      float[] ours = ours(img, new ImageSteps.MedianBlur(size));
      for (int i = 0; i < cv.length; i++) {
        assertThat(Raster.toByte(ours[i])).as("size %s pixel %s", size, i).isEqualTo((int) cv[i]);
      }
    }
  }

  @Test
  void clahe_onGrayscale_equalsOpenCv() throws Exception {
    // 37 x 45 is not a multiple of the tile grid: OpenCV pads by reflection for the histograms.
    for (int[] shape : new int[][] {{40, 48, 8}, {37, 45, 4}, {64, 64, 3}}) {
      Raster img = TestImages.uint8(1, shape[0], shape[1], shape[2]);
      double clip = 1.5 + shape[2] / 4.0;
      double[] cv = opencv(shape[0], shape[1], img.uint8Array(), "clahe", clip + " " + shape[2] + " " + shape[2]);
      float[] ours = ours(img, new ImageSteps.Clahe(clip, shape[2], shape[2]));
      for (int i = 0; i < cv.length; i++) {
        assertThat(Raster.toByte(ours[i])).as("%s pixel %s", Arrays.toString(shape), i).isEqualTo((int) cv[i]);
      }
    }
  }

  @Test
  void motionBlurAndDefocusKernels_equalOpenCvFilter2D() throws Exception {
    Raster img = TestImages.uint8(1, 21, 26, 9);
    Pipeline draws = Pipeline.builder().setSeed(3).add(ImageOps.motionBlur(1, 3, 9)).add(ImageOps.defocus(1, 1, 4))
        .build();
    for (int index = 0; index < 4; index++) {
      for (Step s : draws.sample(0, index, 26, 21).steps()) {
        ImageSteps.Convolve k = (ImageSteps.Convolve) s;
        String args = k.size() + " " + k.kernel().stream().map(String::valueOf).collect(Collectors.joining(" "));
        double[] cv = opencv(21, 26, img.uint8Array(), "filter", args);
        float[] ours = ours(img, k);
        for (int i = 0; i < cv.length; i++) {
          assertThat((double) ours[i]).as("%s pixel %s", k.size(), i).isCloseTo(cv[i], org.assertj.core.data.Offset
              .offset(2e-6));
        }
      }
    }
  }
}
