package dev.datamgmt.benchmarks.train;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import java.nio.file.Path;

/** Fashion-MNIST from the Debian package's IDX files, as float pixels in [0, 1] and int labels. */
final class FashionMnist {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Images (N * 784 floats, row-major) and labels. */
  record Split(float[] pixels, int[] labels) {
    int size() {
      return labels.length;
    }
  }

  private FashionMnist() {}

  static Split train(Path dir) throws DataException {
    return read(dir, "train");
  }

  static Split test(Path dir) throws DataException {
    return read(dir, "t10k");
  }

  private static Split read(Path dir, String prefix) throws DataException {
    IdxDataset d = Idx.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
    byte[] px = d.images().pixels();
    float[] f = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      f[i] = (px[i] & 0xFF) / 255f;
    }
    return new Split(f, d.labels());
  }

  /** The long-tail class sizes n_c = floor(6000 * 100^(-c/9)), scaled by {@code scale}. */
  static int[] longTailSizes(double scale) {
    int[] n = new int[10];
    for (int c = 0; c < 10; c++) {
      n[c] = Math.max(1, (int) Math.floor(Math.floor(6000 * Math.pow(100, -c / 9.0)) * scale));
    }
    return n;
  }

  /** The first {@code sizes[c]} images of each class c, in file order. */
  static Split firstPerClass(Split s, int[] sizes) {
    int total = 0;
    for (int v : sizes) {
      total += v;
    }
    float[] px = new float[total * 784];
    int[] y = new int[total];
    int[] taken = new int[sizes.length];
    int o = 0;
    for (int i = 0; i < s.size() && o < total; i++) {
      int c = s.labels()[i];
      if (taken[c] < sizes[c]) {
        taken[c]++;
        System.arraycopy(s.pixels(), i * 784, px, o * 784, 784);
        y[o++] = c;
      }
    }
    if (o != total) {
      throw new IllegalStateException("not enough images for sizes " + java.util.Arrays.toString(sizes));
    }
    return new Split(px, y);
  }

  /**
   * A held-out set from the training file: for each class, up to {@code perClass} of its images taken from the end
   * of the file, none of them among the first {@code used[c]} images of class c (the long-tailed subset's). A class
   * whose images the subset uses up (T-shirt: n_0 = 6000 of 6000) has none.
   */
  static Split lastPerClass(Split s, int[] used, int perClass) {
    int numClasses = used.length;
    int[] seen = new int[numClasses];
    int[] rank = new int[s.size()];
    for (int i = 0; i < s.size(); i++) {
      rank[i] = seen[s.labels()[i]]++;
    }
    boolean[] take = new boolean[s.size()];
    int[] taken = new int[numClasses];
    int total = 0;
    for (int i = s.size() - 1; i >= 0; i--) {
      int c = s.labels()[i];
      if (taken[c] < perClass && rank[i] >= used[c]) {
        take[i] = true;
        taken[c]++;
        total++;
      }
    }
    float[] px = new float[total * 784];
    int[] y = new int[total];
    int o = 0;
    for (int i = 0; i < s.size(); i++) {
      if (take[i]) {
        System.arraycopy(s.pixels(), i * 784, px, o * 784, 784);
        y[o++] = s.labels()[i];
      }
    }
    // disjointness, checked independently of the selection above: no held-out image is among the first used[c]
    int[] count = new int[numClasses];
    for (int i = 0; i < s.size(); i++) {
      int c = s.labels()[i];
      if (count[c]++ < used[c] && take[i]) {
        throw new IllegalStateException("held-out image " + i + " (class " + c + ") is in the training subset");
      }
    }
    return new Split(px, y);
  }

  /** The pixels standardized, {@code (x - mean) / std}. */
  static Split standardized(Split s, float mean, float std) {
    float[] px = new float[s.pixels().length];
    for (int i = 0; i < px.length; i++) {
      px[i] = (s.pixels()[i] - mean) / std;
    }
    return new Split(px, s.labels());
  }

  /** The first {@code n} samples. */
  static Split head(Split s, int n) {
    int m = Math.min(n, s.size());
    return new Split(java.util.Arrays.copyOf(s.pixels(), m * 784), java.util.Arrays.copyOf(s.labels(), m));
  }
}
