package dev.datamgmt.train;

import ai.djl.engine.Engine;

/**
 * Finds DJL's PyTorch engine, or fails with an error that names the artifacts to add. Call it once at start-up
 * ({@code Model.newInstance(name, PyTorchEngine.require().getEngineName())}) to learn at once, in plain words, that
 * the engine is missing, instead of DJL's "No deep learning engine found." at the first array.
 *
 * <p>The CPU engine, which works offline (the native library is inside the jar), is three artifacts from Maven
 * Central:
 *
 * <pre>{@code
 * <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-engine</artifactId><version>0.35.1</version></dependency>
 * <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-native-cpu</artifactId><version>2.7.1</version>
 *   <classifier>linux-x86_64</classifier></dependency>
 * <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-jni</artifactId><version>2.7.1-0.35.1</version></dependency>
 * }</pre>
 *
 * <p>For CUDA there is no native jar of PyTorch 2.7.1 on Maven Central ({@code pytorch-native-cu128:2.7.1} and
 * {@code -cu126:2.7.1} do not exist; {@code pytorch-native-cu124} exists for PyTorch 2.5.1 only, which DJL 0.35.1's
 * {@code pytorch-jni:2.7.1-0.35.1} does not match). Keep {@code pytorch-engine} and {@code pytorch-jni}, leave out
 * the native jar, and set {@code PYTORCH_FLAVOR} to a CUDA flavor; DJL then downloads the natives from its own site
 * at first use, which needs the network once (not with {@code ai.djl.offline=true}) and caches them under
 * {@code ~/.djl.ai}. docs/engine.md in the repository says the same.
 */
public final class PyTorchEngine {
  /** The Maven coordinates of the CPU engine, as the error message and the README give them. */
  public static final String CPU_ARTIFACTS = "ai.djl.pytorch:pytorch-engine:0.35.1, "
      + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1";

  private PyTorchEngine() {}

  /**
   * DJL's PyTorch engine.
   *
   * @throws IllegalStateException if DJL finds no PyTorch engine, naming the artifacts to add
   */
  public static Engine require() {
    return require("PyTorch");
  }

  static Engine require(String name) {
    try {
      return Engine.getEngine(name);
    } catch (RuntimeException e) {
      throw new IllegalStateException("DJL engine " + name + " not found (" + e.getMessage() + "): expected it on"
          + " the class path; add " + CPU_ARTIFACTS + " for the CPU (works offline), or see the javadoc of "
          + PyTorchEngine.class.getName() + " and docs/engine.md (\"The DJL engine\" in README.md) for CUDA", e);
    }
  }
}
