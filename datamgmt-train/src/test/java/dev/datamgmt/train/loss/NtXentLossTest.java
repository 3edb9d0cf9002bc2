package dev.datamgmt.train.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.internal.json.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NT-Xent against the value and gradient PyTorch computed on the same float32 embeddings
 * (src/test/resources/golden/make_ntxent_golden.py wrote golden/ntxent.json beside it).
 */
class NtXentLossTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static Stream<JsonNode> cases() throws Exception {
    try (InputStream in = NtXentLossTest.class.getResourceAsStream("/golden/ntxent.json")) {
      List<JsonNode> out = new ArrayList<>();
      Json.mapper().readTree(in).get("cases").forEach(out::add);
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ntXent_matchesPyTorch_inValueAndGradient(JsonNode c) {
    JsonNode zNode = c.get("z");
    float[][] z = new float[zNode.size()][];
    for (int i = 0; i < z.length; i++) {
      z[i] = new float[zNode.get(i).size()];
      for (int j = 0; j < z[i].length; j++) {
        z[i][j] = (float) zNode.get(i).get(j).asDouble();
      }
    }
    NDArray embeddings = manager.create(z);
    embeddings.setRequiresGradient(true);
    NtXentLoss loss = Losses.ntXent().optTemperature((float) c.get("temperature").asDouble()).build();
    NDArray value;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      value = loss.evaluate(new NDList(), new NDList(embeddings));
      gc.backward(value);
    }
    String name = c.get("name").asText();
    double expected = c.get("loss").asDouble();
    assertThat((double) value.getFloat()).as(name + " value").isCloseTo(expected,
        org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(expected))));
    float[] grad = embeddings.getGradient().toFloatArray();
    int k = 0;
    double max = 0;
    for (JsonNode row : c.get("grad")) {
      for (JsonNode g : row) {
        max = Math.max(max, Math.abs(g.asDouble()));
      }
    }
    for (JsonNode row : c.get("grad")) {
      for (JsonNode g : row) {
        assertThat((double) grad[k++]).as(name + " gradient " + (k - 1)).isCloseTo(g.asDouble(),
            org.assertj.core.api.Assertions.within(1e-5 * Math.max(max, 1e-3)));
      }
    }
  }

  @Test
  void ntXent_rejectsAnOddBatchAndABadTemperature() {
    NtXentLoss loss = Losses.ntXent().build();
    assertThatThrownBy(() -> loss.evaluate(new NDList(), new NDList(manager.ones(new Shape(3, 4)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NT-Xent needs embeddings (2N, D), two views of N samples: found (3, 4)");
    assertThatThrownBy(() -> Losses.ntXent().optTemperature(0f).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("temperature must be > 0 and finite: 0.0");
    assertThat(loss.describe()).containsEntry("loss", "nt-xent").containsEntry("temperature", "0.5");
  }
}
