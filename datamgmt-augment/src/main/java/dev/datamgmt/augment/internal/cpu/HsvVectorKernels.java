package dev.datamgmt.augment.internal.cpu;

import java.util.SplittableRandom;

/**
 * The optional vector kernel of the 8-bit HSV shift: {@code HsvShiftVector}, written with the JDK's incubating
 * Vector API ({@code jdk.incubator.vector}) and compiled from {@code src/main/java-vector}. It is loaded only when
 * that module is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and only
 * if it gives the scalar kernel's bytes on a self-check at load; otherwise {@link #kernel()} is {@code null} and
 * {@link ByteKernels#hsvShiftScalar} runs. The system property {@code datamgmt.augment.vector=false} turns it off
 * with the module present. Not API.
 */
public final class HsvVectorKernels {
  private HsvVectorKernels() {}

  /** An 8-bit HSV shift implementation; see {@link ByteKernels#hsvShift(byte[], int, double, double, double)}. */
  public interface Kernel {
    /**
     * Shifts {@code x} in place as {@link ByteKernels#hsvShiftScalar} does, or returns {@code false} without
     * touching it when these shifts are outside what the kernel handles (the caller then runs the scalar kernel).
     */
    boolean hsvShift(byte[] x, int plane, double hue, double sat, double val);

    /** These shifts for ranges of pixels, or {@code null} where {@link #hsvShift} would decline them. */
    default Ranges ranges(double hue, double sat, double val) {
      return null;
    }
  }

  /** One set of shifts, applied to ranges of pixels (not thread-safe: one per thread and image). */
  public interface Ranges {
    /**
     * Shifts pixels {@code [from, end)} of the planar RGB image {@code x} (channel planes {@code stride} apart) in
     * place, for the largest {@code end <= to} that whole vectors cover, and returns {@code end}; the caller
     * shifts {@code [end, to)} with the scalar kernel.
     */
    int shift(byte[] x, int stride, int from, int to);
  }

  private static final String MODULE = "jdk.incubator.vector";
  private static final String IMPLEMENTATION = "dev.datamgmt.augment.internal.cpu.HsvShiftVector";
  private static final Kernel KERNEL = load();
  private static volatile boolean enabled = true;

  /**
   * The vector kernel, or {@code null} when the module is absent, turned off (property or {@link #setEnabled}),
   * or failed its self-check.
   */
  public static Kernel kernel() {
    return enabled ? KERNEL : null;
  }

  /** Whether the vector kernel was loaded in this JVM (whatever {@link #setEnabled} says). */
  public static boolean available() {
    return KERNEL != null;
  }

  /**
   * Turns the loaded vector kernel off ({@code false}) or on again for this JVM: for benchmarks that time both
   * kernels in one run. Results do not depend on it (both give the same bytes).
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** {@code "vector"} or {@code "scalar"}: which kernel {@link ByteKernels#hsvShift} runs now. */
  public static String active() {
    return kernel() == null ? "scalar" : "vector";
  }

  private static Kernel load() {
    if (!Boolean.parseBoolean(System.getProperty("datamgmt.augment.vector", "true"))
        || ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      Kernel k = (Kernel) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
      return selfCheck(k) ? k : null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // An incubator API that changed in this JDK, or classes built without the vector source root.
      System.getLogger(HsvVectorKernels.class.getName()).log(System.Logger.Level.WARNING,
          "8-bit HSV vector kernel unavailable, using the scalar one: " + e);
      return null;
    }
  }

  /** Both kernels on random pixels with a few shifts (and a ragged tail): the same bytes, else not used. */
  private static boolean selfCheck(Kernel k) {
    SplittableRandom rng = new SplittableRandom(20);
    int plane = 3 * 1024 + 7;
    byte[] in = new byte[3 * plane];
    rng.nextBytes(in);
    double[][] shifts = {{0, 0, 0}, {27.5, 0.1, -0.06}, {-39.9, -0.117, 0.078}};
    for (double[] s : shifts) {
      byte[] a = in.clone(), b = in.clone();
      ByteKernels.hsvShiftScalar(a, plane, s[0], s[1], s[2]);
      // These shifts' tables are plain offsets: the kernel must take them, and give the same bytes.
      if (!k.hsvShift(b, plane, s[0], s[1], s[2]) || !java.util.Arrays.equals(a, b)) {
        System.getLogger(HsvVectorKernels.class.getName()).log(System.Logger.Level.WARNING,
            "8-bit HSV vector kernel differs from the scalar one on this JVM; using the scalar one");
        return false;
      }
    }
    return true;
  }
}
