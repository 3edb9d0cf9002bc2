package dev.datamgmt.samples.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import dev.datamgmt.augment.djl.BatchTransform;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The augmentation inside a plain DJL loop: every batch goes through it, it changes images, the model learns. */
class PlainDjlTrainingTest {
  @Test
  void aPlainDjlLoop_withTheHook_augmentsEveryBatchKeyedByIndex_andLearns() throws Exception {
    BatchTransform augment = PlainDjlTraining.augmentation();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger changed = new AtomicInteger();
    Set<Long> seen = new HashSet<>();
    BatchTransform watched = (data, epoch, indices) -> {
      NDList out = augment.apply(data, epoch, indices);
      calls.incrementAndGet();
      if (!out.head().contentEquals(data.head())) {
        changed.incrementAndGet();
      }
      for (long i : indices) {
        seen.add(epoch * 1_000_000L + i);
      }
      return out;
    };
    PlainDjlTraining.Result r = PlainDjlTraining.train(1500, 2, watched);
    assertEquals(r.batches(), calls.get(), "one call per batch");
    assertEquals(2 * 1500, seen.size(), "every sample of every epoch, by its dataset index");
    assertTrue(changed.get() > calls.get() * 0.9, changed + " of " + calls + " batches changed");
    // 10 balanced classes (chance 0.1): a network that learned anything is far above it
    assertTrue(r.testAccuracy() > 0.65, "test accuracy " + r.testAccuracy());
  }
}
