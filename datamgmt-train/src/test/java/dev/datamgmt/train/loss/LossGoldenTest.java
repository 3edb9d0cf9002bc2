package dev.datamgmt.train.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.train.ClassWeights;
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
 * Every loss against values and gradients that PyTorch computed on the same float32 inputs
 * (src/test/python/make_golden.py wrote src/test/resources/golden/losses.json), including logits of +-30 and
 * +-80 where naive formulas overflow.
 */
class LossGoldenTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static JsonNode golden() throws Exception {
    try (InputStream in = LossGoldenTest.class.getResourceAsStream("/golden/losses.json")) {
      return Json.mapper().readTree(in);
    }
  }

  static Stream<JsonNode> cases() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    golden().get("cases").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loss_matchesPyTorch_inValueAndGradient(JsonNode c) {
    Loss loss = build(c.get("kind").asText(), c.get("params"));
    float[][] x = matrix(c.get("logits"));
    NDArray logits = manager.create(x);
    NDArray target = target(c.get("kind").asText(), c.get("target"));
    logits.setRequiresGradient(true);
    NDArray value;
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      value = loss.evaluate(new NDList(target), new NDList(logits));
      gc.backward(value.sum());
    }
    assertClose(c.get("name").asText() + " value", value.toFloatArray(), flatten(c.get("value")));
    assertClose(c.get("name").asText() + " gradient", logits.getGradient().toFloatArray(), flatten(c.get("grad")));
    assertThat(value.isNaN().any().getBoolean()).isFalse();
  }

  @Test
  void effectiveNumberWeights_matchCuiEtAlAsComputedByPyTorch() throws Exception {
    for (JsonNode e : golden().get("effectiveNumber")) {
      JsonNode countsNode = e.get("counts");
      long[] counts = new long[countsNode.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = countsNode.get(i).asLong();
      }
      float[] w = ClassWeights.effectiveNumber(counts, e.get("beta").asDouble());
      assertClose("beta " + e.get("beta"), w, flatten(e.get("weights")));
    }
  }

  @Test
  void perSample_reducesToTheSameLossAsEvaluate() throws Exception {
    float[] w = {0.5f, 2f, 1f, 1.5f};
    List<Loss> losses = List.of(Losses.crossEntropy().optClassWeights(w).optLabelSmoothing(0.1f).build(),
        Losses.softmaxFocal().optAlpha(w).build(), Losses.balancedSoftmax(new long[] {9, 5, 3, 1}).build());
    NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(16, 4)).mul(4);
    NDArray y = manager.create(new float[] {0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 1, 1, 2, 2, 3, 3});
    for (Loss l : losses) {
      PerSampleLoss p = (PerSampleLoss) l;
      NDArray per = p.perSample(new NDList(y), new NDList(x));
      assertThat(per.getShape().get(0)).isEqualTo(16);
      assertThat(p.reduce(per, new NDList(y)).getFloat())
          .isCloseTo(l.evaluate(new NDList(y), new NDList(x)).getFloat(), org.assertj.core.data.Offset.offset(1e-5f));
    }
    SigmoidFocalLoss s = Losses.sigmoidFocal().optReduction(Reduction.SUM).build();
    NDArray t = manager.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(16, 4)).gt(0.5f).toType(
        ai.djl.ndarray.types.DataType.FLOAT32, false);
    assertThat(s.reduce(s.perSample(new NDList(t), new NDList(x)), new NDList(t)).getFloat())
        .isCloseTo(s.evaluate(new NDList(t), new NDList(x)).getFloat(), org.assertj.core.data.Offset.offset(1e-4f));
  }

  static Loss build(String kind, JsonNode p) {
    Reduction r = Reduction.valueOf(p.get("reduction").asText().toUpperCase(java.util.Locale.ROOT));
    return switch (kind) {
      case "sigmoid_focal" -> Losses.sigmoidFocal().optAlpha((float) p.get("alpha").asDouble())
          .optGamma((float) p.get("gamma").asDouble()).optReduction(r)
          .optClassWeights(p.has("classWeights") ? flatten(p.get("classWeights")) : null).build();
      case "softmax_focal" -> Losses.softmaxFocal().optGamma((float) p.get("gamma").asDouble()).optReduction(r)
          .optAlpha(p.get("alpha").isNull() ? null : flatten(p.get("alpha"))).build();
      case "cross_entropy" -> Losses.crossEntropy().optReduction(r)
          .optClassWeights(p.get("classWeights").isNull() ? null : flatten(p.get("classWeights")))
          .optLabelSmoothing((float) p.get("labelSmoothing").asDouble()).build();
      case "balanced_softmax" -> {
        JsonNode cn = p.get("classCounts");
        long[] counts = new long[cn.size()];
        for (int i = 0; i < counts.length; i++) {
          counts[i] = cn.get(i).asLong();
        }
        yield Losses.balancedSoftmax(counts).optTau((float) p.get("tau").asDouble()).optReduction(r).build();
      }
      default -> throw new IllegalStateException("unknown golden kind " + kind);
    };
  }

  NDArray target(String kind, JsonNode t) {
    if (kind.equals("sigmoid_focal")) {
      return manager.create(matrix(t));
    }
    float[] y = flatten(t);
    return manager.create(y);
  }

  static float[][] matrix(JsonNode n) {
    float[][] m = new float[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = flatten(n.get(i));
    }
    return m;
  }

  static float[] flatten(JsonNode n) {
    List<Float> out = new ArrayList<>();
    collect(n, out);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void collect(JsonNode n, List<Float> out) {
    if (n.isArray()) {
      n.forEach(c -> collect(c, out));
    } else {
      out.add((float) n.asDouble());
    }
  }

  static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    for (int i = 0; i < actual.length; i++) {
      double tol = 2e-5 + 2e-5 * Math.abs(expected[i]);
      assertThat((double) actual[i]).as(what + "[" + i + "]").isCloseTo(expected[i],
          org.assertj.core.data.Offset.offset(tol));
    }
  }
}
