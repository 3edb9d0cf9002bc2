package dev.datamgmt.train.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/**
 * Pins down DJL 0.35.1's {@code SigmoidBinaryCrossEntropyLoss}: from logits it is right, but with
 * {@code fromSigmoid=true} (predictions already probabilities) it returns the loss with its sign flipped, so
 * minimizing it maximizes the error. Our sigmoid losses therefore take logits only. If DJL fixes the bug,
 * the second assertion fails and this note can go.
 */
class DjlBinaryCrossEntropyTest {

  @Test
  void djlBinaryCrossEntropy_fromSigmoidTrue_returnsTheNegatedLoss() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.create(new float[] {-3f, -0.5f, 0f, 0.5f, 3f});
      NDArray t = m.create(new float[] {0f, 1f, 1f, 0f, 1f});
      // -[t log s(x) + (1-t) log(1-s(x))] by hand: 0.04859, 0.97408, 0.69315, 0.97408, 0.04859; mean 0.54770
      float expected = 0.5477f;
      Loss ours = Losses.sigmoidFocal().optAlpha(-1).optGamma(0).build();
      assertThat(ours.evaluate(new NDList(t), new NDList(x)).getFloat()).isCloseTo(expected, offset(1e-4f));
      float fromLogits = Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false)
          .evaluate(new NDList(t), new NDList(x)).getFloat();
      float fromSigmoid = Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, true)
          .evaluate(new NDList(t), new NDList(Activation.sigmoid(x))).getFloat();
      assertThat(fromLogits).isCloseTo(expected, offset(1e-4f));
      assertThat(fromSigmoid).as("DJL's fromSigmoid=true branch misses a negation").isCloseTo(-expected, offset(1e-4f));
    }
  }

  @Test
  void losses_rejectBadSettings_namingTheSettingAndValue() {
    assertThatThrownBy(() -> Losses.softmaxFocal().optAlpha(new float[] {1, 0}).build())
        .hasMessageContaining("alpha[1] must be > 0").hasMessageContaining("0.0");
    assertThatThrownBy(() -> Losses.crossEntropy().optClassWeights(new float[] {1, -2}).build())
        .hasMessageContaining("classWeights[1]").hasMessageContaining("-2.0");
    assertThatThrownBy(() -> Losses.sigmoidFocal().optGamma(-1).build()).hasMessage("gamma must be finite and >= 0: -1.0");
    assertThatThrownBy(() -> Losses.sigmoidFocal().optAlpha(1.5f).build()).hasMessageContaining("1.5");
    assertThatThrownBy(() -> Losses.crossEntropy().optLabelSmoothing(1f).build())
        .hasMessage("labelSmoothing must be in [0, 1): 1.0");
    assertThatThrownBy(() -> Losses.balancedSoftmax(new long[] {3, 0}).build())
        .hasMessageContaining("classCounts[1] must be > 0: 0");
  }

  @Test
  void losses_whenPerClassVectorsDoNotMatchTheClasses_failNamingBoth() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Loss l = Losses.softmaxFocal().optAlpha(new float[] {1, 1, 1}).build();
      NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(2, 4));
      NDArray y = m.create(new float[] {0, 3});
      assertThatThrownBy(() -> l.evaluate(new NDList(y), new NDList(x)))
          .hasMessageContaining("alpha has 3 entries but the predictions have 4 classes");
    }
  }
}
