package dev.datamgmt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine look-up: found on the test class path (the CPU artifacts), and a missing engine named with them. */
class PyTorchEngineTest {

  @Test
  void require_findsThePyTorchEngineOfTheCpuArtifacts() {
    assertThat(PyTorchEngine.require().getEngineName()).isEqualTo("PyTorch");
    assertThat(PyTorchEngine.require().getVersion()).isEqualTo("2.7.1");
  }

  @Test
  void require_whenTheEngineIsMissing_namesTheArtifactsToAdd() {
    assertThatThrownBy(() -> PyTorchEngine.require("NoSuchEngine"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("DJL engine NoSuchEngine not found (")
        .hasMessageContaining("ai.djl.pytorch:pytorch-engine:0.35.1")
        .hasMessageContaining("ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64")
        .hasMessageContaining("ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1")
        .hasMessageContaining("docs/engine.md");
  }
}
