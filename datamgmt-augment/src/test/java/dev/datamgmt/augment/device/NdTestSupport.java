package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.image.Raster;
import java.util.List;

/** Helpers for device tests: batches from images and back, and a leak check. */
final class NdTestSupport {
  private NdTestSupport() {}

  static NDArray batch(NDManager manager, List<Raster> images) {
    Raster first = images.get(0);
    int per = first.channels() * first.height() * first.width();
    float[] all = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i).toFloatChw(), 0, all, i * per, per);
    }
    return manager.create(all, new Shape(images.size(), first.channels(), first.height(), first.width()));
  }

  static float[] sampleOf(NDArray batch, int i) {
    try (NDArray s = batch.get(i)) {
      return s.toFloatArray();
    }
  }

  /** Asserts that the manager holds exactly {@code expected} arrays (the test's own), i.e. nothing leaked. */
  static void assertNoLeak(NDManager manager, int expected) {
    assertThat(manager.getManagedArrays()).as("arrays left on the manager").hasSize(expected);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
