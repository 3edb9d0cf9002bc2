package dev.datamgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Proves the DJL PyTorch engine loads from the bundled native jar, with no network, and computes on the CPU. */
class DjlEngineSmokeTest {

  @Test
  void pytorchEngine_loadsOffline_andComputesOnTheCpu() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = Engine.getEngine("PyTorch");
    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(engine.getVersion()).startsWith("2.7.1");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray a = manager.arange(12f).reshape(3, 4);
      NDArray b = manager.ones(new Shape(4, 2));
      NDArray c = a.matMul(b);
      assertThat(c.getShape()).isEqualTo(new Shape(3, 2));
      assertThat(c.getDataType()).isEqualTo(DataType.FLOAT32);
      // row sums of 0..11 in rows of 4: 6, 22, 38
      assertThat(c.toFloatArray()).containsExactly(6f, 6f, 22f, 22f, 38f, 38f);
      assertThat(c.getDevice()).isEqualTo(Device.cpu());
    }
  }

  @Test
  void gradients_flowThroughTheEngine() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (ai.djl.training.GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray y = x.mul(x).sum();
        gc.backward(y);
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(2f, 4f, 6f);
    }
  }
}
