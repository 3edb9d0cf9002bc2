package dev.datamgmt.augment.device;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.image.ImageOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Run by benchmarks/gpu-check.sh with {@code -Ddatamgmt.requireGpu=true}: fails unless the engine loaded a CUDA
 * build and the managers the cross-backend tests open are on {@code Device.gpu()}, so that a green run there means
 * the device backend ran on the GPU. Skipped in the ordinary build.
 */
@EnabledIfSystemProperty(named = "datamgmt.requireGpu", matches = "true")
class GpuDeviceTest {
  @Test
  void defaultManager_isOnTheGpu_andTheDeviceBackendRunsThere() throws Exception {
    assertThat(Engine.getInstance().getGpuCount()).as("GPUs the PyTorch engine sees").isPositive();
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(manager.getDevice().isGpu()).as("default device " + manager.getDevice()).isTrue();
      NDArray batch = manager.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(4, 3, 32, 32));
      NDArray out = DeviceAugmenter.of(Pipeline.builder().setSeed(1).add(ImageOps.rotate(20)).build())
          .apply(batch, 0, new long[] {0, 1, 2, 3});
      assertThat(out.getDevice()).isEqualTo(Device.gpu());
    }
  }
}
