package dev.datamgmt.samples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training sample on a small long-tailed set: it learns every class and its model traces to its version. */
class LongTailTrainingTest {
  @Test
  void training_onALongTail_learnsBeyondChance_andTheModelTracesToItsVersion(@TempDir Path dir) throws Exception {
    LongTailTraining.Result r = LongTailTraining.run(dir, 200, 10, 2);
    assertArrayEquals(new int[] {200, 155, 120, 93, 72, 56, 43, 33, 26, 20}, r.trainPerClass());
    // 10 classes (chance 0.1); the rarest class has 20 images, a tenth of the largest
    assertTrue(r.balancedAccuracy() > 0.55, "balanced accuracy " + r.balancedAccuracy());
    assertTrue(r.smallestClassRecall() > 0.3, "smallest-class recall " + r.smallestClassRecall());
    assertEquals(r.versionId(), r.tracedVersionId());
    assertTrue(Files.exists(dir.resolve("model").resolve("lineage.json")));
  }
}
