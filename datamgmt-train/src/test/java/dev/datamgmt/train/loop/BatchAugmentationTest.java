package dev.datamgmt.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class BatchAugmentationTest {
  @Test
  void describedAs_runsTheHook_andDescribesItAsGiven() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.create(new float[] {1, 2, 3});
      int[] seenEpoch = {-1};
      BatchAugmentation a = BatchAugmentation.describedAs("{\"pipeline\":1}", (data, epoch, idx) -> {
        seenEpoch[0] = epoch;
        return new NDList(data.head().mul(idx.length));
      });
      NDList out = a.apply(new NDList(x), 4, new long[] {7, 8});
      assertThat(out.head().toFloatArray()).containsExactly(2f, 4f, 6f);
      assertThat(seenEpoch[0]).isEqualTo(4);
      assertThat(a.describe()).isEqualTo("{\"pipeline\":1}");
    }
    assertThatThrownBy(() -> BatchAugmentation.describedAs(null, (d, e, i) -> d)).isInstanceOf(NullPointerException.class);
  }
}
